// Non-PDF formats on the real corpus, parsed in-process (no worker bundle needed).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CORPUS_DIR, tempDataDir } from '../../testing/fixtures.js';
import { detectKind, parseDocumentInProcess, type ParsedDocument } from './index.js';

const corpus = (rel: string) => join(CORPUS_DIR, rel);
const parse = (rel: string) => parseDocumentInProcess(corpus(rel), { ocr: false });
const allText = (doc: ParsedDocument) => doc.pages.map((p) => p.text).join('\n');

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempFile(name: string, content: string | Uint8Array): string {
  const temp = tempDataDir('cellar-parse-');
  cleanups.push(temp.cleanup);
  const path = join(temp.dir, name);
  writeFileSync(path, content);
  return path;
}

describe('detectKind', () => {
  it('maps extensions, case-insensitively, and refuses the rest', () => {
    expect(detectKind('/a/b.PDF')).toBe('pdf');
    expect(detectKind('x.docx')).toBe('docx');
    expect(detectKind('x.md')).toBe('markdown');
    expect(detectKind('x.markdown')).toBe('markdown');
    expect(detectKind('x.htm')).toBe('html');
    expect(detectKind('x.html')).toBe('html');
    expect(detectKind('x.txt')).toBe('text');
    expect(detectKind('x.text')).toBe('text');
    expect(detectKind('x.csv')).toBe('csv');
    expect(detectKind('x.tsv')).toBe('csv');
    expect(detectKind('x.doc')).toBeNull();
    expect(detectKind('x.pptx')).toBeNull();
    expect(detectKind('README')).toBeNull();
  });
});

describe('DOCX', () => {
  it('reads the 872-paragraph handbook into many sections with Word headings', async () => {
    const doc = await parse('docx/handbook-872p.docx');
    expect(doc.kind).toBe('docx');
    expect(doc.pages.length).toBeGreaterThan(100);
    const headings = doc.pages.flatMap((p) => p.headings);
    expect(headings.length).toBeGreaterThan(100);
    expect(headings.some((h) => /INTRODUCTION/.test(h.text))).toBe(true);
    // Every heading offset points at its own text.
    for (const page of doc.pages) {
      for (const h of page.headings)
        expect(page.text.slice(h.offset).replace(/\s+/g, ' ').startsWith(h.text.slice(0, 20))).toBe(true);
      expect(page.text.length).toBeLessThanOrEqual(3000);
    }
    expect(allText(doc)).toContain('Handbook for');
    expect(allText(doc)).toMatch(/Standing Trustee/);
    expect(doc.pages.map((p) => p.page)).toEqual(doc.pages.map((_, i) => i + 1));
  });

  it('writes tables as rows of cells, nested tables included', async () => {
    const doc = await parse('docx/docx-tables.docx');
    const text = allText(doc);
    expect(text).toContain('Header Col 1 | Header Col 2');
    expect(text).toContain('Lorem ipsum | A link example');
    expect(text).toMatch(/^a \| >b< \| c$/m);
    expect(text).toMatch(/^j \| k \| l$/m);
  });

  it('refuses a .docx that is not a ZIP package', async () => {
    const path = tempFile('fake.docx', 'just some text, not a Word file');
    await expect(parseDocumentInProcess(path, { ocr: false })).rejects.toMatchObject({
      code: 'CORRUPT',
      message: expect.stringContaining('fake.docx'),
    });
  });
});

