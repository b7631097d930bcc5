/**
 * Find a cited passage in a page's text, forgivingly: the engine's chunk
 * text and the page's text items differ in whitespace, hyphenation, ligatures
 * and line breaks, so both are reduced to lower-case words and matched as
 * runs of words (three in a row), not as exact strings.
 */

interface Token {
  word: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    tokens.push({
      word: match[0].normalize('NFKC').toLowerCase(),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return tokens;
}

/** Words of the page that fall inside the passage, as runs of at least `n` words in the passage's order. */
export function matchWords(page: string[], passage: string[]): boolean[] {
  const marked = new Array<boolean>(page.length).fill(false);
  if (!page.length || !passage.length) return marked;
  const n = Math.min(3, passage.length);
  const grams = new Set<string>();
  for (let i = 0; i + n <= passage.length; i++) grams.add(passage.slice(i, i + n).join(' '));
  for (let i = 0; i + n <= page.length; i++) {
    if (grams.has(page.slice(i, i + n).join(' '))) marked.fill(true, i, i + n);
  }
  return keepMainClusters(marked, n);
}

/** Close small gaps inside the passage and drop stray short matches (a common phrase elsewhere on the page). */
function keepMainClusters(marked: boolean[], n: number): boolean[] {
  const GAP = 4;
  const clusters: Array<{ start: number; end: number; hits: number }> = [];
  for (let i = 0; i < marked.length; i++) {
    if (!marked[i]) continue;
    const last = clusters.at(-1);
    if (last && i - last.end <= GAP) {
      last.end = i + 1;
      last.hits += 1;
    } else clusters.push({ start: i, end: i + 1, hits: 1 });
  }
  if (!clusters.length) return marked;
  const largest = Math.max(...clusters.map((c) => c.hits));
  const floor = Math.max(n + 3, largest * 0.2);
  const out = new Array<boolean>(marked.length).fill(false);
  for (const c of clusters) {
    if (c.hits === largest || c.hits >= floor) out.fill(true, c.start, c.end);
  }
  return out;
}

/** Part of one text item to highlight: its index and the share of its width, 0..1. */
export interface ItemRange {
  index: number;
  from: number;
  to: number;
}

/**
 * Which of a page's text items (pdf.js `str`s, in reading order) hold the
 * passage, and which part of each: empty when the passage is not on the page.
 */
export function highlightItems(items: string[], passage: string): ItemRange[] {
  const owners: number[] = [];
  const tokens: Token[] = [];
  items.forEach((str, index) => {
    for (const token of tokenize(str)) {
      tokens.push(token);
      owners.push(index);
    }
  });
  const marked = matchWords(
    tokens.map((t) => t.word),
    tokenize(passage).map((t) => t.word),
  );
  const ranges = new Map<number, { start: number; end: number }>();
  marked.forEach((hit, i) => {
    if (!hit) return;
    const index = owners[i]!;
    const token = tokens[i]!;
    const range = ranges.get(index);
    if (range) range.end = token.end;
    else ranges.set(index, { start: token.start, end: token.end });
  });
  return [...ranges].map(([index, { start, end }]) => {
    const length = items[index]!.length || 1;
    // A range that reaches an item's first or last word covers the item to its edge (spaces included).
    const first = tokenize(items[index]!)[0];
    const last = tokenize(items[index]!).at(-1);
    return {
      index,
      from: first && start <= first.start ? 0 : start / length,
      to: last && end >= last.end ? 1 : end / length,
    };
  });
}

/** Where the passage is in a whole text, as character offsets of its largest matching run; null if absent. */
export function findPassage(text: string, passage: string): { start: number; end: number } | null {
  const tokens = tokenize(text);
  const marked = matchWords(
    tokens.map((t) => t.word),
    tokenize(passage).map((t) => t.word),
  );
  let best: { start: number; end: number; hits: number } | null = null;
  let i = 0;
  while (i < marked.length) {
    if (!marked[i]) {
      i += 1;
      continue;
    }
    const from = i;
    while (i < marked.length && marked[i]) i += 1;
    if (!best || i - from > best.hits) best = { start: tokens[from]!.start, end: tokens[i - 1]!.end, hits: i - from };
  }
  return best ? { start: best.start, end: best.end } : null;
}
