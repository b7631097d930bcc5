import type { Citation } from '../api/documents.js';

/**
 * Citations a reader can trust, checked against the sources rather than taken from
 * the model. Small models cite badly: on the evaluation Qwen2.5 0.5B often cited every
 * source at once ("[1][2][3][4][5]") or the wrong one, and invented numbers that no
 * source holds. After an answer is written, each sentence's claim is compared with the
 * sources by the words and numbers they share (lexical support, as post-hoc attribution
 * systems do), and:
 * - a citation whose source does not support its sentence is moved to the source that
 *   does, and a list of citations is cut to the ones that support it;
 * - a sentence with no citation gets one when a source clearly supports it;
 * - an answer whose numbers appear in no source (and not in the question) is withheld:
 *   a made-up dose is worse than no answer;
 * - a citation of a source that was not given ([9] of 7) is dropped, and so is a run of
 *   citations on a sentence that states nothing to check ("The answer is [1] - [2] - [3]");
 * - a sentence repeated word for word (a small model's loop) is shown once, and a reply that
 *   only recites the question or the sources' names and pages is not shown.
 */

export interface Attributed {
  text: string;
  /** Set when the answer was withheld: its numbers are in none of the sources. */
  unsupported: string[] | null;
  /** The answer only restates the question ("the survival rate is [1]."): it says nothing. */
  empty?: boolean;
}

/** Support a cited source needs to keep its citation (share of the sentence's terms it holds). */
const KEEP = 0.5;
/** Support that earns an uncited sentence a citation, or moves a citation to another source. */
const ADD = 0.6;

const STOP = new Set(
  (
    'the and for are was were with that this from have has had not but you your they their there which what when ' +
    'where who how why into than then them these those been being also such can could would should may might will ' +
    'about after before other more most some any each only very over under between during without within sources ' +
    'source document documents answer question according does usually typically generally based information ' +
    'provided given mentioned stated states text passage passages following approximately around about'
  ).split(' '),
);

const NUMBER_WORDS: Record<string, string> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  fifteen: '15',
  twenty: '20',
  thirty: '30',
  forty: '40',
  fifty: '50',
  hundred: '100',
};

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(\d),(\d{3})\b/g, '$1$2') // 2,900 -> 2900
    .replace(/(\d),(\d)/g, '$1.$2'); // 2,5 -> 2.5
}

/** The numbers a text states (number words read as digits). */
export function numbersIn(text: string): string[] {
  const folded = fold(text);
  const digits = folded.match(/\d+(?:\.\d+)?/g) ?? [];
  const words = (folded.match(/\p{L}+/gu) ?? []).flatMap((w) => (NUMBER_WORDS[w] ? [NUMBER_WORDS[w]] : []));
  return [...new Set([...digits, ...words])];
}

/** The content terms of a claim: numbers, words of 4+ letters that are not stop words, CJK character pairs. */
function terms(text: string): string[] {
  const folded = fold(text).replace(/\[\d+(?:\s*,\s*\d+)*\]/g, ' ');
  const words = (folded.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []).filter(
    (w) => !CJK.test(w) && w.length >= 4 && !STOP.has(w) && !/^\d/.test(w),
  );
  const cjk = [
    ...folded.matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{2,}/gu),
  ].flatMap((m) => [...m[0]].slice(0, -1).map((c, i) => c + m[0][i + 1]!));
  return [...new Set([...numbersIn(folded), ...words, ...cjk])];
}

interface Source {
  n: number;
  folded: string;
  numbers: Set<string>;
}

/** The share of a claim's terms a source holds (numbers count double: they are what a clinician acts on). */
function support(claim: string[], source: Source): number {
  let held = 0;
  let total = 0;
  for (const term of claim) {
    const weight = /^\d/.test(term) ? 2 : 1;
    total += weight;
    const found = /^\d/.test(term) ? source.numbers.has(term) : source.folded.includes(term);
    if (found) held += weight;
  }
  return total ? held / total : 0;
}

/**
 * Sentences with their ending and trailing citations kept, so that joining them gives the
 * text back exactly. A dot inside a word (booklet.pdf, 2.5 mg, e.g.x) does not end one.
 */
function sentences(text: string): string[] {
  const pattern =
    /(?:[^\n.!?。！？]|[.!?]+(?![.!?]|\s|$))*(?:[.!?]+(?=\s|$)|[。！？]+|\n+|$)(?:\s*\[\d+(?:\s*,\s*\d+)*\])*\s*/gu;
  const parts = (text.match(pattern) ?? []).filter(Boolean);
  return parts.join('') === text ? parts : [text];
}

// A citation mark: [3], [1, 2] or 【2】, and what may stand between marks in a run ("[1] - [2]").
const OPEN = '[[【]';
const CLOSE = '[\\]】]';
const LIST = String.raw`\d+(?:\s*[,，、]\s*\d+)*`;
const BETWEEN = '[-–—,;，、；]';

/** A citation mark and the space before it; group 1 is its list of numbers. */
const MARK = new RegExp(String.raw`\s*${OPEN}\s*(${LIST})\s*${CLOSE}`, 'gu');

/** Two or more citation marks in a row, with the dashes, commas or semicolons between them. */
const MARK_RUN = new RegExp(
  String.raw`\s*${OPEN}\s*${LIST}\s*${CLOSE}(?:\s*${BETWEEN}?\s*${OPEN}\s*${LIST}\s*${CLOSE})+`,
  'gu',
);

