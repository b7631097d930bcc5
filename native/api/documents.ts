/** Documents, collections and retrieval types, shared by engine and UI (types only). */

export interface Collection {
  id: string;
  name: string;
  /** Fixed when the collection is created: every chunk in it is embedded with this model. */
  embeddingModelId: string;
  embeddingModelLabel: string;
  documentCount: number;
  chunkCount: number;
  createdAt: string;
}

export type DocumentStatus = 'queued' | 'parsing' | 'ocr' | 'embedding' | 'ready' | 'failed' | 'skipped';

export type DocumentErrorCode =
  | 'UNSUPPORTED'
  | 'PASSWORD_REQUIRED'
  | 'WRONG_PASSWORD'
  | 'CORRUPT'
  | 'EMPTY'
  | 'TOO_LARGE'
  | 'TIMEOUT'
  | 'OCR_FAILED'
  | 'NOT_FOUND'
  | 'DISK_FULL'
  | 'CANCELLED'
  | 'INTERNAL';

export interface DocumentRecord {
  id: string;
  collectionId: string;
  /** The path as ingested (absolute). */
  path: string;
  name: string;
  kind: string;
  sizeBytes: number;
  sha256: string;
  status: DocumentStatus;
  errorCode: DocumentErrorCode | null;
  /** What went wrong, said for the user, with what to do. */
  error: string | null;
  pages: number;
  chunks: number;
  ocrPages: number;
  warnings: string[];
  /** Work done within the current stage (pages parsed, chunks embedded), when it runs. */
  progress: { done: number; total: number } | null;
  addedAt: string;
  updatedAt: string;
}

export interface IngestBatch {
  id: string;
  collectionId: string;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  state: 'running' | 'done' | 'cancelled';
}

/** Why a path given to `documents.add`, or an entry found in one of its folders, was not added. */
export type SkipCode =
  /** Not a type Cellar reads. */
  | 'UNSUPPORTED'
  /** Not there (or gone while the folder was read). */
  | 'NOT_FOUND'
  /** A link whose target is gone. */
  | 'BROKEN_LINK'
  /** A link inside a chosen folder whose target lies outside it: never followed. */
  | 'OUTSIDE_FOLDER'
  /** A link to a folder: not followed (loops). */
  | 'LINK_TO_FOLDER'
  /** A link to a file that is added already under its own name. */
  | 'DUPLICATE'
  /** A name starting with a dot (.git, .DS_Store): hidden files are left out. */
  | 'HIDDEN'
  /** A FIFO, socket or device: not a document. */
  | 'SPECIAL_FILE'
  /** The folder or file could not be read (permissions). */
  | 'UNREADABLE';

export interface SkippedEntry {
  path: string;
  /** Said for the user. */
  reason: string;
  /** Set by the engine for every entry; optional for results made before it existed. */
  code?: SkipCode;
}

export interface IngestResult {
  batch: IngestBatch;
  documents: DocumentRecord[];
  /** Every path not added, and every entry of a chosen folder left out, with why. */
  skipped: SkippedEntry[];
}

export type SearchMode = 'hybrid' | 'keyword' | 'vector';

export interface SearchResult {
  chunkId: number;
  documentId: string;
  collectionId: string;
  /** The path as ingested. */
  document: string;
  name: string;
  pageStart: number;
  pageEnd: number;
  heading: string | null;
  text: string;
  /** Higher is better; 0..1 within one result list. */
  score: number;
}

export interface Citation {
  /** The number used in the answer: [1], [2]... */
  n: number;
  chunkId: number;
  documentId: string;
  document: string;
  name: string;
  pageStart: number;
  pageEnd: number;
  text: string;
}

export interface DocumentBytes {
  name: string;
  kind: string;
  /** The file's bytes, base64 (JSON-safe across every transport). */
  base64: string;
}
