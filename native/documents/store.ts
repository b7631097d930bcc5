import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Collection, DocumentErrorCode, DocumentRecord, DocumentStatus, IngestBatch } from '../api/documents.js';
import { ApiError } from '../api/errors.js';
import type { Chunk } from './chunker.js';
import { toBlob } from './embedder.js';
import { hasCjk, normalizeForIndex } from './text.js';

interface DocumentRow {
  id: string;
  collection_id: string;
  path: string;
  name: string;
  kind: string;
  size_bytes: number;
  sha256: string;
  stored_path: string | null;
  status: DocumentStatus;
  error_code: DocumentErrorCode | null;
  error: string | null;
  pages: number;
  chunks: number;
  ocr_pages: number;
  warnings: string;
  batch_id: string | null;
  added_at: string;
  updated_at: string;
}

export interface StoredDocument extends DocumentRecord {
  storedPath: string | null;
  batchId: string | null;
}

export interface ChunkRow {
  id: number;
  document_id: string;
  collection_id: string;
  page_start: number;
  page_end: number;
  heading: string | null;
  text: string;
  path: string;
  name: string;
}

/** Collections, documents and their chunks in the library database. */
export class DocumentStore {
  constructor(private readonly db: Database) {}

  // ---- collections

  collections(): Collection[] {
    const rows = this.db
      .prepare(
        `SELECT c.*, m.label AS model_label,
           (SELECT COUNT(*) FROM documents d WHERE d.collection_id = c.id) AS document_count,
           (SELECT COUNT(*) FROM chunks k WHERE k.collection_id = c.id) AS chunk_count
         FROM collections c LEFT JOIN models m ON m.id = c.embedding_model_id ORDER BY c.name COLLATE NOCASE`,
      )
      .all() as Array<{
      id: string;
      name: string;
      embedding_model_id: string;
      model_label: string | null;
      document_count: number;
      chunk_count: number;
      created_at: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      embeddingModelId: r.embedding_model_id,
      embeddingModelLabel: r.model_label ?? 'missing model',
      documentCount: r.document_count,
      chunkCount: r.chunk_count,
      createdAt: r.created_at,
    }));
  }

  collection(id: string): Collection {
    const found = this.collections().find((c) => c.id === id);
    if (!found) throw new ApiError('NOT_FOUND', `No collection with id ${id}.`);
    return found;
  }

  /** Whether these ids name every collection there is (a search over all of them needs no filter). */
  coversAllCollections(ids: string[]): boolean {
    const others = this.db
      .prepare(`SELECT COUNT(*) FROM collections WHERE id NOT IN (${ids.map(() => '?').join(',')})`)
      .pluck()
      .get(...ids) as number;
    return others === 0;
  }

  collectionIds(): string[] {
    return this.db.prepare('SELECT id FROM collections ORDER BY created_at').pluck().all() as string[];
  }

  /** The embedding model of a collection, without counting its rows (a hot path: every vector query). */
  embeddingModelId(collectionId: string): string {
    const id = this.db.prepare('SELECT embedding_model_id FROM collections WHERE id = ?').pluck().get(collectionId) as
      string | undefined;
    if (!id) throw new ApiError('NOT_FOUND', `No collection with id ${collectionId}.`);
    return id;
  }

  collectionByName(name: string): Collection | null {
    return this.collections().find((c) => c.name === name) ?? null;
  }

  createCollection(name: string, embeddingModelId: string): Collection {
    const trimmed = name.trim();
    if (!trimmed) throw new ApiError('BAD_PARAMS', 'A collection needs a name.');
    if (this.collectionByName(trimmed))
      throw new ApiError('BAD_PARAMS', `A collection named "${trimmed}" already exists.`);
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO collections (id, name, embedding_model_id) VALUES (?, ?, ?)')
      .run(id, trimmed, embeddingModelId);
    return this.collection(id);
  }

  renameCollection(id: string, name: string): Collection {
    this.collection(id);
    const trimmed = name.trim();
    if (!trimmed) throw new ApiError('BAD_PARAMS', 'A collection needs a name.');
    const clash = this.collectionByName(trimmed);
    if (clash && clash.id !== id) throw new ApiError('BAD_PARAMS', `A collection named "${trimmed}" already exists.`);
    this.db.prepare('UPDATE collections SET name = ? WHERE id = ?').run(trimmed, id);
    return this.collection(id);
  }

  /** Delete the collection's rows (documents and chunks cascade); returns the chunk ids removed from the word indexes. */
  deleteCollection(id: string): void {
    this.collection(id);
    this.db.transaction(() => {
      const ids = this.db.prepare('SELECT id FROM chunks WHERE collection_id = ?').pluck().all(id) as number[];
      this.#deleteFts(ids);
      this.db.prepare('DELETE FROM collections WHERE id = ?').run(id);
    })();
  }

  // ---- documents

  documents(collectionId?: string): StoredDocument[] {
    const rows = (
      collectionId
        ? this.db.prepare('SELECT * FROM documents WHERE collection_id = ? ORDER BY added_at, rowid').all(collectionId)
        : this.db.prepare('SELECT * FROM documents ORDER BY added_at, rowid').all()
    ) as DocumentRow[];
    return rows.map(toRecord);
  }

  document(id: string): StoredDocument {
    const row = this.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
    if (!row) throw new ApiError('NOT_FOUND', `No document with id ${id}.`);
    return toRecord(row);
  }

  documentAt(collectionId: string, path: string): StoredDocument | null {
    const row = this.db
      .prepare('SELECT * FROM documents WHERE collection_id = ? AND path = ?')
      .get(collectionId, path) as DocumentRow | undefined;
    return row ? toRecord(row) : null;
  }

  insertDocument(input: {
    collectionId: string;
    path: string;
    name: string;
    kind: string;
    sizeBytes: number;
    sha256: string;
    batchId: string;
  }): StoredDocument {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO documents (id, collection_id, path, name, kind, size_bytes, sha256, status, batch_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?)`,
      )
      .run(id, input.collectionId, input.path, input.name, input.kind, input.sizeBytes, input.sha256, input.batchId);
    return this.document(id);
  }

  /** A changed file: forget its chunks and queue it again. Returns the chunk ids removed. */
  requeue(id: string, changes: { sizeBytes?: number; sha256?: string; batchId?: string | null } = {}): number[] {
    return this.db.transaction(() => {
      const removed = this.deleteChunks(id);
      this.db
        .prepare(
          `UPDATE documents SET status = 'queued', error_code = NULL, error = NULL, pages = 0, chunks = 0, ocr_pages = 0,
             warnings = '[]', size_bytes = COALESCE(?, size_bytes), sha256 = COALESCE(?, sha256), batch_id = COALESCE(?, batch_id),
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
        )
        .run(changes.sizeBytes ?? null, changes.sha256 ?? null, changes.batchId ?? null, id);
      return removed;
    })();
  }

  setStatus(
    id: string,
    status: DocumentStatus,
    extra: { storedPath?: string; errorCode?: DocumentErrorCode; error?: string } = {},
  ): StoredDocument {
    this.db
      .prepare(
        `UPDATE documents SET status = ?, stored_path = COALESCE(?, stored_path), error_code = ?, error = ?,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
      )
      .run(status, extra.storedPath ?? null, extra.errorCode ?? null, extra.error ?? null, id);
    return this.document(id);
  }

  /** Store a document's chunks, vectors and word-index rows in one transaction, and mark it ready. */
  saveChunks(
    doc: StoredDocument,
    chunks: Chunk[],
    vectors: Float32Array[],
    summary: { pages: number; ocrPages: number; warnings: string[]; title?: string | null },
  ): Array<{ id: number; vector: Float32Array }> {
    return this.db.transaction(() => {
      this.deleteChunks(doc.id);
      const insert = this.db.prepare(
        `INSERT INTO chunks (document_id, collection_id, seq, page_start, page_end, heading, text, token_count, embedding)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const words = this.db.prepare('INSERT INTO chunks_fts (rowid, text) VALUES (?, ?)');
      const trigrams = this.db.prepare('INSERT INTO chunks_trigram (rowid, text) VALUES (?, ?)');
      const added: Array<{ id: number; vector: Float32Array }> = [];
      chunks.forEach((chunk, i) => {
        const vector = vectors[i]!;
        const id = Number(
          insert.run(
            doc.id,
            doc.collectionId,
            chunk.seq,
            chunk.pageStart,
            chunk.pageEnd,
            chunk.heading,
            chunk.text,
            chunk.tokenCount,
            toBlob(vector),
          ).lastInsertRowid,
        );
        // The document's title is indexed with every chunk: words of the title are strong
        // evidence for any passage of the document (BEIR: +0.02 nDCG@10 on SciFact).
        const indexed = [summary.title, chunk.heading, chunk.text].filter(Boolean).join('\n');
        words.run(id, normalizeForIndex(indexed));
        if (hasCjk(indexed)) trigrams.run(id, indexed);
        added.push({ id, vector });
      });
      this.db
        .prepare(
          `UPDATE documents SET status = 'ready', pages = ?, chunks = ?, ocr_pages = ?, warnings = ?, error_code = NULL, error = NULL,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
        )
        .run(summary.pages, chunks.length, summary.ocrPages, JSON.stringify(summary.warnings), doc.id);
      return added;
    })();
  }

  /** Remove a document's chunks and their word-index rows; returns the chunk ids (for the vector index). */
  deleteChunks(documentId: string): number[] {
    const ids = this.db.prepare('SELECT id FROM chunks WHERE document_id = ?').pluck().all(documentId) as number[];
    this.#deleteFts(ids);
    this.db.prepare('DELETE FROM chunks WHERE document_id = ?').run(documentId);
    return ids;
  }

  deleteDocument(id: string): number[] {
    return this.db.transaction(() => {
      const ids = this.deleteChunks(id);
      this.db.prepare('DELETE FROM documents WHERE id = ?').run(id);
      return ids;
    })();
  }

  /** Is any other document still using this stored copy? */
  storedCopyInUse(storedPath: string, exceptId: string): boolean {
    return Boolean(
      this.db.prepare('SELECT 1 FROM documents WHERE stored_path = ? AND id != ?').get(storedPath, exceptId),
    );
  }

  /** Documents interrupted by an engine stop go back to the queue (finished ones are untouched). */
  requeueInterrupted(): number {
    return this.db
      .prepare("UPDATE documents SET status = 'queued' WHERE status IN ('parsing', 'ocr', 'embedding')")
      .run().changes;
  }

  nextQueued(): StoredDocument | null {
    const row = this.db
      .prepare("SELECT * FROM documents WHERE status = 'queued' ORDER BY added_at, rowid LIMIT 1")
      .get() as DocumentRow | undefined;
    return row ? toRecord(row) : null;
  }

  pendingCount(collectionIds: string[]): number {
    if (!collectionIds.length) return 0;
    const marks = collectionIds.map(() => '?').join(',');
    return this.db
      .prepare(
        `SELECT COUNT(*) FROM documents WHERE collection_id IN (${marks}) AND status IN ('queued', 'parsing', 'ocr', 'embedding')`,
      )
      .pluck()
      .get(...collectionIds) as number;
  }

  // ---- batches

  createBatch(collectionId: string): string {
    const id = randomUUID();
    this.db
      .prepare("INSERT INTO ingest_batches (id, collection_id, state) VALUES (?, ?, 'running')")
      .run(id, collectionId);
    return id;
  }

  batch(id: string): IngestBatch {
    const row = this.db.prepare('SELECT * FROM ingest_batches WHERE id = ?').get(id) as
      { id: string; collection_id: string; state: IngestBatch['state'] } | undefined;
    if (!row) throw new ApiError('NOT_FOUND', `No batch ${id}.`);
    const counts = this.db
      .prepare(
        `SELECT COUNT(*) AS total,
           SUM(status = 'ready') AS done, SUM(status = 'failed') AS failed, SUM(status = 'skipped') AS skipped
         FROM documents WHERE batch_id = ?`,
      )
      .get(id) as { total: number; done: number | null; failed: number | null; skipped: number | null };
    return {
      id: row.id,
      collectionId: row.collection_id,
      state: row.state,
      total: counts.total,
      done: counts.done ?? 0,
      failed: counts.failed ?? 0,
      skipped: counts.skipped ?? 0,
    };
  }

  batches(): IngestBatch[] {
    const ids = this.db
      .prepare('SELECT id FROM ingest_batches ORDER BY created_at DESC, rowid DESC LIMIT 20')
      .pluck()
      .all() as string[];
    return ids.map((id) => this.batch(id));
  }

  setBatchState(id: string, state: IngestBatch['state']): void {
    this.db.prepare('UPDATE ingest_batches SET state = ? WHERE id = ?').run(state, id);
  }

  // ---- chunks for search

  chunksByIds(ids: number[]): Map<number, ChunkRow> {
    const out = new Map<number, ChunkRow>();
    if (!ids.length) return out;
    const marks = ids.map(() => '?').join(',');
    const rows = this.db
      .prepare(
        `SELECT c.id, c.document_id, c.collection_id, c.page_start, c.page_end, c.heading, c.text, d.path, d.name
         FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id IN (${marks})`,
      )
      .all(...ids) as ChunkRow[];
    for (const row of rows) out.set(row.id, row);
    return out;
  }

  #deleteFts(ids: number[]): void {
    const words = this.db.prepare('DELETE FROM chunks_fts WHERE rowid = ?');
    const trigrams = this.db.prepare('DELETE FROM chunks_trigram WHERE rowid = ?');
    for (const id of ids) {
      words.run(id);
      trigrams.run(id);
    }
  }
}

function toRecord(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    collectionId: row.collection_id,
    path: row.path,
    name: row.name,
    kind: row.kind,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    status: row.status,
    errorCode: row.error_code,
    error: row.error,
    pages: row.pages,
    chunks: row.chunks,
    ocrPages: row.ocr_pages,
    warnings: JSON.parse(row.warnings) as string[],
    progress: null,
    addedAt: row.added_at,
    updatedAt: row.updated_at,
    storedPath: row.stored_path,
    batchId: row.batch_id,
  };
}