/** A mark with what may stand before it: group 1 a separator, group 2 space, group 3 the numbers. */
const MARK_AFTER = new RegExp(String.raw`(\s*${BETWEEN})?(\s*)${OPEN}\s*(${LIST})\s*${CLOSE}`, 'gu');

/** The numbers of a mark's list ("1, 2" or "1、2"). */
function numbersOf(list: string): number[] {
  return list.split(/[,，、]/).map((n) => Number(n.trim()));
}

/** Each [n] with the numbers that are not a given source taken out (a mark left empty goes, with a dash before it). */
function dropUnknown(text: string, known: Set<number>): string {
  return text.replace(MARK_AFTER, (whole, separator: string | undefined, space: string, list: string) => {
    const numbers = numbersOf(list);
    const kept = numbers.filter((n) => known.has(n));
    if (kept.length === numbers.length) return whole;
    return kept.length ? `${separator ?? ''}${space}[${kept.join(', ')}]` : '';
  });
}

/** Put citation marks at the end of a sentence, before its closing punctuation. */
function withMarks(sentence: string, marks: number[]): string {
  const bare = sentence.replace(MARK_RUN, '').replace(MARK, '');
  if (!marks.length) return bare;
  const tags = marks.map((n) => `[${n}]`).join('');
  const match = /^(.*?)([.!?。！？]*)(\s*)$/su.exec(bare)!;
  return `${match[1]!.trimEnd()} ${tags}${match[2]}${match[3]}`;
}

export function attribute(answer: string, question: string, citations: Citation[]): Attributed {
  if (!citations.length) return { text: answer, unsupported: null };
  // A source's header (its file name and pages, which the prompt shows) counts as part of it.
  const sources: Source[] = citations.map((c) => {
    const header = `${c.name} ${c.pageStart} ${c.pageEnd}`;
    return { n: c.n, folded: fold(`${header} ${c.text}`), numbers: new Set(numbersIn(`${header} ${c.text}`)) };
  });
  // An answer that adds no word or number to the question's, or to the sources' names and
  // pages (a small model may recite the list of sources), says nothing, whatever it cites.
  const askedTerms = new Set([
    ...terms(question),
    ...citations.flatMap((c) =>
      terms(`${c.name} ${c.name.replace(/[-_.]+/g, ' ')} page pages ${c.pageStart} ${c.pageEnd}`),
    ),
  ]);
  if (!terms(answer).some((t) => !askedTerms.has(t))) return { text: answer, unsupported: null, empty: true };
  // Numbers the answer states that no source holds (the question's own do not count).
  const asked = new Set(numbersIn(question));
  const stated = numbersIn(answer.replace(MARK, ' ')).filter((n) => !asked.has(n));
  const missing = stated.filter((n) => !sources.some((s) => s.numbers.has(n)));
  if (stated.length && missing.length === stated.length) return { text: answer, unsupported: missing };

  const seen = new Set<string>();
  const text = sentences(dropUnknown(answer, new Set(sources.map((s) => s.n))))
    // A sentence said again word for word (a small model's loop) is shown once.
    .filter((sentence) => {
      const key = fold(sentence.replace(MARK, '')).replace(/\s+/g, ' ').trim();
      if (key.length < 20) return true;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((sentence) => {
      const cited = [...sentence.matchAll(MARK)].flatMap((m) => numbersOf(m[1]!));
      const claim = terms(sentence);
      // Nothing to check ("I hope this helps."): kept as written, but a run of citations on it backs nothing.
      if (claim.length < 2) return sentence.replace(MARK_RUN, '');
      const scored = sources.map((s) => ({ n: s.n, score: support(claim, s) })).sort((a, b) => b.score - a.score);
      const best = scored[0]!;
      const keep = scored
        .filter((s) => cited.includes(s.n) && s.score >= KEEP && s.score >= best.score - 0.15)
        .map((s) => s.n);
      if (keep.length)
        return keep.length === cited.length
          ? sentence
          : withMarks(
              sentence,
              keep.sort((a, b) => a - b),
            );
      if (best.score >= ADD) return withMarks(sentence, [best.n]);
      return sentence;
    })
    .join('');
  return { text, unsupported: null };
}

/** What replaces a reply that only restates the question. */
export const SAID_NOTHING =
  'The passages found do not state this clearly, so I will not guess. The closest passages are listed below; ' +
  'open them to check, or ask in other words.';

/** What replaces an answer whose numbers are in none of its sources. */
export function withheld(numbers: string[]): string {
  const list = numbers.slice(0, 3).join(', ');
  return (
    `The documents do not contain a clear answer to this, so I will not guess: the model's answer gave ${list}, ` +
    'which none of the passages found says. The closest passages are listed below; open them to check, or ask in other words.'
  );
}

/**
 * A grounded answer as it is saved and shown: citations checked and repaired, or the
 * answer replaced (with a notice saying why) when it cannot be checked or says nothing.
 */
export function checkAnswer(
  text: string,
  question: string,
  citations: Citation[],
): { content: string; notice: string | null } {
  const checked = attribute(text, question, citations);
  if (checked.unsupported)
    return {
      content: withheld(checked.unsupported),
      notice: 'The answer was withheld because it could not be checked against your documents.',
    };
  if (checked.empty)
    return {
      content: SAID_NOTHING,
      notice: 'The model’s reply only repeated the question or listed the sources, so it is not shown.',
    };
  return { content: checked.text, notice: null };
}
