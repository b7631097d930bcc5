// PDFs of the real corpus through the text layer (OCR off), in-process.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CORPUS_DIR, tempDataDir } from '../../testing/fixtures.js';
import { parseDocumentInProcess, type ParsedDocument } from './index.js';
import { layoutTextItems, type RawTextItem } from './layout.js';
import { detectHeadings, looksTruncated } from './pdf.js';
import { documentParams } from './pdfjs.js';
import { assessTextLayer } from './quality.js';

const pdf = (name: string) => join(CORPUS_DIR, 'pdf', name);
const parse = (name: string, extra: Partial<Parameters<typeof parseDocumentInProcess>[1]> = {}) =>
  parseDocumentInProcess(pdf(name), { ocr: false, ...extra });
const allText = (doc: ParsedDocument) => doc.pages.map((p) => p.text).join('\n');

/** The raw text layer of each page, laid out but not judged. */
async function layers(name: string): Promise<string[]> {
  const doc = await getDocument(documentParams({ data: new Uint8Array(readFileSync(pdf(name))) })).promise;
  try {
    const out: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      out.push(layoutTextItems(content.items.filter((i) => 'str' in i) as RawTextItem[]).text);
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

// Text-layer parsing must never reach for the network either.
const realFetch = globalThis.fetch;
const fetchSpy = vi.fn(() => {
  throw new Error('network access attempted');
});
beforeAll(() => {
  globalThis.fetch = fetchSpy as unknown as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
  expect(fetchSpy).not.toHaveBeenCalled();
});

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('text-layer PDFs', () => {
  it('reads all 76 pages of the breast-cancer booklet, each phrase on its own page', async () => {
    const started = performance.now();
    const doc = await parse('understanding-breast-cancer.pdf');
    const seconds = (performance.now() - started) / 1000;
    expect(doc.kind).toBe('pdf');
    expect(doc.title).toBe('Understanding Breast Cancer');
    expect(doc.pages).toHaveLength(76);
    expect(doc.pages.map((p) => p.page)).toEqual(Array.from({ length: 76 }, (_, i) => i + 1));
    const phrase = 'Shoulder stiffness – Gentle exercises can help prevent';
    expect(doc.pages.filter((p) => p.text.includes(phrase)).map((p) => p.page)).toEqual([40]);
    expect(doc.pages[2]!.text).toContain(
      'This booklet has been prepared to help you understand more\nabout early breast cancer.',
    );
    expect(doc.pages.every((p) => !p.ocr)).toBe(true);
    expect(doc.warnings).toEqual([]);
    // Measured ~80-90 pages/s on 2 cores, pdf.js import included; generous bound for slow CI.
    expect(seconds).toBeLessThan(15);
  });

  it('keeps the two-column tracemonkey paper in column order without gluing words', async () => {
    const doc = await parse('tracemonkey.pdf');
    expect(doc.pages).toHaveLength(14);
    expect(doc.title).toBe('Trace-based Just-in-Time Type Specialization for Dynamic Languages');
    const first = doc.pages[0]!;
    expect(first.text).toContain('We present an alternative compilation technique');
    // Left column runs into "1. Introduction" before the right column starts.
    expect(first.text).toMatch(/1\. Introduction\nDynamic languages such as JavaScript, Python, and Ruby, are popular/);
    expect(first.text.indexOf('1. Introduction')).toBeLessThan(
      first.text.indexOf('and is used for the application logic of browser-based'),
    );
    expect(first.headings.map((h) => h.text)).toEqual(expect.arrayContaining(['Abstract', '1. Introduction']));
    const title = first.headings.find((h) => h.text.startsWith('Trace-based'))!;
    expect(title.level).toBe(1);
    expect(title.offset).toBe(0);
    expect(first.headings.find((h) => h.text === 'Abstract')!.level).toBeGreaterThan(1);
    // No run of 40+ letters: words were separated.
    expect(allText(doc)).not.toMatch(/\p{L}{40,}/u);
  });

  it('reads the 55-page fairy-tale book', async () => {
    const doc = await parse('pdkids.pdf');
    expect(doc.pages).toHaveLength(55);
    expect(allText(doc).length).toBeGreaterThan(100_000);
  });

  it('extracts Chinese, with Kangxi radicals mapped back to ideographs', async () => {
    const doc = await parse('chemical-knowledge-introduction-zh.pdf');
    const text = allText(doc);
    expect(text).toContain('化学');
    expect(text).toContain('常用符号');
    expect(text).not.toMatch(/[\u2f00-\u2fdf]/);
    expect(text.match(/[\u4e00-\u9fff]/g)!.length).toBeGreaterThan(1500);
  });

  it('extracts Japanese kana and kanji (needs the cMaps)', async () => {
    const doc = await parse('issue16538.pdf');
    const text = allText(doc);
    expect(text).toMatch(/[\u3040-\u30ff]/);
    expect(text).toContain('マーケットモデル');
    expect(text).toContain('次元');
  });

  it('extracts Korean', async () => {
    const doc = await parse('korean-text-with-tables.pdf');
    expect(allText(doc)).toContain('빅포인트');
  });

  it('limits work to chosen pages or the first N pages, reporting progress', async () => {
    const progress: number[] = [];
    const some = await parse('tracemonkey.pdf', { pages: [14, 2, 2, 99], onProgress: (p) => progress.push(p.page) });
    expect(some.pages.map((p) => p.page)).toEqual([2, 14]);
    expect(progress).toEqual([2, 14]);
    const first = await parse('tracemonkey.pdf', { maxPages: 3 });
    expect(first.pages.map((p) => p.page)).toEqual([1, 2, 3]);
  });
});

describe('encrypted PDFs', () => {
  it('PASSWORD_REQUIRED without a password, WRONG_PASSWORD with a wrong one', async () => {
    await expect(parse('libreoffice-writer-password.pdf')).rejects.toMatchObject({
      code: 'PASSWORD_REQUIRED',
      message: 'libreoffice-writer-password.pdf needs a password: enter it to index this file.',
    });
    await expect(parse('libreoffice-writer-password.pdf', { password: 'nope' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
    });
  });

  it('opens with the right password', async () => {
    const doc = await parse('libreoffice-writer-password.pdf', { password: 'openpassword' });
    expect(doc.pages[0]!.text).toMatch(/^Lorem ipsum dolor sit amet/);
  });

  it('opens an encrypted file whose user password is empty', async () => {
    const doc = await parse('issue9972-1.pdf');
    expect(allText(doc)).toContain('Personal Sleep Study');
  });
});

describe('damaged PDFs', () => {
  it('recovers the pages left in a truncated file and says it is truncated', async () => {
    expect(looksTruncated(readFileSync(pdf('TAMReview_truncated.pdf')))).toBe(true);
    expect(looksTruncated(readFileSync(pdf('TAMReview.pdf')))).toBe(false);
    const doc = await parse('TAMReview_truncated.pdf');
    // pdf.js alone sees 1 page (the first revision's page tree); the patch finds the others.
    expect(doc.pages.length).toBeGreaterThan(5);
    expect(doc.pages[0]!.text).toContain('Overview of the Technology Acceptance Model');
    expect(doc.warnings[0]).toMatch(/^Truncated PDF: recovered \d+ of \? pages/);
  });

  it('CORRUPT for random bytes and for text named .pdf', async () => {
    const temp = tempDataDir('cellar-parse-');
    cleanup = temp.cleanup;
    const random = join(temp.dir, 'random.pdf');
    writeFileSync(
      random,
      Uint8Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 24),
    );
    await expect(parseDocumentInProcess(random, { ocr: false })).rejects.toMatchObject({
      code: 'CORRUPT',
      message: expect.stringContaining('random.pdf'),
    });
    const text = join(temp.dir, 'notes.pdf');
    writeFileSync(text, 'these are notes, not a PDF\n');
    await expect(parseDocumentInProcess(text, { ocr: false })).rejects.toMatchObject({ code: 'CORRUPT' });
  });

  it('EMPTY for a scan when OCR is off, telling the user to turn it on', async () => {
    await expect(parse('loremipsum-flat.pdf')).rejects.toMatchObject({
      code: 'EMPTY',
      message: expect.stringContaining('turn on OCR'),
    });
    await expect(parse('small_ocr.pdf')).rejects.toMatchObject({ code: 'EMPTY' });
  });
});

describe('text-layer quality', () => {
  it('flags TAMReview pages 2-22 as garbage and pages 1 and 23 as good', async () => {
    const pages = await layers('TAMReview.pdf');
    expect(pages).toHaveLength(23);
    const verdicts = pages.map((t) => assessTextLayer(t).verdict);
    expect(verdicts[0]).toBe('good');
    expect(verdicts[22]).toBe('good');
    expect(verdicts.slice(1, 22)).toEqual(Array(21).fill('garbage'));
  });

  it('passes real text layers: tracemonkey, pdkids, the booklet, CJK', async () => {
    for (const name of [
      'tracemonkey.pdf',
      'pdkids.pdf',
      'understanding-breast-cancer.pdf',
      'chemical-knowledge-introduction-zh.pdf',
      'issue16538.pdf',
      'korean-text-with-tables.pdf',
      'issue14297.pdf',
    ]) {
      const verdicts = (await layers(name)).map((t) => assessTextLayer(t).verdict);
      expect({ name, bad: verdicts.filter((v) => v === 'garbage' || v === 'empty').length }).toEqual({ name, bad: 0 });
    }
  });

  it('calls bad embedded OCR noisy and a flattened scan empty', async () => {
    expect(assessTextLayer((await layers('pdf-with-ocr-text.pdf'))[0]!).verdict).toBe('noisy');
    expect(assessTextLayer((await layers('loremipsum-flat.pdf'))[0]!).verdict).toBe('empty');
  });

  it('without OCR, keeps the readable lines of garbage pages and names the pages', async () => {
    const doc = await parse('TAMReview.pdf');
    expect(doc.warnings).toContain('Pages 2-22: the text layer is unreadable; turn on OCR to read them');
    expect([...doc.pages[2]!.text].some((c) => c.charCodeAt(0) < 9)).toBe(false);
    expect(doc.pages[2]!.text).toContain('Perceived');
  });

  it('unit: control characters, letter salad, spaced letters and run-together words', () => {
    const english = 'The quick brown fox jumps over the lazy dog while the farmer watches from the porch. '.repeat(3);
    expect(assessTextLayer(english).verdict).toBe('good');
    expect(assessTextLayer('\u0002\u0003\u0004 \u0005\u0003\u0006 \u0004\u0007\b'.repeat(10)).verdict).toBe('garbage');
    expect(assessTextLayer('\ue001\ue002\ue003 \ue004\ue005 '.repeat(10)).verdict).toBe('garbage');
    expect(assessTextLayer('xkqz vbnmt qwrtp zxcvb plkjh mnbvc ghjkl wrtzp '.repeat(4)).verdict).toBe('garbage');
    expect(assessTextLayer('Thequickbrownfoxjumpsoverthelazydogwhilethefarmer watches '.repeat(4)).verdict).toBe(
      'garbage',
    );
    expect(assessTextLayer(`A l e t t e r from the c o n t r a c t s ${english}`).verdict).toBe('noisy');
    expect(
      assessTextLayer(
        'Diagnosis ............................ 13\nMammogram ........................... 13\nUltrasound .......................... 14',
      ).verdict,
    ).toBe('good');
    expect(assessTextLayer('短').verdict).toBe('empty');
    expect(
      assessTextLayer('人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。').verdict,
    ).toBe('good');
    expect(assessTextLayer('Все люди рождаются свободными и равными в своем достоинстве и правах.').verdict).toBe(
      'good',
    );
  });
});

describe('layout and headings (unit)', () => {
  const item = (str: string, x: number, y: number, size = 10, hasEOL = false): RawTextItem => ({
    str,
    transform: [size, 0, 0, size, x, y],
    width: str.length * size * 0.5,
    height: size,
    hasEOL,
  });

  it('puts spaces between separate items, newlines between baselines, blank lines between paragraphs', () => {
    const { text } = layoutTextItems([
      item('Hello', 0, 700),
      item('world', 30, 700),
      item('next', 0, 688),
      item('far', 0, 600),
    ]);
    expect(text).toBe('Hello world\nnext\n\nfar');
  });

  it('joins a word hyphenated across lines, keeps a superscript on its line', () => {
    expect(layoutTextItems([item('speciali-', 0, 700), item('zation works', 0, 688)]).text).toBe(
      'specialization works',
    );
    expect(layoutTextItems([item('Gal', 0, 700), item('*', 15.5, 704, 7), item(', Eich', 19, 700)]).text).toBe(
      'Gal*, Eich',
    );
  });

  it('ranks headings by size across the document and merges wrapped heading lines', () => {
    const pages = [
      {
        index: 0,
        lines: [
          { offset: 0, text: 'A Long Title That', size: 18 },
          { offset: 18, text: 'Wraps', size: 18 },
          { offset: 25, text: 'Section One', size: 12 },
          { offset: 37, text: 'body '.repeat(40), size: 10 },
          { offset: 300, text: 'Contents ........ 4', size: 12 },
        ],
      },
    ];
    expect(detectHeadings(pages).get(0)).toEqual([
      { offset: 0, level: 1, text: 'A Long Title That Wraps' },
      { offset: 25, level: 2, text: 'Section One' },
    ]);
  });
});