describe('HTML', () => {
  it('decodes an undeclared windows-1252 page (€, ä, é)', async () => {
    const doc = await parse('html/fake-html-cp1252.html');
    expect(doc.encoding).toBe('windows-1252');
    const text = allText(doc);
    expect(text).toContain('Der Preis betrug 15,50 €.');
    expect(text).toContain('lächelte');
    expect(text).toContain("L'été était très chaud");
    expect(text).not.toContain('\ufffd');
    expect(doc.pages[0]!.headings[0]).toEqual({ offset: 0, level: 1, text: 'My First Heading' });
  });

  it('drops scripts and keeps the paragraphs of a table-layout page', async () => {
    const doc = await parse('html/ideas-page.html');
    expect(doc.title).toBe('How to Get New Ideas');
    const text = allText(doc);
    expect(text).toContain('The way to get new ideas is to notice anomalies');
    expect(text).toMatch(/frontiers of knowledge\.\n\nKnowledge grows fractally/);
    expect(text).not.toMatch(/function|var |document\./);
  });

  it('reads an inline-XBRL 10-K: hidden XBRL header dropped, table rows kept', async () => {
    const doc = await parse('html/example-10k-1p.html');
    const text = allText(doc);
    expect(text).toContain('Galaxy Gaming, Inc.');
    expect(text).toContain('Common stock | GLXZ | OTCQB marketplace');
    expect(text).not.toMatch(/xbrli|dei:/);
  });

  it('records h1-h6 with offsets and decodes entities', async () => {
    const path = tempFile(
      't.html',
      '<html><head><title>T &amp; C</title><style>p{}</style></head><body><h1>Top</h1><p>a&nbsp;b &lt;c&gt;</p><h3>Deep <em>one</em></h3><p>x</p><script>alert(1)</script></body></html>',
    );
    const doc = await parseDocumentInProcess(path, { ocr: false });
    expect(doc.title).toBe('T & C');
    const page = doc.pages[0]!;
    expect(page.text).toBe('Top\n\na b <c>\n\nDeep one\n\nx');
    expect(page.headings).toEqual([
      { offset: 0, level: 1, text: 'Top' },
      { offset: page.text.indexOf('Deep'), level: 3, text: 'Deep one' },
    ]);
  });
});

describe('Markdown', () => {
  it('keeps code blocks as text and takes headings from # lines only outside code', async () => {
    const doc = await parse('md/codeblock.md');
    const page = doc.pages[0]!;
    expect(page.text).toContain('<h1>Hello, World!</h1>');
    expect(page.headings.map((h) => [h.level, h.text])).toEqual([
      [2, 'HTML Example'],
      [2, 'XML Example'],
    ]);
    for (const h of page.headings) expect(page.text.slice(h.offset).startsWith(h.text)).toBe(true);
  });

  it('splits a README into sections and cleans badge markup out of the title', async () => {
    const doc = await parse('md/pdfjs-README.md');
    expect(doc.title).toBe('PDF.js');
    expect(doc.pages.length).toBeGreaterThanOrEqual(3);
    expect(doc.pages.flatMap((p) => p.headings).map((h) => h.text)).toEqual(
      expect.arrayContaining(['Contributing', 'Getting Started', 'Building PDF.js']),
    );
    expect(allText(doc)).toContain('gulp server');
  });

  it('keeps a pipe table as written', async () => {
    const doc = await parse('md/simple-table.md');
    expect(doc.pages[0]!.text).toContain('Juicy Apples | 1.99 | 739');
  });
});

