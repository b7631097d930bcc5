/**
 * PDF: pdf.js per page, text layer laid out into lines, the text layer
 * judged (quality.ts), and, when OCR is on, pages without a usable text
 * layer rendered with @napi-rs/canvas and read by tesseract.js. Encrypted
 * files open with an empty user password or the one given; a truncated file
 * is patched so pdf.js finds the pages that survive.
 */
import { layoutTextItems, type LaidOutLine, type RawTextItem } from './layout.js';
import { OcrEngine } from './ocr.js';
import { documentParams, loadPdfJs } from './pdfjs.js';
import { assessTextLayer, stripBadCharacters, type TextQuality } from './quality.js';
import { ParseError, type ParsedDocument, type ParsedHeading, type ParsedPage, type ParseProgress } from './types.js';

type PdfJs = Awaited<ReturnType<typeof loadPdfJs>>;
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

export interface PdfParseOptions {
  password?: string;
  ocr: boolean;
  ocrLanguages?: string[];
  /** Where OCR language data is staged (see ParseOptions.ocrCacheDir). */
  ocrCacheDir?: string;
  pages?: number[];
  maxPages?: number;
  signal?: AbortSignal;
  onProgress?(p: ParseProgress): void;
  /** Reuse an OCR engine owned by the caller (tests); otherwise one is made per parse and stopped at the end. */
  ocrEngine?: (langs: readonly string[]) => Promise<OcrEngine>;
}

/** Default render resolution for OCR; scans are rendered at their own resolution instead. */
export const OCR_DPI = 200;
const MAX_RENDER_PIXELS = 40_000_000;
const MAX_RENDER_SIDE = 8000;

// --- Opening -----------------------------------------------------------------

function tail(bytes: Uint8Array, n: number): string {
  return Buffer.from(bytes.subarray(Math.max(0, bytes.length - n))).toString('latin1');
}

/** A PDF always ends with "startxref <n> %%EOF"; a cut-off download or copy does not. */
export function looksTruncated(bytes: Uint8Array): boolean {
  if (/startxref\s+\d+\s+%%EOF/.test(tail(bytes, 2048))) return false;
  // Some writers append junk after %%EOF; a cut file has no %%EOF near its end at all.
  return !tail(bytes, 65536).includes('%%EOF');
}

/**
 * Patch a truncated PDF so pdf.js sees every page object still present:
 * redefine the catalog's page-tree object with all the /Type /Page objects
 * found by scanning, and end with a "startxref 0" that sends pdf.js into its
 * object-by-object recovery (which takes the last definition of an object).
 * Returns null when there is nothing better to offer.
 */
export function patchTruncatedPdf(bytes: Uint8Array): { data: Uint8Array; pageObjects: number } | null {
  const text = Buffer.from(bytes).toString('latin1');
  if (/\/Encrypt\s/.test(text)) return null; // appended objects would need encrypting too
  const objRe = /(\d+)\s+(\d+)\s+obj\b/g;
  const pages = new Map<string, number>();
  let pagesRef: string | null = null;
  let maxNum = 0;
  for (let m = objRe.exec(text); m; m = objRe.exec(text)) {
    const num = Number(m[1]);
    maxNum = Math.max(maxNum, num);
    const start = m.index + m[0].length;
    const endObj = text.indexOf('endobj', start);
    const body = text.slice(start, Math.min(endObj < 0 ? text.length : endObj, start + 4000));
    const ref = `${m[1]} ${m[2]}`;
    if (/\/Type\s*\/Page(?![A-Za-z])/.test(body)) {
      pages.delete(ref);
      pages.set(ref, num);
    }
    if (/\/Type\s*\/Catalog\b/.test(body)) {
      const p = /\/Pages\s+(\d+\s+\d+)\s+R/.exec(body);
      if (p) pagesRef = p[1]!.replace(/\s+/, ' ');
    }
  }
  if (pages.size === 0) return null;
  const kids = [...pages.keys()].map((r) => `${r} R`).join(' ');
  let patch: string;
  if (pagesRef) {
    patch = `\n${pagesRef} obj\n<</Type/Pages/Count ${pages.size}/Kids[${kids}]>>\nendobj\n`;
  } else {
    const p = maxNum + 1;
    const c = maxNum + 2;
    patch = `\n${p} 0 obj\n<</Type/Pages/Count ${pages.size}/Kids[${kids}]>>\nendobj\n${c} 0 obj\n<</Type/Catalog/Pages ${p} 0 R>>\nendobj\ntrailer\n<</Root ${c} 0 R/Size ${c + 1}>>\n`;
  }
  patch += 'startxref\n0\n%%EOF\n';
  const data = new Uint8Array(bytes.length + patch.length);
  data.set(bytes, 0);
  data.set(Buffer.from(patch, 'latin1'), bytes.length);
  return { data, pageObjects: pages.size };
}

