/**
 * Document parsing: PDF (text layer, OCR fallback), DOCX, Markdown, HTML,
 * TXT, CSV/TSV to plain text per page, with headings.
 *
 * parseDocument runs the work in a worker thread (dist/native/parse-worker.js,
 * beside the engine bundle) so that a hang or crash inside pdf.js or
 * tesseract.js is contained: on timeout or abort the thread is terminated.
 * A thread that finished a file is kept for the next one (loading pdf.js in a
 * new thread cost 190-460 ms per file), for up to 50 files and 30 s idle.
 * Where the worker bundle does not exist (tests on the TypeScript sources),
 * it parses in-process with the same time limit.
 *
 * Nothing here touches the network, and nothing logs document text.
 */
import { Worker } from 'node:worker_threads';
import { bundleBeside } from '../../bundle-beside.js';
import { checkFile, parseDocumentInProcess } from './in-process.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  ParseError,
  type ParsedDocument,
  type ParseOptions,
  type PortableParseOptions,
} from './types.js';

export { detectKind, parseDocumentInProcess, SUPPORTED_EXTENSIONS } from './in-process.js';
export { isParseError, ParseError } from './types.js';
export type {
  DocumentKind,
  ParsedDocument,
  ParsedHeading,
  ParsedPage,
  ParseErrorCode,
  ParseOptions,
  ParseProgress,
} from './types.js';

export interface ParseDocumentOptions extends ParseOptions {
  /**
   * The worker bundle to run in. Default: parse-worker.js beside this module
   * (dist/native/ in the built app); false parses in-process.
   */
  worker?: URL | string | false;
  /**
   * V8 heap limit of the worker thread, MiB (default 1024: a laptop's share; a file that needs more
   * fails alone with TOO_LARGE). OCR's wasm memory is not counted.
   */
  workerHeapMb?: number;
}

/** The parse thread's V8 heap limit, MiB: what a laptop can spare (the old 4096 let a zip bomb reach 4.7 GB). */
export const DEFAULT_WORKER_HEAP_MB = 1024;

function portable(options: ParseDocumentOptions): PortableParseOptions {
  const { password, ocr, ocrLanguages, ocrCacheDir, timeoutMs, maxBytes, pages, maxPages, displayName } = options;
  return { password, ocr, ocrLanguages, ocrCacheDir, timeoutMs, maxBytes, pages, maxPages, displayName };
}

/** Parse a document at `path` into pages of text. Throws ParseError (or the signal's reason when aborted). */
export async function parseDocument(path: string, options: ParseDocumentOptions): Promise<ParsedDocument> {
  options.signal?.throwIfAborted();
  const { name } = await checkFile(path, options.maxBytes ?? DEFAULT_MAX_BYTES, options.displayName);
  const chosen = options.worker === undefined ? bundleBeside(import.meta.url, 'parse-worker.js') : options.worker;
  if (!chosen) return parseDocumentInProcess(path, options);
  return runInWorker(chosen, path, name, options);
}

