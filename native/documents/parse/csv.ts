/**
 * CSV/TSV: every row becomes one line "Header: value; Header: value", so a
 * chunk cut anywhere still carries its column names. The delimiter is
 * detected (comma, semicolon, tab, pipe); a title row above the header is
 * kept as the document's title.
 */
import Papa from 'papaparse';
import { controlCharRatio, decodeBytes } from './encoding.js';
import { SECTION_TARGET_CHARS, splitIntoSections } from './sections.js';
import { ParseError, type ParsedDocument } from './types.js';

const NUMERIC = /^[-+]?[$€£¥]?\s*\(?[\d.,]+\)?\s*%?$/;

function filled(row: string[]): number {
  return row.filter((c) => c.trim() !== '').length;
}

/** Index of the header row: the first of the leading rows that is about as wide as the table and mostly non-numeric. */
export function findHeaderRow(rows: string[][]): number {
  const sample = rows.slice(0, 50);
  const widths = sample.map(filled).filter((w) => w > 0);
  if (widths.length === 0) return -1;
  const sorted = [...widths].sort((a, b) => a - b);
  const typical = sorted[Math.floor(sorted.length / 2)]!;
  for (let i = 0; i < Math.min(sample.length, 10); i++) {
    const row = sample[i]!;
    const width = filled(row);
    if (width === 0) continue;
    if (width >= Math.max(1, Math.ceil(typical * 0.6))) {
      const numeric = row.filter((c) => NUMERIC.test(c.trim())).length;
      return numeric > width / 2 ? -1 : i;
    }
  }
  return -1;
}

export function parseCsv(bytes: Uint8Array, name: string, tsv: boolean): ParsedDocument {
  const decoded = decodeBytes(bytes);
  if (controlCharRatio(decoded.text) > 0.1) {
    throw new ParseError(
      'CORRUPT',
      `${name} does not look like a CSV file (it holds binary data): export it again as CSV.`,
    );
  }
  const parsed = Papa.parse<string[]>(decoded.text, {
    delimiter: tsv ? '\t' : '',
    delimitersToGuess: [',', ';', '\t', '|'],
    skipEmptyLines: 'greedy',
    header: false,
  });
  const rows = parsed.data.filter((r) => Array.isArray(r));
  const headerIndex = findHeaderRow(rows);
  // A loop, not Math.max(...rows): spreading 300,000 arguments overflows the stack.
  let width = 0;
  for (const r of rows) if (r.length > width) width = r.length;
  const header = headerIndex >= 0 ? rows[headerIndex]! : [];
  const names: string[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < width; i++) {
    let n = (header[i] ?? '').replace(/\s+/g, ' ').trim() || `Column ${i + 1}`;
    const count = seen.get(n) ?? 0;
    seen.set(n, count + 1);
    if (count > 0) n = `${n} (${count + 1})`;
    names.push(n);
  }
  const preamble = rows
    .slice(0, Math.max(0, headerIndex))
    .map((r) =>
      r
        .map((c) => c.trim())
        .filter(Boolean)
        .join(' '),
    )
    .filter(Boolean);
  // Rows longer than a page are cut between cells; each piece repeats the row's first cell so it stays identifiable.
  const lines: string[] = [...preamble];
  for (const row of rows.slice(headerIndex + 1)) {
    const cells: string[] = [];
    row.forEach((value, i) => {
      const v = value.replace(/\s+/g, ' ').trim();
      if (v) cells.push(`${names[i] ?? `Column ${i + 1}`}: ${v}`);
    });
    if (!cells.length) continue;
    const line = cells.join('; ');
    if (line.length <= SECTION_TARGET_CHARS) {
      lines.push(line);
      continue;
    }
    const key = cells[0]!.length < 200 ? cells[0]! : cells[0]!.slice(0, 200);
    let piece: string[] = [];
    let length = 0;
    for (const cell of cells) {
      if (piece.length && length + cell.length + 2 > SECTION_TARGET_CHARS - key.length - 20) {
        lines.push(piece.join('; '));
        piece = [`${key} (continued)`];
        length = piece[0]!.length;
      }
      piece.push(cell);
      length += cell.length + 2;
    }
    if (piece.length) lines.push(piece.join('; '));
  }
  const warnings: string[] = [];
  if (decoded.repaired > 0) warnings.push(`Repaired ${decoded.repaired} mis-encoded characters`);
  const malformed = parsed.errors.filter((e) => e.type !== 'Delimiter').length;
  if (malformed > 0) warnings.push(`${malformed} malformed CSV rows were read as best as possible`);
  const headings = preamble.length ? [{ offset: 0, level: 1, text: preamble[0]! }] : [];
  return {
    kind: 'csv',
    title: preamble[0] ?? null,
    pages: splitIntoSections(lines.join('\n'), headings),
    warnings,
    encoding: decoded.encoding,
  };
}
