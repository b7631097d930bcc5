/**
 * Formats without pages (DOCX, HTML, Markdown, TXT, CSV) are cut into
 * "pages" of about 3,000 characters at paragraph boundaries, so a citation
 * can still point somewhere specific. Headings keep their offsets.
 */
import type { ParsedHeading, ParsedPage } from './types.js';

export const SECTION_TARGET_CHARS = 3000;

/** Builds plain text block by block while recording heading offsets. */
export class TextBuilder {
  private parts: string[] = [];
  private length = 0;
  /** Trailing newlines currently at the end of the text (0, 1 or 2). */
  private trailingNewlines = 2;
  readonly headings: ParsedHeading[] = [];

  /** Append inline text (caller has already collapsed whitespace as wanted). */
  append(text: string): void {
    if (!text) return;
    if (this.trailingNewlines > 0) text = text.replace(/^[ \t]+/, '');
    if (!text) return;
    this.parts.push(text);
    this.length += text.length;
    const m = /\n*$/.exec(text);
    const nl = m ? m[0].length : 0;
    this.trailingNewlines = nl === text.length ? Math.min(2, this.trailingNewlines + nl) : Math.min(2, nl);
  }

  private newlines(count: 1 | 2): void {
    if (this.length === 0) return;
    this.trimTrailingSpaces();
    while (this.trailingNewlines < count) {
      this.parts.push('\n');
      this.length += 1;
      this.trailingNewlines++;
    }
  }

  private trimTrailingSpaces(): void {
    while (this.parts.length) {
      const last = this.parts[this.parts.length - 1]!;
      const trimmed = last.replace(/[ \t]+$/, '');
      if (trimmed === last) return;
      this.length -= last.length - trimmed.length;
      if (trimmed) {
        this.parts[this.parts.length - 1] = trimmed;
        return;
      }
      this.parts.pop();
    }
  }

  lineBreak(): void {
    this.newlines(1);
  }

  paragraphBreak(): void {
    this.newlines(2);
  }

  /** Current end offset, after any pending paragraph break. */
  get offset(): number {
    return this.length;
  }

  /** A heading on its own paragraph. */
  heading(level: number, text: string): void {
    const clean = text.replace(/\s+/g, ' ').trim();
    if (!clean) return;
    this.paragraphBreak();
    this.headings.push({ offset: this.length, level, text: clean });
    this.append(clean);
    this.paragraphBreak();
  }

  /** Record a heading whose text was appended since `offset`. */
  markHeading(offset: number, level: number): void {
    const text = this.toString().slice(offset).replace(/\s+/g, ' ').trim();
    if (!text) return;
    const lead = this.toString().slice(offset).search(/\S/);
    this.headings.push({ offset: offset + Math.max(0, lead), level, text: text.slice(0, 300) });
  }

  toString(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }
}

function lastBreakIn(text: string, pattern: RegExp, from: number, to: number): number {
  // Position just after the last match of pattern whose end lies in (from, to].
  const window = text.slice(from, to);
  let best = -1;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(window); m; m = pattern.exec(window)) {
    const end = m.index + m[0].length;
    if (end > 0) best = from + end;
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return best;
}

/**
 * Split text into sections of about `target` characters, cutting at a
 * paragraph boundary (preferably just before a heading), else a line break,
 * else a space. Sections are trimmed; heading offsets are rebased.
 */
export function splitIntoSections(
  text: string,
  headings: ParsedHeading[],
  target = SECTION_TARGET_CHARS,
): ParsedPage[] {
  const cuts: number[] = [];
  let start = 0;
  while (text.length - start > target) {
    const limit = start + target;
    const minimum = start + Math.floor(target * 0.4);
    let cut = -1;
    // Prefer a paragraph boundary right before a heading in the second half.
    const halfway = start + Math.floor(target * 0.5);
    for (const h of headings) {
      if (
        h.offset > halfway &&
        h.offset <= limit &&
        h.offset > start &&
        /\n\s*$/.test(text.slice(Math.max(start, h.offset - 3), h.offset))
      )
        cut = h.offset;
    }
    // A paragraph end, else a line end, in the back part of the window; then the same earlier on
    // (a shorter section beats cutting a paragraph or a CSV row); then a space; then anywhere.
    const early = start + Math.floor(target * 0.1);
    if (cut < 0) cut = lastBreakIn(text, /\n[ \t]*\n\s*/g, minimum, limit);
    if (cut < 0) cut = lastBreakIn(text, /\n\s*/g, minimum, limit);
    if (cut < 0) cut = lastBreakIn(text, /\n[ \t]*\n\s*/g, early, minimum);
    if (cut < 0) cut = lastBreakIn(text, /\n\s*/g, early, minimum);
    if (cut < 0) cut = lastBreakIn(text, /\s+/g, minimum, limit);
    if (cut < 0 || cut <= start) cut = limit;
    // Never cut inside a surrogate pair.
    if (cut < text.length && /[\uDC00-\uDFFF]/.test(text[cut] ?? '')) cut--;
    cuts.push(cut);
    start = cut;
  }
  const bounds = [0, ...cuts, text.length];
  const pages: ParsedPage[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const s = bounds[i]!;
    const e = bounds[i + 1]!;
    const raw = text.slice(s, e);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (!body) continue;
    const begin = s + lead;
    const end = begin + body.length;
    const own = headings
      .filter((h) => h.offset >= begin && h.offset < end)
      .map((h) => ({ offset: h.offset - begin, level: h.level, text: h.text }));
    pages.push({ page: pages.length + 1, text: body, ocr: false, headings: own });
  }
  return pages;
}

/** NFC-normalise a page (decomposed Vietnamese and the like), keeping heading offsets right. */
export function normalizePage(page: ParsedPage): ParsedPage {
  const text = page.text;
  if (text.normalize('NFC') === text) return page;
  const cuts = [...new Set(page.headings.map((h) => h.offset))].sort((a, b) => a - b);
  const moved = new Map<number, number>();
  let out = '';
  let prev = 0;
  for (const cut of cuts) {
    out += text.slice(prev, cut).normalize('NFC');
    moved.set(cut, out.length);
    prev = cut;
  }
  out += text.slice(prev).normalize('NFC');
  return {
    ...page,
    text: out,
    headings: page.headings.map((h) => ({
      ...h,
      offset: moved.get(h.offset) ?? h.offset,
      text: h.text.normalize('NFC'),
    })),
  };
}
