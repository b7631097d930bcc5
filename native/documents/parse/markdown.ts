/**
 * Markdown is kept as written (code blocks, tables and link targets are
 * searchable text too); only the headings are read out: ATX "# Title" lines
 * and setext underlines, never inside fenced code.
 */
import { decodeBytes } from './encoding.js';
import { splitIntoSections } from './sections.js';
import type { ParsedDocument, ParsedHeading } from './types.js';

/** Heading text without inline markup: images dropped, links reduced to their text. */
function plainHeading(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function markdownHeadings(text: string): ParsedHeading[] {
  const headings: ParsedHeading[] = [];
  let fence: string | null = null;
  let offset = 0;
  let previous: { offset: number; line: string } | null = null;
  for (const line of text.split('\n')) {
    const lineOffset = offset;
    offset += line.length + 1;
    const trimmed = line.replace(/\r$/, '');
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(trimmed);
    if (fence) {
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length) fence = null;
      previous = null;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      previous = null;
      continue;
    }
    const atx = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(trimmed) ?? /^ {0,3}(#{1,6})$/.exec(trimmed);
    if (atx) {
      const headingText = (atx[2] ?? '').trim();
      if (headingText)
        headings.push({
          offset: lineOffset + trimmed.indexOf(headingText),
          level: atx[1]!.length,
          text: plainHeading(headingText) || headingText,
        });
      previous = null;
      continue;
    }
    const setext = /^ {0,3}(=+|-+)[ \t]*$/.exec(trimmed);
    if (
      setext &&
      previous &&
      previous.line.trim() &&
      !/^\s*([-*+]|\d+[.)]|>|\|)/.test(previous.line) &&
      !previous.line.includes('|')
    ) {
      const headingText = previous.line.trim();
      headings.push({
        offset: previous.offset + previous.line.indexOf(headingText),
        level: setext[1]![0] === '=' ? 1 : 2,
        text: plainHeading(headingText) || headingText,
      });
      previous = null;
      continue;
    }
    previous = trimmed.trim() ? { offset: lineOffset, line: trimmed } : null;
  }
  return headings;
}

export function parseMarkdown(bytes: Uint8Array): ParsedDocument {
  const decoded = decodeBytes(bytes);
  const text = decoded.text.replace(/\r\n?/g, '\n');
  const headings = markdownHeadings(text);
  const warnings: string[] = [];
  if (decoded.repaired > 0) warnings.push(`Repaired ${decoded.repaired} mis-encoded characters`);
  return {
    kind: 'markdown',
    title: (headings.find((h) => h.level === 1) ?? headings[0])?.text ?? null,
    pages: splitIntoSections(text, headings),
    warnings,
    encoding: decoded.encoding,
  };
}