async function openPdf(
  pdfjs: PdfJs,
  data: Uint8Array,
  password: string | undefined,
  name: string,
): Promise<PdfDocument> {
  // pdf.js may detach the buffer it is given: always hand it a copy.
  const task = pdfjs.getDocument(documentParams({ data: data.slice(), password }));
  try {
    return await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const e = error as { name?: string; code?: number; message?: string };
    if (e?.name === 'PasswordException') {
      if (e.code === pdfjs.PasswordResponses.INCORRECT_PASSWORD && password) {
        throw new ParseError(
          'WRONG_PASSWORD',
          `The password for ${name} is not correct: enter the password that opens it in a PDF viewer.`,
        );
      }
      throw new ParseError('PASSWORD_REQUIRED', `${name} needs a password: enter it to index this file.`);
    }
    throw new ParseError(
      'CORRUPT',
      `${name} is damaged or not a PDF (${e?.name ?? 'error'}): open it in a PDF viewer and save or print it to a new PDF.`,
      { cause: error },
    );
  }
}

// --- Scans -------------------------------------------------------------------

interface ImageInfo {
  /** Share of the page area covered by images (can exceed 1 with overlaps). */
  coverage: number;
  /** Resolution of the largest image, in dots per inch as placed on the page. */
  dpi: number | null;
  /** Path-drawing operations: text turned into outlines shows up here. */
  paths: number;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: readonly number[]): Matrix {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = n;
  return [
    m[0] * a + m[2] * b,
    m[1] * a + m[3] * b,
    m[0] * c + m[2] * d,
    m[1] * c + m[3] * d,
    m[0] * e + m[2] * f + m[4],
    m[1] * e + m[3] * f + m[5],
  ];
}

/** Walk the page's drawing operations to find the images on it and their resolution. */
async function pageImages(pdfjs: PdfJs, page: PdfPage): Promise<ImageInfo> {
  const { OPS } = pdfjs;
  const ops = await page.getOperatorList();
  const [x0 = 0, y0 = 0, x1 = 612, y1 = 792] = page.view;
  const pageArea = Math.abs((x1 - x0) * (y1 - y0)) || 1;
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let covered = 0;
  let best: { area: number; dpi: number } | null = null;
  let paths = 0;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[] | null;
    if (fn === OPS.constructPath) paths++;
    else if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && args) ctm = multiply(ctm, args as number[]);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const matrix = args?.[0] as number[] | null | undefined;
      if (Array.isArray(matrix) && matrix.length === 6) ctm = multiply(ctm, matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject) {
      const px =
        typeof args?.[0] === 'string'
          ? Number(args[1]) || 0
          : Number((args?.[0] as { width?: number } | undefined)?.width) || 0;
      const w = Math.hypot(ctm[0], ctm[1]);
      const h = Math.hypot(ctm[2], ctm[3]);
      const area = w * h;
      covered += area / pageArea;
      if (px > 0 && w > 0 && (!best || area > best.area)) best = { area, dpi: px / (w / 72) };
    }
  }
  return { coverage: covered, dpi: best ? best.dpi : null, paths };
}

async function renderPng(doc: PdfDocument, page: PdfPage, dpi: number): Promise<{ png: Uint8Array; dpi: number }> {
  let scale = dpi / 72;
  const base = page.getViewport({ scale: 1 });
  const maxSide = Math.max(base.width, base.height) * scale;
  if (maxSide > MAX_RENDER_SIDE) scale *= MAX_RENDER_SIDE / maxSide;
  const pixels = base.width * base.height * scale * scale;
  if (pixels > MAX_RENDER_PIXELS) scale *= Math.sqrt(MAX_RENDER_PIXELS / pixels);
  const viewport = page.getViewport({ scale });
  const factory = doc.canvasFactory as {
    create(w: number, h: number): { canvas: { encode(format: 'png'): Promise<Uint8Array> } };
    destroy(c: unknown): void;
  };
  const target = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  try {
    await page.render({ canvas: target.canvas as never, viewport, background: 'white' }).promise;
    return { png: await target.canvas.encode('png'), dpi: scale * 72 };
  } finally {
    factory.destroy(target);
  }
}

// --- Headings ----------------------------------------------------------------

interface PageLines {
  index: number;
  lines: LaidOutLine[];
}

/**
 * Lines set clearly larger than the document's body text are headings.
 * Levels rank the distinct heading sizes across the document (largest = 1).
 */
