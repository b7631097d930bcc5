/**
 * Plain text: decode (BOM, UTF-8, else chardet + iconv-lite), normalise line
 * ends, cut into sections. A ".txt" that is really binary is refused.
 */
import { controlCharRatio, decodeBytes } from './encoding.js';
import { splitIntoSections } from './sections.js';
import { ParseError, type ParsedDocument } from './types.js';

export function parseText(bytes: Uint8Array, name: string): ParsedDocument {
  const decoded = decodeBytes(bytes);
  const text = decoded.text.replace(/\r\n?/g, '\n');
  if (controlCharRatio(text) > 0.1) {
    throw new ParseError(
      'CORRUPT',
      `${name} does not look like a text file (it holds binary data): check the file type, or convert it to PDF or .txt.`,
    );
  }
  const warnings: string[] = [];
  if (decoded.repaired > 0) warnings.push(`Repaired ${decoded.repaired} mis-encoded characters`);
  return {
    kind: 'text',
    title: titleLine(text),
    pages: splitIntoSections(text, []),
    warnings,
    encoding: decoded.encoding,
  };
}

/**
 * A plain-text file's title, when it has one the usual way: a short first
 * line followed by a blank line ("Discharge summary\n\n…").
 */
export function titleLine(text: string): string | null {
  const match = /^\s*([^\n]{1,120})\n[ \t]*\n/.exec(text);
  const line = match?.[1]?.trim();
  return line && !/[.:;,]$/.test(line) ? line : null;
}
