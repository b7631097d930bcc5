// Every file of the shared corpus either parses into text or fails with the code a user should see (OCR off).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../../testing/fixtures.js';
import { detectKind, ParseError, parseDocument } from './index.js';

const EXPECTED_FAILURES: Record<string, string> = {
  'pdf/libreoffice-writer-password.pdf': 'PASSWORD_REQUIRED',
  'pdf/loremipsum-flat.pdf': 'EMPTY', // image only: needs OCR
  'pdf/small_ocr.pdf': 'EMPTY', // scanned Chinese book: needs OCR
};

const files = readdirSync(CORPUS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(CORPUS_DIR, d.name)).map((f) => `${d.name}/${f}`))
  .sort();

describe('the whole corpus', () => {
  it('is there (29 files, see ../shared/corpus/README.md)', () => {
    expect(files.length).toBeGreaterThanOrEqual(29);
  });

  it.each(files)('%s', async (rel) => {
    const path = join(CORPUS_DIR, rel);
    const kind = detectKind(path);
    expect(kind).not.toBeNull();
    const expected = EXPECTED_FAILURES[rel];
    if (expected) {
      const error = await parseDocument(path, { ocr: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParseError);
      expect(error).toMatchObject({ code: expected, message: expect.stringContaining(rel.split('/')[1]!) });
      return;
    }
    const doc = await parseDocument(path, { ocr: false });
    expect(doc.kind).toBe(kind);
    expect(doc.pages.length).toBeGreaterThan(0);
    expect(
      doc.pages
        .map((p) => p.text)
        .join('')
        .trim().length,
    ).toBeGreaterThan(50);
    for (const page of doc.pages) {
      expect(page.ocr).toBe(false);
      for (const h of page.headings) {
        expect(h.offset).toBeGreaterThanOrEqual(0);
        expect(h.offset).toBeLessThan(page.text.length);
        expect(h.level).toBeGreaterThanOrEqual(1);
        expect(h.level).toBeLessThanOrEqual(6);
      }
    }
  });
});
