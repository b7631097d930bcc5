/** Text helpers for indexing and search. */

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;

/** Chinese, Japanese or Korean characters: words are not separated by spaces. */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/**
 * What the word index stores and searches: unicode61 with remove_diacritics
 * folds most accents (Vietnamese tones included), but "đ" is a letter of its
 * own, not a d with a mark, so it is folded here for text and query alike.
 */
export function normalizeForIndex(text: string): string {
  return text.normalize('NFC').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * User text as an FTS5 word query: terms OR-ed (BM25 ranks documents that
 * have more of them first), each quoted so punctuation cannot break the syntax.
 */
export function wordQuery(text: string): string {
  return wordTerms(text).join(' OR ');
}

/** The query's words as quoted FTS5 phrases, each once, stop words left out. */
export function wordTerms(text: string): string[] {
  const words = normalizeForIndex(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words.map((w) => w.toLowerCase()))].filter((w) => !STOPWORDS.has(w));
  return unique.map((w) => `"${w}"`);
}

/** Trigram query for CJK text: every run of 3+ characters as a phrase, OR-ed. */
export function trigramQuery(text: string): string {
  const runs = text.match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  const grams = new Set<string>();
  for (const run of runs) {
    // Long runs are split into overlapping 3-character pieces so a partial match still scores.
    const chars = [...run];
    if (chars.length <= 6) grams.add(run);
    else for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  }
  return [...grams].map((g) => `"${g.replace(/"/g, '""')}"`).join(' OR ');
}

/** Two-character CJK words, which trigrams cannot match: searched with LIKE instead. */
export function shortCjkTerms(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => hasCjk(w) && [...w].length < 3);
}

const STOPWORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were what when where which who why with how does do did can about into than then there these those their them they you your i me my we our'.split(
    ' ',
  ),
);
