/** Messages between parseDocument and its worker thread. */
import type { ParsedDocument, ParseErrorCode, ParseProgress, PortableParseOptions } from './types.js';

export interface WorkerRequest {
  path: string;
  options: PortableParseOptions;
}

export type WorkerReply =
  | { type: 'progress'; progress: ParseProgress }
  | { type: 'done'; result: ParsedDocument; heapBytes: number }
  | { type: 'error'; code: ParseErrorCode; message: string; heapBytes: number };
