/**
 * The parsing itself, in whatever thread calls it: file checks, then one
 * parser per kind. parseDocument (index.ts) normally runs this inside a
 * worker thread; tests and the fallback call it directly.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseCsv } from './csv.js';
import { parseDocx } from './docx.js';
import { parseHtml } from './html.js';
import { parseMarkdown } from './markdown.js';
import type { OcrEngine } from './ocr.js';
import { parsePdf } from './pdf.js';
import { normalizePage } from './sections.js';
import { parseText } from './text.js';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  ParseError,
  type DocumentKind,
  type ParsedDocument,
  type ParseOptions,
} from './types.js';

const KINDS: Record<string, DocumentKind> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
  '.text': 'text',
  '.csv': 'csv',
  '.tsv': 'csv',
};

/** The kind of document a path holds, by extension; null when Cellar cannot read it. */
export function detectKind(path: string): DocumentKind | null {
  return KINDS[extname(path).toLowerCase()] ?? null;
}

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(KINDS);

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${Math.ceil(n / 1024)} KiB`;
}

/** Checks that need no parsing: kind, existence, size. Returns the kind and size. */
export async function checkFile(
  path: string,
  maxBytes = DEFAULT_MAX_BYTES,
  displayName?: string,
): Promise<{ kind: DocumentKind; size: number; name: string }> {
  const name = displayName?.trim() || basename(path);
  const kind = detectKind(path);
  if (!kind) {
    throw new ParseError(
      'UNSUPPORTED',
      `${name} is not a supported file type: Cellar reads PDF, Word (.docx), Markdown, HTML, text and CSV files.`,
    );
  }
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile())
      throw new ParseError(
        'UNSUPPORTED',
        `${name} is not a file: add the files inside a folder, not the folder itself.`,
      );
    size = s.size;
  } catch (error) {
    if (error instanceof ParseError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'it was moved or deleted'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (code ?? 'unknown error');
    throw new ParseError(
      'CORRUPT',
      `${name} could not be opened (${why}): check the file is still there and readable, then add it again.`,
      { cause: error },
    );
  }
  if (size > maxBytes) {
    throw new ParseError(
      'TOO_LARGE',
      `${name} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit for one document: split it into smaller files.`,
    );
  }
  if (size === 0) throw new ParseError('EMPTY', `${name} is empty (0 bytes).`);
  return { kind, size, name };
}

export interface InProcessOptions extends ParseOptions {
  /** Tests: share one OCR engine across parses. */
  ocrEngine?: (langs: readonly string[]) => Promise<OcrEngine>;
}

async function parseKind(
  kind: DocumentKind,
  bytes: Uint8Array,
  name: string,
  path: string,
  options: InProcessOptions,
  signal: AbortSignal,
): Promise<ParsedDocument> {
  switch (kind) {
    case 'pdf':
      return parsePdf(bytes, name, {
        password: options.password,
        ocr: options.ocr,
        ocrLanguages: options.ocrLanguages,
        ocrCacheDir: options.ocrCacheDir,
        pages: options.pages,
        maxPages: options.maxPages,
        signal,
        onProgress: options.onProgress,
        ocrEngine: options.ocrEngine,
      });
    case 'docx':
      return parseDocx(bytes, name);
    case 'markdown':
      return parseMarkdown(bytes);
    case 'html':
      return parseHtml(bytes);
    case 'text':
      return parseText(bytes, name);
    case 'csv':
      return parseCsv(bytes, name, extname(path).toLowerCase() === '.tsv');
    default: {
      const never: never = kind;
      throw new ParseError('UNSUPPORTED', `Unknown kind ${String(never)}`);
    }
  }
}

/**
 * Parse in the calling thread. Honours timeoutMs and signal by racing the
 * work (pdf.js or tesseract may not notice an abort mid-page); on timeout it
 * throws TIMEOUT, on abort the signal's reason.
 */
export async function parseDocumentInProcess(path: string, options: InProcessOptions): Promise<ParsedDocument> {
  const { kind, name } = await checkFile(path, options.maxBytes ?? DEFAULT_MAX_BYTES, options.displayName);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timeoutError = new ParseError(
    'TIMEOUT',
    `${name} took longer than ${Math.round(timeoutMs / 1000)} s to read and was stopped: try again with OCR off, or split the file.`,
  );
  const timer =
    timeoutMs > 0 && Number.isFinite(timeoutMs) ? setTimeout(() => controller.abort(timeoutError), timeoutMs) : null;
  const onAbort = () =>
    controller.abort(options.signal?.reason ?? new DOMException('The parse was cancelled', 'AbortError'));
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    const work = (async () => {
      const bytes = new Uint8Array(await readFile(path));
      controller.signal.throwIfAborted();
      const parsed = await parseKind(kind, bytes, name, path, options, controller.signal);
      const doc = { ...parsed, title: parsed.title?.normalize('NFC') ?? null, pages: parsed.pages.map(normalizePage) };
      if (!doc.pages.some((p) => p.text.trim().length > 0)) {
        throw new ParseError('EMPTY', `${name} has no text to index.`);
      }
      return doc;
    })();
    work.catch(() => undefined);
    return await Promise.race([work, aborted]);
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // Stop whatever is still running (pdf.js, OCR) at its next check.
    if (!controller.signal.aborted) controller.abort(new DOMException('finished', 'AbortError'));
  }
}
