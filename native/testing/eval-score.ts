/**
 * How `npm run eval` (and the real-model test) judge one question: a retrieval hit,
 * a correct answer, a supported citation, an abstention. Pure functions over text,
 * so the rules are the same wherever they run and can be tested on their own.
 */

export interface EvalQuestion {
  id: string;
  kind: string;
  question: string;
  /** The answering document, relative to the corpus folder (the nearest one for absent questions). */
  document: string;
  /** The physical page (1-based) for PDFs; null for other formats and absent questions. */
  page: number | null;
  /** Strings that the answering passage contains (empty for absent questions). */
  expect: string[];
  /** Any one of these in the answer makes it correct (empty for absent questions). */
  answer: string[];
  lang: string;
  /** A scanned page whose OCR is known to be wrong today (the answer cannot be found yet). */
  ocrKnownBroken?: boolean;
}

export interface Passage {
  /** The path as ingested, or the file name. */
  document: string;
  pageStart: number;
  pageEnd: number;
  text: string;
}

export const isAbsent = (q: Pick<EvalQuestion, 'kind'>): boolean => q.kind === 'absent';

/**
 * Text compared without case, width or spacing: NFKC, lower case, no white space at
 * all (PDF text of CJK pages often has a space between characters, and a line break
 * may fall inside an expected phrase), soft hyphens dropped, typographic quotes and
 * dashes made plain, and a decimal comma read as a point (2,5 mg = 2.5 mg).
 */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\u00ad/g, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/(\d),(\d)/g, '$1.$2')
    .replace(/\s+/g, '');
}

export function containsAny(text: string, needles: string[]): boolean {
  const hay = normalise(text);
  return needles.some((n) => hay.includes(normalise(n)));
}

function sameDocument(passage: Passage, q: EvalQuestion): boolean {
  const a = passage.document.replace(/\\/g, '/');
  return a === q.document || a.endsWith(`/${q.document}`) || a.endsWith(`/${q.document.split('/').pop()}`);
}

/** A passage answers the question: the right document, the right page, and one of the expected strings. */
export function answersQuestion(passage: Passage, q: EvalQuestion): boolean {
  if (isAbsent(q) || !sameDocument(passage, q)) return false;
  if (q.page !== null && (q.page < passage.pageStart || q.page > passage.pageEnd)) return false;
  return q.expect.length === 0 || containsAny(passage.text, q.expect);
}

/** The 1-based rank of the first passage that answers the question, or null. */
export function firstHit(passages: Passage[], q: EvalQuestion): number | null {
  const at = passages.findIndex((p) => answersQuestion(p, q));
  return at < 0 ? null : at + 1;
}

/** The citation numbers an answer uses: [1], [2, 3], [1][4], 【1】. */
export function citedNumbers(answer: string): number[] {
  const found = new Set<number>();
  for (const m of answer.matchAll(/[[【]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]】]/g))
    for (const n of m[1]!.split(/[,，、]/)) found.add(Number(n.trim()));
  return [...found].filter((n) => Number.isInteger(n) && n > 0);
}

const ABSTAIN = [
  /\b(?:do(?:es)?n['’]?t|do(?:es)? not|cannot|can['’]?t|could not|couldn['’]?t|unable to|is not able to)\b[^.?!\n]{0,60}\b(?:contain|mention|include|provide|find|answer|say|state|specify|give|cover|describe|discuss|determine|know)/i,
  /\b(?:no|not any)\s+(?:specific\s+|relevant\s+|such\s+)?(?:information|mention|details?|data|answer|reference|record)\b/i,
  /\bnot\s+(?:mentioned|found|provided|stated|specified|included|available|contained|given|covered|described|present)\b/i,
  /\bwill not guess\b/i,
  /没有(?:提到|提及|包含|相关|找到|涉及|说明)|未(?:提及|提到|包含|找到|说明)|不包含|无法(?:回答|找到|确定)/,
  /(?:記載|言及|含まれて)(?:されて)?いません|見つかりません|わかりません/,
  /không\s+(?:có\s+thông\s+tin|chứa|đề\s+cập|tìm\s+thấy|nêu|cung\s+cấp)/i,
  /(?:포함되어|언급되어|나와|명시되어)\s*있지\s*않|찾을\s*수\s*없|정보가\s*없/,
];

/** Whether an answer says the documents do not hold the answer (in English, Chinese, Japanese, Korean or Vietnamese). */
export function abstains(answer: string): boolean {
  return ABSTAIN.some((re) => re.test(answer));
}

export interface AnswerJudgement {
  abstained: boolean;
  /** Answerable questions: the answer states the fact. */
  correct: boolean | null;
  /** Citation numbers used, and how many of them point at a passage that supports the answer. */
  cited: number;
  supported: number;
}

/** Judge an answer and the passages its [n] point at (citations[n - 1]). */
export function judgeAnswer(answer: string, citations: Passage[], q: EvalQuestion): AnswerJudgement {
  const abstained = abstains(answer);
  const numbers = citedNumbers(answer);
  const supported = numbers.filter((n) => {
    const passage = citations[n - 1];
    return passage !== undefined && !isAbsent(q) && sameDocument(passage, q) && containsAny(passage.text, q.expect);
  }).length;
  return {
    abstained,
    correct: isAbsent(q) ? null : containsAny(answer, q.answer),
    cited: numbers.length,
    supported,
  };
}
