/** Messages between parseDocument and its worker thread. */
import type { GgufFileInfo } from 'node-llama-cpp';
import type { ParsedDocument, ParseErrorCode, ParseProgress, PortableParseOptions } from './types.js';

export interface WorkerRequest {
  path: string;
  options: PortableParseOptions;
}

export type WorkerReply =
  | { type: 'progress'; progress: ParseProgress }
  | { type: 'done'; result: ParsedDocument; heapBytes: number }
  | { type: 'error'; code: ParseErrorCode; message: string; heapBytes: number };

/** The thread also reads GGUF headers for inspectGguf (a thread of its own each time, with tight limits). */
export interface GgufHeaderRequest {
  gguf: string;
}

export type GgufHeaderReply =
  | { type: 'gguf'; info: GgufFileInfo }
  /** `invalid`: the header's counts were refused (GgufHeaderError); otherwise node-llama-cpp failed to read it. */
  | { type: 'gguf-error'; invalid: boolean; message: string };
