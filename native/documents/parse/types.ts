/**
 * The shapes every parser returns, and the one error type they throw.
 * Plain data only: a ParsedDocument crosses a worker_threads boundary.
 */

export type DocumentKind = 'pdf' | 'docx' | 'markdown' | 'html' | 'text' | 'csv';

export interface ParsedHeading {
  /** Character offset of the heading's first character in the page text. */
  offset: number;
  /** 1 = top level. */
  level: number;
  text: string;
}

export interface ParsedPage {
  /** 1-based. PDF: the real page number. Other formats: sections of about 3,000 characters, split at paragraph boundaries. */
  page: number;
  text: string;
  /** True when the text came from OCR rather than from the file's own text. */
  ocr: boolean;
  headings: ParsedHeading[];
}

export interface ParsedDocument {
  kind: DocumentKind;
  title: string | null;
  pages: ParsedPage[];
  /** Human-readable notes about partial results, e.g. 'Truncated PDF: recovered 10 of 23 pages'. Never document text. */
  warnings: string[];
  /** For decoded text formats (text, html, markdown, csv): the encoding the bytes were read as. */
  encoding?: string;
}

export type ParseErrorCode =
  'UNSUPPORTED' | 'PASSWORD_REQUIRED' | 'WRONG_PASSWORD' | 'CORRUPT' | 'EMPTY' | 'TOO_LARGE' | 'TIMEOUT' | 'OCR_FAILED';

export class ParseError extends Error {
  override readonly name = 'ParseError';
  constructor(
    readonly code: ParseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isParseError(value: unknown): value is ParseError {
  return value instanceof ParseError;
}

export interface ParseProgress {
  /** 1-based page (or section) being worked on. */
  page: number;
  pages: number;
  phase: 'text' | 'ocr';
}

export interface ParseOptions {
  /** For encrypted PDFs. */
  password?: string;
  /** OCR pages without a usable text layer (PDF only). */
  ocr: boolean;
  /** tesseract language codes, default ['eng']. Each needs its traineddata installed (@tesseract.js-data/<lang>). */
  ocrLanguages?: string[];
  /** Where OCR language data is staged: the library's own cache folder (owner-only). Default: a private temporary folder. */
  ocrCacheDir?: string;
  /** Whole-parse limit, default 120,000 ms; on expiry the parse is stopped and TIMEOUT thrown. */
  timeoutMs?: number;
  /** Files larger than this are refused with TOO_LARGE; default 512 MiB. */
  maxBytes?: number;
  /** Aborting stops the parse (the worker is terminated) and rejects with the signal's reason. */
  signal?: AbortSignal;
  onProgress?(progress: ParseProgress): void;
  /** PDF only: parse just these 1-based pages (others are left out of the result). */
  pages?: number[];
  /** PDF only: parse at most this many pages from the start. */
  maxPages?: number;
  /** The name error messages use for the file (default: the path's base name), e.g. the user's original name for a stored copy. */
  displayName?: string;
}

/** The options that can be posted to a worker thread (no functions, no signal). */
export type PortableParseOptions = Omit<ParseOptions, 'signal' | 'onProgress'>;

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
