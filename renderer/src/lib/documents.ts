import type { BadgeTone } from '../components/Badge/Badge';
import type { DocumentRecord, IngestBatch } from '../api';
import { t } from '../i18n';
import { formatNumber } from './format';

/**
 * Put a document's newest record in the list, by id: progress events carry
 * the whole record, so the newest one simply replaces the old. New documents
 * go at the end (the engine lists them in the order they were added).
 */
export function mergeDocument(list: DocumentRecord[], record: DocumentRecord): DocumentRecord[] {
  const index = list.findIndex((d) => d.id === record.id);
  if (index < 0) return [...list, record];
  const next = list.slice();
  next[index] = record;
  return next;
}

/**
 * Merge records from a call's result. Events for the same documents may have
 * arrived first and be newer (a file already being read when `documents.add`
 * answers), so a record older than the one held is ignored.
 */
export function mergeOlderSafe(list: DocumentRecord[], records: DocumentRecord[]): DocumentRecord[] {
  let next = list;
  for (const record of records) {
    const held = next.find((d) => d.id === record.id);
    if (held && Date.parse(held.updatedAt) > Date.parse(record.updatedAt)) continue;
    next = mergeDocument(next, record);
  }
  return next;
}

/** A document being worked on now (or waiting its turn). */
export function isWorking(doc: Pick<DocumentRecord, 'status'>): boolean {
  return doc.status === 'queued' || doc.status === 'parsing' || doc.status === 'ocr' || doc.status === 'embedding';
}

export function needsPassword(doc: Pick<DocumentRecord, 'status' | 'errorCode'>): boolean {
  return doc.status === 'failed' && (doc.errorCode === 'PASSWORD_REQUIRED' || doc.errorCode === 'WRONG_PASSWORD');
}

export interface StatusInfo {
  label: string;
  tone: BadgeTone;
  /** What is happening, with the numbers: "Page 3 of 76". */
  detail: string | null;
  /** 0..1 within the current stage, or null when unknown. */
  fraction: number | null;
}

/** Each stage's label and progress line are under `docs.stage.<stage>` in the messages. */
type Stage = 'parsing' | 'ocr' | 'embedding';

/** The badge and progress line for a document's status. */
export function statusInfo(
  doc: Pick<DocumentRecord, 'status' | 'progress'> & { errorCode?: string | null },
): StatusInfo {
  switch (doc.status) {
    case 'queued':
      return { label: t('docs.status.queued'), tone: 'neutral', detail: t('docs.status.waiting'), fraction: null };
    case 'parsing':
    case 'ocr':
    case 'embedding': {
      const stage: Stage = doc.status;
      const p = doc.progress;
      const known = p !== null && p.total > 0;
      return {
        label: t(`docs.stage.${stage}.label`),
        tone: 'accent',
        detail: known
          ? t(`docs.stage.${stage}.progress`, {
              done: formatNumber(Math.min(p.done, p.total)),
              total: formatNumber(p.total),
            })
          : null,
        fraction: known ? Math.min(1, p.done / p.total) : null,
      };
    }
    case 'ready':
      return { label: t('docs.status.ready'), tone: 'ok', detail: null, fraction: null };
    case 'failed':
      // A locked file is waiting for the user, not broken.
      if (doc.errorCode === 'PASSWORD_REQUIRED')
        return { label: t('docs.status.needsPassword'), tone: 'warn', detail: null, fraction: null };
      if (doc.errorCode === 'WRONG_PASSWORD')
        return { label: t('docs.status.wrongPassword'), tone: 'warn', detail: null, fraction: null };
      return { label: t('docs.status.failed'), tone: 'danger', detail: null, fraction: null };
    case 'skipped':
      return { label: t('docs.status.skipped'), tone: 'neutral', detail: null, fraction: null };
    default:
      return { label: String(doc.status), tone: 'neutral', detail: null, fraction: null };
  }
}

const KINDS: Record<string, string> = {
  pdf: 'PDF',
  docx: 'Word',
  markdown: 'Markdown',
  html: 'HTML',
  csv: 'CSV',
};

export function kindLabel(kind: string): string {
  if (kind === 'text') return t('docs.kindText');
  return KINDS[kind] ?? kind.toUpperCase();
}

/** Kinds whose stored copy can be shown as plain text around the passage. */
export function isPlainTextKind(kind: string): boolean {
  return kind === 'text' || kind === 'markdown' || kind === 'csv';
}

/** "p. 3" or "pp. 3–5"; documents without pages (0) have none. */
export function formatPages(start: number, end: number): string {
  if (!(start > 0)) return '';
  return end > start ? t('docs.pages', { start, end }) : t('docs.page', { n: start });
}

/** Files finished (ready, failed or skipped) out of the batch, 0..1. */
export function batchFraction(batch: IngestBatch): number {
  if (!(batch.total > 0)) return 0;
  return Math.min(1, (batch.done + batch.failed + batch.skipped) / batch.total);
}

export function batchFinished(batch: IngestBatch): number {
  return Math.min(batch.total, batch.done + batch.failed + batch.skipped);
}

/**
 * Paths pasted one per line: blank lines dropped, surrounding quotes removed
 * (Windows' "Copy as path" adds them), duplicates kept once.
 */
export function parsePaths(text: string): string[] {
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const path = line
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2')
      .trim();
    if (path) seen.add(path);
  }
  return [...seen];
}

/** Whether a path looks absolute, on any system: /x, ~ is not, C:\x and \\server\share are. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** Whitespace folded, cut at a word near `max` characters. */
export function excerpt(text: string, max = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/**
 * A short piece of a passage around the first word of the query, split into
 * plain and matching parts (rendered as text and <mark>, never as HTML).
 */
export function queryExcerpt(text: string, query: string, max = 240): Array<{ text: string; match: boolean }> {
  const flat = text.replace(/\s+/g, ' ').trim();
  const terms = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])];
  if (!terms.length) return [{ text: excerpt(flat, max), match: false }];
  const pattern = new RegExp(`(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  const first = flat.search(pattern);
  let start = first > max / 3 ? flat.lastIndexOf(' ', first - Math.floor(max / 3)) + 1 : 0;
  if (start < 0) start = 0;
  let piece = flat.slice(start, start + max);
  if (start + max < flat.length) piece = `${piece.slice(0, Math.max(piece.lastIndexOf(' '), max * 0.6))}…`;
  if (start > 0) piece = `…${piece}`;
  return piece
    .split(pattern)
    .filter((part) => part !== '')
    .map((part) => ({ text: part, match: terms.includes(part.toLowerCase()) }));
}

/** Text file bytes as text: a byte-order mark decides, else UTF-8, else Windows-1252 (never fails). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
