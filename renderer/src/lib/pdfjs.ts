/**
 * pdf.js for the source viewer, loaded only when a PDF is first shown (this
 * module is imported dynamically, so it and its worker stay out of the main
 * bundle). Nothing is ever fetched: the bytes are handed over as data, eval
 * is off, and no font, cMap or wasm URL is given (pdf.js falls back to
 * system fonts and skips what it cannot decode).
 */
import {
  getDocument,
  GlobalWorkerOptions,
  TextLayer,
  Util,
  type PDFDocumentProxy,
  type PageViewport,
} from 'pdfjs-dist';
import PdfWorker from 'pdfjs-dist/build/pdf.worker.min.mjs?worker';
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api';
import { highlightItems } from './passage';

export type { PDFDocumentProxy, PageViewport };

let worker: Worker | null = null;

function ensureWorker(): void {
  if (worker) return;
  worker = new PdfWorker({ name: 'pdf.js' });
  GlobalWorkerOptions.workerPort = worker;
}

export function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Why a PDF did not open: it needs a password (or another one), or it is unreadable. */
export class PdfOpenError extends Error {
  constructor(
    readonly reason: 'password' | 'wrong-password' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

const open = new Map<string, Promise<PDFDocumentProxy>>();
const KEEP = 2;

/** Open a document's PDF (kept for the last two documents, so moving between sources is quick). */
export function openPdf(key: string, base64: string, password?: string): Promise<PDFDocumentProxy> {
  const held = open.get(key);
  if (held && password === undefined) return held;
  ensureWorker();
  const task = getDocument({
    data: decodeBase64(base64),
    password,
    isEvalSupported: false,
    enableXfa: false,
    stopAtErrors: false,
    disableAutoFetch: true,
    disableStream: true,
    useSystemFonts: true,
  });
  const promise = task.promise.catch((error: unknown) => {
    open.delete(key);
    const e = error as { name?: string; code?: number; message?: string };
    if (e?.name === 'PasswordException') {
      // pdf.js: code 1 needs a password, 2 was given a wrong one.
      throw new PdfOpenError(e.code === 2 ? 'wrong-password' : 'password', e.message ?? 'Password required');
    }
    throw new PdfOpenError('unreadable', e?.message ?? String(error));
  });
  open.set(key, promise);
  while (open.size > KEEP) {
    const [oldest, doc] = open.entries().next().value!;
    open.delete(oldest);
    void doc.then((d) => d.destroy()).catch(() => {});
  }
  return promise;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** What a rendered page shows: its size, and the boxes around the passage's text (CSS pixels). */
export interface RenderedPage {
  width: number;
  height: number;
  highlights: Box[];
  /** The page has text, but the passage was not found in it (or it has no text at all: a scan). */
  textItems: number;
  cancel(): void;
}

/**
 * Draw a page onto a canvas at a scale, lay the selectable text layer over it,
 * and find the passage's boxes. `passage` empty: no highlight.
 */
export async function renderPage(
  doc: PDFDocumentProxy,
  pageNumber: number,
  scale: number,
  canvas: HTMLCanvasElement,
  textLayer: HTMLDivElement,
  passage: string,
  signal: AbortSignal,
): Promise<RenderedPage | null> {
  const page = await doc.getPage(pageNumber);
  if (signal.aborted) return null;
  const viewport = page.getViewport({ scale });
  const ratio = Math.min(window.devicePixelRatio || 1, 3);
  const width = Math.floor(viewport.width);
  const height = Math.floor(viewport.height);

  // Draw off screen first, so the shown page never flashes blank while zooming.
  const scratch = document.createElement('canvas');
  scratch.width = Math.floor(viewport.width * ratio);
  scratch.height = Math.floor(viewport.height * ratio);
  const task = page.render({
    canvas: scratch,
    viewport,
    transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
  });
  const abort = (): void => task.cancel();
  signal.addEventListener('abort', abort);
  try {
    await task.promise;
  } catch (error) {
    if (signal.aborted) return null;
    throw error;
  } finally {
    signal.removeEventListener('abort', abort);
  }
  if (signal.aborted) return null;
  canvas.width = scratch.width;
  canvas.height = scratch.height;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.getContext('2d')?.drawImage(scratch, 0, 0);

  const content: TextContent = await page.getTextContent();
  if (signal.aborted) return null;
  const items = content.items.filter((item): item is TextItem => 'str' in item);

  textLayer.replaceChildren();
  textLayer.style.setProperty('--total-scale-factor', String(scale));
  const layer = new TextLayer({ textContentSource: content, container: textLayer, viewport });
  await layer.render().catch(() => {
    // The text layer only makes text selectable: the page is shown without it.
  });

  const highlights: Box[] = [];
  if (passage.trim()) {
    for (const range of highlightItems(
      items.map((i) => i.str),
      passage,
    )) {
      const item = items[range.index]!;
      const m = Util.transform(viewport.transform, item.transform) as number[];
      const fontHeight = Math.hypot(m[2]!, m[3]!);
      const itemWidth = item.width * scale;
      if (!(fontHeight > 0) || !(itemWidth > 0)) continue;
      highlights.push({
        left: m[4]! + itemWidth * range.from - 1,
        top: m[5]! - fontHeight * 0.92,
        width: itemWidth * (range.to - range.from) + 2,
        height: fontHeight * 1.18,
      });
    }
  }
  return { width, height, highlights, textItems: items.length, cancel: () => layer.cancel() };
}
