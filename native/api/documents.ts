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

export interface IngestResult {
  batch: IngestBatch;
  documents: DocumentRecord[];
  /** Paths that were not added, with why (unsupported type, not found). */
  skipped: Array<{ path: string; reason: string }>;
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