export function detectHeadings(pages: PageLines[]): Map<number, ParsedHeading[]> {
  const weights = new Map<number, number>();
  for (const p of pages) for (const l of p.lines) weights.set(l.size, (weights.get(l.size) ?? 0) + l.text.length);
  let body = 0;
  let bodyWeight = -1;
  for (const [size, w] of weights) {
    if (w > bodyWeight) {
      body = size;
      bodyWeight = w;
    }
  }
  const result = new Map<number, ParsedHeading[]>();
  if (!body) return result;
  const threshold = Math.max(body * 1.15, body + 1);
  const candidates: Array<{ page: number; offset: number; text: string; size: number }> = [];
  for (const p of pages) {
    let last: (typeof candidates)[number] | null = null;
    for (const l of p.lines) {
      const isHeading =
        l.size >= threshold &&
        l.text.length >= 2 &&
        l.text.length <= 150 &&
        /\p{L}/u.test(l.text) &&
        !/^[\d\s.,:;()%$€-]+$/.test(l.text) &&
        // Not a table-of-contents entry, not a list of names.
        !/(\.\s?){4,}|…{2,}/.test(l.text) &&
        (l.text.match(/,/g)?.length ?? 0) < 3 &&
        // Headings are not several sentences.
        !/[.!?]\s+\p{Lu}.*[.!?]\s+\p{L}/u.test(l.text);
      if (!isHeading) {
        last = null;
        continue;
      }
      // A heading wrapped over two or three lines stays one heading.
      if (
        last &&
        Math.abs(last.size - l.size) < 0.6 &&
        last.text.length + l.text.length <= 150 &&
        l.offset - (last.offset + last.text.length) <= 1
      ) {
        last.text = `${last.text} ${l.text}`;
        continue;
      }
      last = { page: p.index, offset: l.offset, text: l.text, size: l.size };
      candidates.push(last);
    }
  }
  // A page set mostly in large type (a cover, a poster) would make everything a heading: cap per page.
  const sizes = [...new Set(candidates.map((c) => c.size))].sort((a, b) => b - a);
  for (const c of candidates) {
    const level = Math.min(6, sizes.indexOf(c.size) + 1);
    const list = result.get(c.page) ?? [];
    if (list.length < 30) list.push({ offset: c.offset, level, text: c.text.slice(0, 300) });
    result.set(c.page, list);
  }
  return result;
}

// --- Title -------------------------------------------------------------------

function cleanTitle(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const t = raw.replace(/\s+/g, ' ').trim();
  if (t.length < 2 || t.length > 300) return null;
  if (/\.(docx?|pdf|jpe?g|png|tiff?|gif|bmp|graffle|indd|qxd|tex|dvi|ps|html?|rtf|odt|pptx?|xlsx?|txt)$/i.test(t))
    return null;
  if (/^(untitled|microsoft word - .*|document\d*)$/i.test(t) || /https?:\/\/|www\./i.test(t)) return null;
  if (assessTextLayer(t.padEnd(20, ' x')).verdict === 'garbage') return null;
  return t;
}

// --- Main --------------------------------------------------------------------

function selectPages(numPages: number, options: PdfParseOptions): number[] {
  let list: number[];
  if (options.pages?.length)
    list = [...new Set(options.pages)]
      .filter((n) => Number.isInteger(n) && n >= 1 && n <= numPages)
      .sort((a, b) => a - b);
  else list = Array.from({ length: numPages }, (_, i) => i + 1);
  if (options.maxPages && options.maxPages > 0) list = list.slice(0, options.maxPages);
  return list;
}

function betterOf(
  layer: { text: string; quality: TextQuality },
  ocr: { text: string; quality: TextQuality },
): 'layer' | 'ocr' {
  if (ocr.quality.usefulChars === 0) return 'layer';
  if (layer.quality.verdict === 'empty' || layer.quality.verdict === 'garbage')
    return ocr.quality.usefulChars >= layer.quality.usefulChars * 0.5 ? 'ocr' : 'layer';
  return ocr.quality.usefulChars > layer.quality.usefulChars * 1.1 ? 'ocr' : 'layer';
}

