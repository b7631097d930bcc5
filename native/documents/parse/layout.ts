/**
 * pdf.js text items to page text. Items are taken in content-stream order
 * (which is the producer's reading order for most PDFs, two-column papers
 * included) and joined into lines by baseline; spaces and line breaks are
 * put back from item positions so words never glue together. Each line
 * keeps its dominant font size for heading detection.
 */

export interface RawTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
  fontName?: string;
}

export interface LaidOutLine {
  /** Offset of the line's first character in the page text. */
  offset: number;
  text: string;
  /** Font size (points) carrying most of the line's characters. */
  size: number;
}

export interface PageLayout {
  text: string;
  lines: LaidOutLine[];
}

interface Line {
  parts: string[];
  x: number;
  y: number;
  endX: number;
  endY: number;
  size: number;
  vertical: boolean;
  sizes: Map<number, number>;
  eol: boolean;
}

const WS_END = /\s$/;
const WS_START = /^\s/;

function lineText(line: Line): string {
  return (
    line.parts
      .join('')
      .replace(/[ \t\u00a0]{2,}/g, ' ')
      // CJK fonts often map glyphs to Kangxi radicals (U+2F64 "⽤") instead of the ideograph ("用"): search needs the latter.
      .replace(/[\u2e80-\u2fdf]/g, (c) => c.normalize('NFKC'))
      .trim()
  );
}

function dominantSize(line: Line): number {
  let best = line.size;
  let count = -1;
  for (const [size, n] of line.sizes) {
    if (n > count) {
      best = size;
      count = n;
    }
  }
  return best;
}

/**
 * Lay out one page. `verticalFonts` names fonts pdf.js reports as vertical
 * (CJK vertical writing), whose lines run top to bottom.
 */
export function layoutTextItems(
  items: readonly RawTextItem[],
  verticalFonts: ReadonlySet<string> = new Set(),
): PageLayout {
  const lines: Line[] = [];
  let cur: Line | null = null;

  for (const item of items) {
    const str = item.str;
    const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = item.transform;
    const size = Math.max(Math.hypot(c, d), Math.hypot(a, b), 0.1);
    const vertical = item.fontName ? verticalFonts.has(item.fontName) : false;
    if (str === '') {
      if (item.hasEOL && cur) cur.eol = true;
      continue;
    }
    // Text direction: advance along (a, b) for horizontal text.
    const advance = item.width;
    const dirX = Math.hypot(a, b) > 0 ? a / Math.hypot(a, b) : 1;
    const dirY = Math.hypot(a, b) > 0 ? b / Math.hypot(a, b) : 0;
    const endX = vertical ? x : x + advance * dirX;
    const endY = vertical ? y - (item.height || advance) : y + advance * dirY;

    let sameLine = false;
    let gap = 0;
    if (cur) {
      // Superscripts and subscripts (smaller, a little off the baseline) stay on their line.
      const tol = size < cur.size * 0.9 ? 0.6 * cur.size : 0.5 * Math.min(size, cur.size);
      if (vertical && cur.vertical) {
        sameLine = Math.abs(x - cur.x) <= tol && y <= cur.endY + tol;
        gap = cur.endY - y;
      } else if (!vertical && !cur.vertical) {
        // Project onto the line's normal so rotated lines work too.
        const offLine = Math.abs((y - cur.y) * dirX - (x - cur.x) * dirY);
        gap = (x - cur.endX) * dirX + (y - cur.endY) * dirY;
        sameLine = offLine <= tol && gap > -Math.min(size, cur.size) * 1.5;
        // pdf.js ends a line before a wide jump; a jump back left on the same baseline is a new line too.
        if (cur.eol && !(sameLine && gap >= -tol)) sameLine = false;
      }
    }

    if (cur && sameLine) {
      const prev = cur.parts[cur.parts.length - 1] ?? '';
      const needsSpace =
        !WS_END.test(prev) && !WS_START.test(str) && (gap > size * 0.15 || gap < -size * 0.3 || cur.eol);
      if (needsSpace) cur.parts.push(' ');
      cur.parts.push(str);
      cur.endX = endX;
      cur.endY = endY;
      cur.sizes.set(Math.round(size * 2) / 2, (cur.sizes.get(Math.round(size * 2) / 2) ?? 0) + str.trim().length);
      cur.eol = item.hasEOL;
      continue;
    }
    cur = {
      parts: [str],
      x,
      y,
      endX,
      endY,
      size,
      vertical,
      sizes: new Map([[Math.round(size * 2) / 2, str.trim().length]]),
      eol: item.hasEOL,
    };
    lines.push(cur);
  }

  // Join lines: blank line for big vertical jumps (paragraphs, new column), dehyphenate wrapped words.
  let text = '';
  const out: LaidOutLine[] = [];
  let prev: Line | null = null;
  for (const line of lines) {
    const t = lineText(line);
    if (!t) continue;
    if (prev) {
      const prevText = text;
      const dy = prev.vertical ? prev.x - line.x : prev.y - line.y;
      const spacing = Math.max(prev.size, line.size);
      if (/\p{Ll}-$/u.test(prevText) && /^\p{Ll}/u.test(t) && dy > 0 && dy < spacing * 2) {
        // "specializ-" + "ation" -> "specialization": searchable as one word.
        text = prevText.slice(0, -1);
      } else if (dy > spacing * 1.75 || dy < -spacing * 0.5) {
        text += '\n\n';
      } else {
        text += '\n';
      }
    }
    out.push({ offset: text.length, text: t, size: dominantSize(line) });
    text += t;
    prev = line;
  }
  return { text, lines: out };
}
