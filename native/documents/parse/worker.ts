/**
 * Worker-thread entry (bundled to dist/native/parse-worker.js): parses the
 * documents it is sent, one at a time, and posts each result. The parent owns the time limit and
 * terminates this thread on timeout or abort, so a pdf.js or tesseract hang
 * or crash never reaches the engine. Nothing here logs document text.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { parseDocumentInProcess } from './in-process.js';
import { ParseError, type PortableParseOptions } from './types.js';
import type { GgufHeaderReply, GgufHeaderRequest, WorkerReply, WorkerRequest } from './protocol.js';
import { GgufHeaderError, readGgufHeader } from '../../models/gguf-header.js';

const port = parentPort;
if (!port) throw new Error('parse-worker must run in a worker thread');

const post = (message: WorkerReply) => port.postMessage(message);
/** This thread's heap, so the parent can replace a thread that has grown (V8 gives memory back lazily). */
const heapBytes = () => getHeapStatistics().total_heap_size;

// One request at a time: the parent sends the next file only after this one's answer.
port.on('message', (request: WorkerRequest | GgufHeaderRequest) => {
  if ('gguf' in request) {
    readGgufHeader(request.gguf).then(
      (info) => port.postMessage({ type: 'gguf', info } satisfies GgufHeaderReply),
      (error: unknown) =>
        port.postMessage({
          type: 'gguf-error',
          invalid: error instanceof GgufHeaderError,
          message: String((error as Error)?.message ?? error).slice(0, 300),
        } satisfies GgufHeaderReply),
    );
    return;
  }
  const options: PortableParseOptions = request.options;
  parseDocumentInProcess(request.path, {
    ...options,
    // The parent enforces the limit and kills this thread; no second timer here.
    timeoutMs: 0,
    onProgress: (progress) => post({ type: 'progress', progress }),
  }).then(
    (result) => post({ type: 'done', result, heapBytes: heapBytes() }),
    (error: unknown) => {
      if (error instanceof ParseError)
        post({ type: 'error', code: error.code, message: error.message, heapBytes: heapBytes() });
      else
        post({
          type: 'error',
          code: 'CORRUPT',
          message: `The file could not be read (${error instanceof Error ? error.name : 'error'}: ${String((error as Error)?.message ?? error).slice(0, 200)}).`,
          heapBytes: heapBytes(),
        });
    },
  );
});