function runInWorker(
  workerUrl: URL | string,
  path: string,
  name: string,
  options: ParseDocumentOptions,
): Promise<ParsedDocument> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = options.signal;
  return new Promise<ParsedDocument>((resolve, reject) => {
    const request: WorkerRequest = { path, options: portable(options) };
    const thread = takeThread(workerUrl, options.workerHeapMb ?? DEFAULT_WORKER_HEAP_MB);
    const worker = thread.worker;
    let settled = false;
    let phase: 'text' | 'ocr' = 'text';
    let lastPage = 0;

    /** `heapBytes`: the thread answered (a result or a typed error) with this much heap, so it may take the next file. */
    const finish = (settle: () => void, heapBytes?: number) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (heapBytes !== undefined) releaseThread(thread, heapBytes);
      else void worker.terminate().catch(() => undefined);
      settle();
    };
    const timer =
      timeoutMs > 0 && Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            finish(() =>
              reject(
                new ParseError(
                  'TIMEOUT',
                  `${name} took longer than ${Math.round(timeoutMs / 1000)} s to read and was stopped${lastPage ? ` at page ${lastPage}${phase === 'ocr' ? ' (OCR)' : ''}` : ''}: try again with OCR off, or split the file.`,
                ),
              ),
            );
          }, timeoutMs)
        : null;
    const onAbort = () =>
      finish(() => reject(signal?.reason ?? new DOMException('The parse was cancelled', 'AbortError')));
    signal?.addEventListener('abort', onAbort, { once: true });

    const onMessage = (message: WorkerReply) => {
      if (message.type === 'progress') {
        phase = message.progress.phase;
        lastPage = message.progress.page;
        try {
          options.onProgress?.(message.progress);
        } catch {
          // a progress listener's failure is not the parse's
        }
      } else if (message.type === 'done') {
        finish(() => resolve(message.result), message.heapBytes);
      } else if (message.type === 'error') {
        finish(() => reject(new ParseError(message.code, message.message)), message.heapBytes);
      }
    };
    const onError = (error: Error & { code?: string }) => {
      finish(() => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(
            new ParseError(
              'TOO_LARGE',
              `${name} needs more memory to read than Cellar allows${lastPage ? ` (at page ${lastPage})` : ''}: split it into smaller files.`,
              { cause: error },
            ),
          );
        } else if (phase === 'ocr') {
          reject(
            new ParseError(
              'OCR_FAILED',
              `OCR crashed on ${name}${lastPage ? ` at page ${lastPage}` : ''}: try again with OCR off or other OCR languages.`,
              { cause: error },
            ),
          );
        } else {
          reject(
            new ParseError(
              'CORRUPT',
              `Reading ${name} failed${lastPage ? ` at page ${lastPage}` : ''} (${error.name}): the file may be damaged; open it and save a new copy.`,
              { cause: error },
            ),
          );
        }
      });
    };
    const onExit = (code: number) => {
      finish(() =>
        reject(
          new ParseError(
            phase === 'ocr' ? 'OCR_FAILED' : 'CORRUPT',
            `Reading ${name} stopped unexpectedly (exit code ${code}).`,
          ),
        ),
      );
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(request);
    if (signal?.aborted) onAbort();
  });
}

/** A parse thread, and how many files it has read. */
interface ParseThread {
  worker: Worker;
  key: string;
  files: number;
  idleTimer: NodeJS.Timeout | null;
}

/** A thread reads at most this many files, then a fresh one takes over (bounds whatever pdf.js keeps). */
const FILES_PER_THREAD = 50;
/**
 * A thread whose heap has grown past this after a file is replaced: V8 keeps what a big
 * PDF needed long after (peak RSS of a 400-file ingestion was 889 MiB with reuse and no
 * limit, 544 MiB with a thread per file).
 */
const RECYCLE_HEAP_BYTES = 128 * 1024 * 1024;
/** An idle thread is ended after this long (its memory is the engine's). */
const IDLE_MS = 30_000;
const idleThreads = new Map<string, ParseThread>();
let threadsStarted = 0;

/** How many parse threads this process has started (tests: files share one). */
export function parseThreadsStarted(): number {
  return threadsStarted;
}

function takeThread(workerUrl: URL | string, heapMb: number): ParseThread {
  const key = `${String(workerUrl)} ${heapMb}`;
  const idle = idleThreads.get(key);
  if (idle) {
    idleThreads.delete(key);
    if (idle.idleTimer) clearTimeout(idle.idleTimer);
    idle.worker.ref();
    return idle;
  }
  threadsStarted++;
  const worker = new Worker(workerUrl, {
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
    // pdf.js and tesseract print diagnostics; drop them rather than risk echoing anything from a document.
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  const thread: ParseThread = { worker, key, files: 0, idleTimer: null };
  worker.once('exit', () => {
    if (idleThreads.get(key) === thread) idleThreads.delete(key);
  });
  return thread;
}

function releaseThread(thread: ParseThread, heapBytes: number): void {
  thread.files++;
  if (thread.files >= FILES_PER_THREAD || heapBytes > RECYCLE_HEAP_BYTES || idleThreads.has(thread.key)) {
    void thread.worker.terminate().catch(() => undefined);
    return;
  }
  thread.worker.unref(); // an idle thread keeps no process alive
  thread.idleTimer = setTimeout(() => {
    if (idleThreads.get(thread.key) === thread) idleThreads.delete(thread.key);
    void thread.worker.terminate().catch(() => undefined);
  }, IDLE_MS);
  thread.idleTimer.unref();
  idleThreads.set(thread.key, thread);
}