export async function parsePdf(bytes: Uint8Array, name: string, options: PdfParseOptions): Promise<ParsedDocument> {
  const signal = options.signal;
  signal?.throwIfAborted();
  const pdfjs = await loadPdfJs();
  const warnings: string[] = [];

  let data = bytes;
  let doc = await openPdf(pdfjs, data, options.password, name).catch(async (error: unknown) => {
    // A damaged file may have lost its cross-reference table and page tree: try the patched copy before giving up.
    if (error instanceof ParseError && error.code === 'CORRUPT') {
      const patched = patchTruncatedPdf(bytes);
      if (patched) {
        data = patched.data;
        return openPdf(pdfjs, data, options.password, name).catch(() => Promise.reject(error));
      }
    }
    throw error;
  });
  const truncated = looksTruncated(bytes);
  if (truncated && data === bytes) {
    const patched = patchTruncatedPdf(bytes);
    if (patched && patched.pageObjects > doc.numPages) {
      const better = await openPdf(pdfjs, patched.data, options.password, name).catch(() => null);
      if (better && better.numPages > doc.numPages) {
        await doc.destroy();
        doc = better;
        data = patched.data;
      } else await better?.destroy();
    }
  }

  let ocr: OcrEngine | null = null;
  const ownsOcr = !options.ocrEngine;
  const langs = options.ocrLanguages?.length ? options.ocrLanguages : ['eng'];
  const getOcr = async (): Promise<OcrEngine> => {
    ocr ??= options.ocrEngine ? await options.ocrEngine(langs) : await OcrEngine.create(langs, options.ocrCacheDir);
    return ocr;
  };
  // An abort (timeout, cancel) stops pdf.js and an OCR engine of our own at once, not at the next page.
  const stop = () => {
    void doc.destroy().catch(() => undefined);
    if (ownsOcr && ocr) void (ocr as OcrEngine).terminate();
  };
  signal?.addEventListener('abort', stop, { once: true });

  try {
    const info = (await doc.getMetadata().catch(() => null))?.info as Record<string, unknown> | undefined;
    const numbers = selectPages(doc.numPages, options);
    const pages: ParsedPage[] = [];
    const pageLines: PageLines[] = [];
    const failed: number[] = [];
    const ocrPages: number[] = [];
    const unreadable: number[] = [];
    const scanned: number[] = [];
    let ocrFailures = 0;
    let lastOcrError: unknown = null;

    for (const pageNumber of numbers) {
      signal?.throwIfAborted();
      options.onProgress?.({ page: pageNumber, pages: doc.numPages, phase: 'text' });
      let page: PdfPage;
      try {
        page = await doc.getPage(pageNumber);
      } catch {
        failed.push(pageNumber);
        pages.push({ page: pageNumber, text: '', ocr: false, headings: [] });
        continue;
      }
      try {
        let layer = { text: '', lines: [] as LaidOutLine[] };
        try {
          const content = await page.getTextContent({ includeMarkedContent: false });
          const vertical = new Set(
            Object.entries(content.styles as Record<string, { vertical?: boolean }>)
              .filter(([, s]) => s.vertical)
              .map(([k]) => k),
          );
          layer = layoutTextItems(
            content.items.filter((i): i is RawTextItem & (typeof content.items)[number] => 'str' in i),
            vertical,
          );
        } catch {
          failed.push(pageNumber);
        }
        const quality = assessTextLayer(layer.text);
        // Garbage layers keep only the lines that still read as text (headings and captions often survive).
        let text =
          quality.verdict === 'garbage'
            ? salvageLines(layer.text)
            : quality.verdict === 'noisy'
              ? stripBadCharacters(layer.text)
              : layer.text;
        // Line offsets are only valid for the text exactly as laid out.
        let lines = text === layer.text ? layer.lines : [];
        let fromOcr = false;

        let wantOcr = false;
        let images: ImageInfo | null = null;
        if (quality.verdict === 'empty' || quality.verdict === 'garbage' || quality.verdict === 'noisy') {
          images = await pageImages(pdfjs, page).catch(() => null);
          if (quality.verdict === 'noisy') wantOcr = !!images && images.coverage > 0.5;
          // Empty pages: OCR what has images or drawn shapes (text converted to outlines); skip blank pages.
          else wantOcr = quality.verdict === 'garbage' || !images || images.coverage > 0.01 || images.paths > 20;
          if ((quality.verdict === 'empty' || quality.verdict === 'noisy') && images && images.coverage > 0.5)
            scanned.push(pageNumber);
          if (quality.verdict === 'garbage') unreadable.push(pageNumber);
        }

        if (wantOcr && options.ocr) {
          signal?.throwIfAborted();
          options.onProgress?.({ page: pageNumber, pages: doc.numPages, phase: 'ocr' });
          const scanDpi = images && images.coverage > 0.5 && images.dpi ? images.dpi : null;
          const dpi = scanDpi ? Math.min(400, Math.max(96, scanDpi)) : OCR_DPI;
          try {
            const engine = await getOcr();
            const rendered = await renderPng(doc, page, dpi);
            signal?.throwIfAborted();
            const result = await engine.recognize(rendered.png, rendered.dpi);
            const ocrQuality = assessTextLayer(result.text);
            if (betterOf({ text, quality }, { text: result.text, quality: ocrQuality }) === 'ocr') {
              text = result.text;
              lines = [];
              fromOcr = true;
              ocrPages.push(pageNumber);
            }
          } catch (error) {
            if (error instanceof ParseError && error.code === 'OCR_FAILED' && !ocr) throw error; // engine cannot start: say so
            if (signal?.aborted) throw signal.reason;
            ocrFailures++;
            lastOcrError = error;
          }
        }
        pages.push({ page: pageNumber, text, ocr: fromOcr, headings: [] });
        if (!fromOcr) pageLines.push({ index: pages.length - 1, lines });
      } finally {
        page.cleanup();
      }
    }

    // Headings from font sizes (text-layer pages only; OCR gives no sizes).
    const headings = detectHeadings(pageLines);
    for (const [index, list] of headings) {
      const page = pages[index];
      if (page) page.headings = list;
    }

    // Warnings: page numbers and counts only, never text.
    const withText = pages.filter((p) => p.text.trim().length > 0).length;
    if (truncated)
      warnings.push(`Truncated PDF: recovered ${withText} of ? pages (the file is cut short; later pages are missing)`);
    else if (data !== bytes) warnings.push(`Damaged PDF: recovered ${withText} of ? pages`);
    if (failed.length) warnings.push(`Could not read ${failed.length === 1 ? 'page' : 'pages'} ${formatPages(failed)}`);
    for (const n of ocrPages) warnings.push(`Page ${n} text came from OCR`);
    if (!options.ocr) {
      if (unreadable.length)
        warnings.push(
          `${unreadable.length === 1 ? 'Page' : 'Pages'} ${formatPages(unreadable)}: the text layer is unreadable; turn on OCR to read ${unreadable.length === 1 ? 'it' : 'them'}`,
        );
      const scans = scanned.filter((n) => !unreadable.includes(n));
      if (scans.length && withText > 0)
        warnings.push(
          `${scans.length === 1 ? 'Page' : 'Pages'} ${formatPages(scans)} ${scans.length === 1 ? 'is a scan' : 'are scans'} without a usable text layer; turn on OCR to read ${scans.length === 1 ? 'it' : 'them'}`,
        );
    }
    if (ocrFailures) warnings.push(`OCR failed on ${ocrFailures} ${ocrFailures === 1 ? 'page' : 'pages'}`);

    if (withText === 0) {
      if (failed.length === numbers.length && numbers.length > 0) {
        throw new ParseError(
          'CORRUPT',
          `${name} is damaged: none of its pages could be read. Open it in a PDF viewer and save or print it to a new PDF.`,
        );
      }
      if (options.ocr && ocrFailures > 0) {
        throw new ParseError(
          'OCR_FAILED',
          `OCR failed on ${name} (${String((lastOcrError as Error)?.message ?? lastOcrError).slice(0, 160)}).`,
          { cause: lastOcrError },
        );
      }
      if (options.ocr)
        throw new ParseError(
          'EMPTY',
          `${name} has no text, and OCR found none either: it may be blank or an image without writing. Check the OCR languages if the pages hold text.`,
        );
      throw new ParseError('EMPTY', `${name} has no text layer (it looks like a scan): turn on OCR to index it.`);
    }

    const firstHeading = pages[0]?.headings.find((h) => h.level === 1)?.text ?? pages[0]?.headings[0]?.text ?? null;
    return { kind: 'pdf', title: cleanTitle(info?.Title) ?? cleanTitle(firstHeading), pages, warnings };
  } finally {
    signal?.removeEventListener('abort', stop);
    await doc.destroy().catch(() => undefined);
    if (ownsOcr && ocr) await (ocr as OcrEngine).terminate();
  }
}

/** From an unreadable text layer, the lines that still read as text. */
export function salvageLines(text: string): string {
  const kept: string[] = [];
  for (const raw of stripBadCharacters(text).split('\n')) {
    const line = raw.trim();
    const letters = line.match(/\p{L}/gu)?.length ?? 0;
    const compact = line.replace(/\s+/g, '').length;
    if (letters >= 3 && letters / Math.max(1, compact) >= 0.6) kept.push(line);
  }
  return kept.join('\n');
}

function formatPages(list: number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < list.length; i++) {
    let j = i;
    while (j + 1 < list.length && list[j + 1] === list[j]! + 1) j++;
    ranges.push(j > i ? `${list[i]}-${list[j]}` : `${list[i]}`);
    i = j;
  }
  return ranges.join(', ');
}