describe('Text', () => {
  it('decodes UTF-16 LE with a BOM', async () => {
    const doc = await parse('txt/fake-text-utf-16.txt');
    expect(doc.encoding).toBe('utf-16le');
    expect(doc.pages[0]!.text).toMatch(/^This is a test document to use for unit tests\./);
    expect(doc.pages[0]!.text).not.toContain('\u0000');
  });

  it('reads the multilingual UDHR file, Vietnamese included', async () => {
    const doc = await parse('txt/UDHR_first_article_all.txt');
    expect(doc.encoding).toBe('utf-8');
    const text = allText(doc);
    expect(text).toContain('Tất cả mọi người sinh ra đều được tự do và bình đẳng');
    expect(text).toContain('人人生而自由');
    expect(doc.warnings).toEqual([]);
  });

  it('repairs double-encoded UTF-8 ("â€“" back to "–")', async () => {
    const doc = await parse('txt/norwich-city.txt');
    const text = allText(doc);
    expect(text).not.toContain('â€');
    expect(text).toContain('1986–1990 Watford');
    expect(doc.warnings.some((w) => /Repaired \d+ mis-encoded/.test(w))).toBe(true);
  });

  it('falls back to windows-1252 for legacy 8-bit text', async () => {
    const path = tempFile('legacy.txt', Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x35, 0x0a]));
    const doc = await parseDocumentInProcess(path, { ocr: false });
    expect(doc.pages[0]!.text).toBe('Café €5');
  });

  it('cuts long text into ~3,000-character sections at paragraph boundaries', async () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}. ${'word '.repeat(60).trim()}.`);
    const path = tempFile('long.txt', paragraphs.join('\n\n'));
    const doc = await parseDocumentInProcess(path, { ocr: false });
    expect(doc.pages.length).toBeGreaterThan(3);
    for (const page of doc.pages) {
      expect(page.text.length).toBeLessThanOrEqual(3000);
      expect(page.text).toMatch(/^Paragraph \d+\./);
      expect(page.text).toMatch(/\.$/);
    }
  });

  it('refuses binary data named .txt', async () => {
    const path = tempFile(
      'blob.txt',
      Uint8Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256),
    );
    await expect(parseDocumentInProcess(path, { ocr: false })).rejects.toMatchObject({ code: 'CORRUPT' });
  });
});

describe('CSV', () => {
  it('finds the header under a title row and labels every value', async () => {
    const doc = await parse('csv/stanley-cups.csv');
    expect(doc.title).toBe('Stanley Cups');
    expect(doc.pages[0]!.text.split('\n')).toEqual([
      'Stanley Cups',
      'Team: Blues; Location: STL; Stanley Cups: 1',
      'Team: Flyers; Location: PHI; Stanley Cups: 2',
      'Team: Maple Leafs; Location: TOR; Stanley Cups: 13',
    ]);
  });

  it('detects semicolons as the delimiter, commas inside fields kept', async () => {
    const doc = await parse('csv/semicolon-delimited.csv');
    const lines = doc.pages[0]!.text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('Lorem, ipsum: consectetur; dolor sit: adipiscing; amet: elit');
    expect(lines[1]).toContain('dolor sit: eiusmod');
  });

  it('groups the rows of a wide CSV into pages, each row with its column names', async () => {
    const doc = await parse('csv/csv-with-long-lines.csv');
    expect(doc.pages.length).toBeGreaterThan(5);
    for (const page of doc.pages) {
      expect(page.text.length).toBeLessThanOrEqual(3000);
      for (const line of page.text.split('\n')) expect(line).toMatch(/^SpearmanCorrelationCoefficient: \S/);
    }
  });

  it('reads TSV with tabs', async () => {
    const path = tempFile('t.tsv', 'name\tcity\nAna\tHanoi\nBo\tLyon, France\n');
    const doc = await parseDocumentInProcess(path, { ocr: false });
    expect(doc.pages[0]!.text).toBe('name: Ana; city: Hanoi\nname: Bo; city: Lyon, France');
  });
});

describe('errors', () => {
  it('UNSUPPORTED for an unknown extension, naming the file and what works', async () => {
    await expect(parseDocumentInProcess('/nowhere/slides.pptx', { ocr: false })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/slides\.pptx.*PDF/),
    });
  });

  it('TOO_LARGE over maxBytes', async () => {
    await expect(
      parseDocumentInProcess(corpus('txt/norwich-city.txt'), { ocr: false, maxBytes: 1000 }),
    ).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('norwich-city.txt'),
    });
  });

  it('EMPTY for an empty or whitespace-only file', async () => {
    await expect(parseDocumentInProcess(tempFile('e.txt', ''), { ocr: false })).rejects.toMatchObject({
      code: 'EMPTY',
    });
    await expect(parseDocumentInProcess(tempFile('w.md', '  \n\n \t\n'), { ocr: false })).rejects.toMatchObject({
      code: 'EMPTY',
    });
  });

  it("messages use displayName when given (a stored copy keeps the user's file name)", async () => {
    await expect(
      parseDocumentInProcess(corpus('txt/norwich-city.txt'), {
        ocr: false,
        maxBytes: 1000,
        displayName: 'Roberts bio.txt',
      }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/^Roberts bio\.txt is /),
    });
  });

  it('a missing file says so', async () => {
    await expect(parseDocumentInProcess('/nowhere/gone.txt', { ocr: false })).rejects.toMatchObject({
      message: expect.stringContaining('moved or deleted'),
    });
  });
});

describe('plain-text titles', () => {
  it('takes a short first line followed by a blank line as the title', async () => {
    const { titleLine } = await import('./text.js');
    expect(titleLine('Discharge summary\n\nThe patient was admitted on…')).toBe('Discharge summary');
    expect(titleLine('This first line is a sentence.\n\nMore text.')).toBeNull();
    expect(titleLine('No blank line after it\nso it is body text.')).toBeNull();
  });
});
