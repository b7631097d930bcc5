// OCR on the real corpus, in-process, one tesseract worker per language set shared by the tests.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CORPUS_DIR } from '../../testing/fixtures.js';
import { parseDocumentInProcess } from './index.js';
import { findTraineddata, OcrEngine, prepareLangPath, tidyCjkSpacing } from './ocr.js';
import { assessTextLayer } from './quality.js';

const pdf = (name: string) => join(CORPUS_DIR, 'pdf', name);

const engines = new Map<string, Promise<OcrEngine>>();
const shared = (langs: readonly string[]) => {
  const key = langs.join('+');
  let engine = engines.get(key);
  if (!engine) {
    engine = OcrEngine.create(langs);
    engines.set(key, engine);
  }
  return engine;
};

// tesseract.js fetches language data from a CDN when it has no local path: prove it never tries.
const realFetch = globalThis.fetch;
const fetchSpy = vi.fn(() => {
  throw new Error('network access attempted');
});
beforeAll(() => {
  globalThis.fetch = fetchSpy as unknown as typeof fetch;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  for (const engine of engines.values()) await (await engine).terminate();
  expect(fetchSpy).not.toHaveBeenCalled();
});

describe('language data', () => {
  it('finds eng and chi_sim in node_modules and stages them in one folder', () => {
    const files = findTraineddata(['eng', 'chi_sim']);
    expect(files.map((f) => f.lang)).toEqual(['eng', 'chi_sim']);
    const { langPath, gzip } = prepareLangPath(files);
    expect(gzip).toBe(true);
    expect(existsSync(join(langPath, 'eng.traineddata.gz'))).toBe(true);
    expect(existsSync(join(langPath, 'chi_sim.traineddata.gz'))).toBe(true);
  });

  it('refuses a language that is not installed before any worker starts (a missing file would crash the process)', async () => {
    expect(() => findTraineddata(['eng', 'klingon'])).toThrow(
      expect.objectContaining({ code: 'OCR_FAILED', message: expect.stringContaining('klingon') }),
    );
    await expect(
      parseDocumentInProcess(pdf('loremipsum-flat.pdf'), { ocr: true, ocrLanguages: ['xyz'] }),
    ).rejects.toMatchObject({ code: 'OCR_FAILED' });
    expect(() => findTraineddata(['../../etc/passwd'])).toThrow(expect.objectContaining({ code: 'OCR_FAILED' }));
  });

  it('removes the spaces tesseract puts between CJK characters only', () => {
    expect(tidyCjkSpacing('交 换 价 值 x 量 鞋油')).toBe('交换价值 x 量鞋油');
  });
});

describe('OCR', () => {
  it('reads an image-only page (loremipsum-flat.pdf) and marks it as OCR', async () => {
    const started = performance.now();
    const doc = await parseDocumentInProcess(pdf('loremipsum-flat.pdf'), { ocr: true, ocrEngine: shared });
    const seconds = (performance.now() - started) / 1000;
    const page = doc.pages[0]!;
    expect(page.ocr).toBe(true);
    expect(page.text).toMatch(/^Lorem ipsum dolor sit amet, consectetur adipiscing elit\./);
    expect(doc.warnings).toContain('Page 1 text came from OCR');
    expect(assessTextLayer(page.text).verdict).toBe('good');
    expect(seconds).toBeLessThan(30);
  });

  it('replaces a garbage text layer (TAMReview page 3) with real English', async () => {
    const progress: string[] = [];
    const doc = await parseDocumentInProcess(pdf('TAMReview.pdf'), {
      ocr: true,
      pages: [3],
      ocrEngine: shared,
      onProgress: (p) => progress.push(`${p.page}:${p.phase}`),
    });
    const page = doc.pages[0]!;
    expect(page.page).toBe(3);
    expect(page.ocr).toBe(true);
    expect(progress).toEqual(['3:text', '3:ocr']);
    expect(page.text).toMatch(/perceived usefulness/i);
    expect(page.text).toMatch(/attitude/i);
    expect(assessTextLayer(page.text).verdict).not.toBe('garbage');
  });

  it('replaces a noisy embedded OCR layer when its own OCR reads better', async () => {
    const doc = await parseDocumentInProcess(pdf('pdf-with-ocr-text.pdf'), { ocr: true, ocrEngine: shared });
    const page = doc.pages[0]!;
    expect(page.ocr).toBe(true);
    expect(page.text).toContain('keep you posted on the progress of the Foundation');
    expect(page.text).not.toContain('l e t t e r');
  });

  it('keeps a good text layer as it is even with OCR on', async () => {
    const doc = await parseDocumentInProcess(pdf('tracemonkey.pdf'), { ocr: true, maxPages: 2, ocrEngine: shared });
    expect(doc.pages.every((p) => !p.ocr)).toBe(true);
  });

  it('reads a Chinese scan with chi_sim (one page of small_ocr.pdf)', async () => {
    const doc = await parseDocumentInProcess(pdf('small_ocr.pdf'), {
      ocr: true,
      ocrLanguages: ['chi_sim'],
      pages: [2],
      ocrEngine: shared,
    });
    const page = doc.pages[0]!;
    expect(page.ocr).toBe(true);
    const cjk = page.text.match(/[\u4e00-\u9fff]/g) ?? [];
    expect(cjk.length).toBeGreaterThan(200);
    expect(page.text).toContain('交换价值');
    // preserve_interword_spaces + tidy-up: no "交 换 价 值".
    expect(page.text).not.toMatch(/[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]/);
  });
});
