import { describe, expect, it } from 'vitest';
import { documentRecord } from '../test/fixtures';
import {
  batchFraction,
  decodeText,
  formatPages,
  isAbsolutePath,
  mergeDocument,
  mergeOlderSafe,
  parsePaths,
  queryExcerpt,
  statusInfo,
} from './documents';

describe('merging document records', () => {
  it('replaces a record by id and appends new ones, without touching the others', () => {
    const a = documentRecord({ id: 'a' });
    const b = documentRecord({ id: 'b' });
    const list = [a, b];
    const parsing = { ...a, status: 'parsing' as const, progress: { done: 3, total: 76 } };

    const merged = mergeDocument(list, parsing);
    expect(merged).toEqual([parsing, b]);
    expect(merged[1]).toBe(b);
    expect(list[0]).toBe(a); // the old list is left as it was

    const c = documentRecord({ id: 'c' });
    expect(mergeDocument(merged, c).map((d) => d.id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps a newer record when a call answers with an older one', () => {
    const queued = documentRecord({ id: 'a', status: 'queued', updatedAt: '2025-03-12T09:00:00.000Z' });
    const parsing = { ...queued, status: 'parsing' as const, updatedAt: '2025-03-12T09:00:01.000Z' };
    expect(mergeOlderSafe([parsing], [queued])).toEqual([parsing]);
    expect(mergeOlderSafe([queued], [parsing])).toEqual([parsing]);
  });
});

describe('statusInfo', () => {
  it('names each stage and its progress in the user’s words', () => {
    expect(statusInfo({ status: 'queued', progress: null })).toMatchObject({ label: 'Queued', tone: 'neutral' });
    expect(statusInfo({ status: 'parsing', progress: { done: 3, total: 76 } })).toEqual({
      label: 'Reading',
      tone: 'accent',
      detail: 'Page 3 of 76',
      fraction: 3 / 76,
    });
    expect(statusInfo({ status: 'ocr', progress: { done: 1, total: 4 } })).toMatchObject({
      label: 'OCR',
      detail: 'Recognising page 1 of 4',
    });
    expect(statusInfo({ status: 'embedding', progress: { done: 40, total: 120 } })).toMatchObject({
      label: 'Embedding',
      detail: 'Passage 40 of 120',
    });
    expect(statusInfo({ status: 'parsing', progress: null })).toMatchObject({ detail: null, fraction: null });
    expect(statusInfo({ status: 'ready', progress: null })).toMatchObject({ label: 'Ready', tone: 'ok' });
    expect(statusInfo({ status: 'failed', progress: null })).toMatchObject({ label: 'Failed', tone: 'danger' });
  });
});

describe('helpers', () => {
  it('reads pasted paths one per line, without quotes, blanks or repeats', () => {
    expect(parsePaths('  /a/b.pdf \n\n"C:\\Docs\\c.docx"\n/a/b.pdf\r\n\'/x y/z.txt\'\n')).toEqual([
      '/a/b.pdf',
      'C:\\Docs\\c.docx',
      '/x y/z.txt',
    ]);
    expect(isAbsolutePath('/a')).toBe(true);
    expect(isAbsolutePath('C:\\a')).toBe(true);
    expect(isAbsolutePath('\\\\server\\share')).toBe(true);
    expect(isAbsolutePath('docs/a.pdf')).toBe(false);
    expect(isAbsolutePath('~/a.pdf')).toBe(false);
  });

  it('formats pages and batch progress', () => {
    expect(formatPages(3, 3)).toBe('p. 3');
    expect(formatPages(3, 5)).toBe('pp. 3–5');
    expect(formatPages(0, 0)).toBe('');
    expect(
      batchFraction({ id: 'b', collectionId: 'c', total: 4, done: 1, failed: 1, skipped: 0, state: 'running' }),
    ).toBe(0.5);
    expect(batchFraction({ id: 'b', collectionId: 'c', total: 0, done: 0, failed: 0, skipped: 0, state: 'done' })).toBe(
      0,
    );
  });

  it('cuts an excerpt around the query and marks its words', () => {
    const text = `${'Background words. '.repeat(30)}A mammogram is an x-ray of the breast. ${'More text. '.repeat(30)}`;
    const parts = queryExcerpt(text, 'What does a mammogram show?', 120);
    const joined = parts.map((p) => p.text).join('');
    expect(joined.startsWith('…')).toBe(true);
    expect(joined).toContain('A mammogram is an x-ray');
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['mammogram']);
  });

  it('decodes text files by their byte-order mark', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x54, 0x00, 0x68, 0x00, 0x69, 0x00]);
    expect(decodeText(utf16)).toBe('Thi');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9]))).toBe('hé');
    expect(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toBe('café'); // not UTF-8: Windows-1252
  });
});
