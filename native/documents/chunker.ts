/**
 * Split a parsed document into chunks by tokens, with overlap, never across
 * documents. Each chunk keeps its page span and the nearest heading above it.
 */

export interface ChunkInputPage {
  page: number;
  text: string;
  headings: Array<{ offset: number; level: number; text: string }>;
}

export interface Chunk {
  seq: number;
  pageStart: number;
  pageEnd: number;
  heading: string | null;
  text: string;
  tokenCount: number;
}

export interface ChunkOptions {
  /** Tokens per chunk at most (the embedding model's context bounds it). */
  maxTokens: number;
  /** Tokens repeated from the end of one chunk at the start of the next. */
  overlapTokens: number;
  countTokens(text: string): number;
}

interface Piece {
  text: string;
  page: number;
  heading: string | null;
  tokens: number;
}

export function chunkPages(pages: ChunkInputPage[], options: ChunkOptions): Chunk[] {
  const pieces = toPieces(pages, options);
  const chunks: Chunk[] = [];
  let current: Piece[] = [];
  let tokens = 0;
  /** Pieces added since the last chunk: a chunk of overlap alone says nothing new. */
  let fresh = 0;
  const flush = (): void => {
    if (!fresh) return;
    const text = current
      .map((p) => p.text)
      .join(joiner(current))
      .replace(/[ \t]+\n/g, '\n')
      .trim();
    if (text) {
      chunks.push({
        seq: chunks.length,
        pageStart: current[0]!.page,
        pageEnd: current.at(-1)!.page,
        heading: current.find((p) => p.heading)?.heading ?? null,
        text,
        tokenCount: options.countTokens(text),
      });
    }
    // Overlap: keep the last pieces up to the overlap budget.
    const kept: Piece[] = [];
    let keptTokens = 0;
    for (let i = current.length - 1; i >= 0 && keptTokens + current[i]!.tokens <= options.overlapTokens; i--) {
      kept.unshift(current[i]!);
      keptTokens += current[i]!.tokens;
    }
    current = kept.length === current.length ? [] : kept;
    tokens = current.reduce((sum, p) => sum + p.tokens, 0);
    fresh = 0;
  };
  for (const piece of pieces) {
    if (tokens + piece.tokens > options.maxTokens && fresh) flush();
    // The overlap plus a large piece may still not fit: drop overlap first.
    while (current.length && tokens + piece.tokens > options.maxTokens) tokens -= current.shift()!.tokens;
    current.push(piece);
    tokens += piece.tokens;
    fresh += 1;
  }
  flush();
  return chunks;
}

/** CJK text has no spaces between sentences or cut pieces: join it without one. */
function joiner(pieces: Piece[]): string {
  return pieces.every((p) => /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(p.text))
    ? ''
    : ' ';
}

/** Sentences (or hard-split runs) small enough to fit a chunk, tagged with page and heading. */
function toPieces(pages: ChunkInputPage[], options: ChunkOptions): Piece[] {
  const pieces: Piece[] = [];
  let heading: string | null = null;
  for (const page of pages) {
    const headings = [...page.headings].sort((a, b) => a.offset - b.offset);
    let h = 0;
    for (const { text, offset } of sentences(page.text)) {
      while (h < headings.length && headings[h]!.offset <= offset) heading = headings[h++]!.text.trim() || heading;
      for (const part of fitToBudget(text, options)) {
        pieces.push({ text: part, page: page.page, heading, tokens: options.countTokens(part) });
      }
    }
  }
  return pieces;
}

/** Split text into sentence-like units, keeping line breaks of paragraphs. */
function sentences(text: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  // A sentence ends at . ! ? followed by space or the end, at 。！？ (CJK has no spaces), or at a line break.
  // A dot inside a word (2.5 mg, www.nhs.uk, e.g.x) does not end it, and no character is ever dropped.
  const pattern = /(?:[^\n.!?。！？]|[.!?]+(?![.!?]|\s|$))*(?:[.!?]+(?=\s|$)|[。！？]+|\n+|$)/gu;
  for (const match of text.matchAll(pattern)) {
    const value = match[0];
    if (!value.trim()) continue;
    out.push({ text: value.trim(), offset: match.index ?? 0 });
  }
  return out;
}

/** A sentence longer than a chunk (tables, CJK without punctuation) is cut by characters. */
function fitToBudget(text: string, options: ChunkOptions): string[] {
  if (options.countTokens(text) <= options.maxTokens) return [text];
  const parts: string[] = [];
  const chars = [...text];
  // Estimate characters per token from the whole, then cut and check.
  const perToken = Math.max(1, Math.floor(chars.length / options.countTokens(text)));
  let size = Math.max(1, perToken * Math.floor(options.maxTokens * 0.9));
  for (let i = 0; i < chars.length;) {
    let piece = chars.slice(i, i + size).join('');
    while (size > 1 && options.countTokens(piece) > options.maxTokens) {
      size = Math.floor(size * 0.8);
      piece = chars.slice(i, i + size).join('');
    }
    parts.push(piece);
    i += size;
  }
  return parts;
}
