import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Collection, DocumentBytes } from '../api/documents.js';
import type { CatalogEntry } from '../api/models.js';
import { ApiError } from '../api/errors.js';
import type { EventHub } from '../engine/events.js';
import type { ModelLibrary } from '../models/library.js';
import { catalogEntryFor } from '../models/catalog.js';
import { calibratedThreshold } from './calibration.js';
import type { EmbeddingHost } from './embedder.js';
import { IngestQueue } from './ingest.js';
import { Retriever } from './search.js';
import { DocumentStore, type StoredDocument } from './store.js';
import { VectorIndex } from './vector-index.js';

const MAX_VIEWER_BYTES = 200 * 1024 * 1024;

/** Everything about documents the engine serves: collections, the indexing queue, retrieval. */
export class DocumentsService {
  readonly store: DocumentStore;
  readonly queue: IngestQueue;
  readonly retriever: Retriever;
  readonly #indexes = new Map<string, VectorIndex>();
  readonly #indexesDir: string;

  constructor(
    private readonly db: Database,
    dataDir: string,
    private readonly library: ModelLibrary,
    readonly embedder: EmbeddingHost,
    private readonly events: EventHub,
    private readonly catalog: readonly CatalogEntry[],
  ) {
    this.#indexesDir = join(dataDir, 'indexes');
    this.store = new DocumentStore(db);
    const indexFor = (id: string): VectorIndex => this.indexFor(id);
    this.queue = new IngestQueue(this.store, library, embedder, indexFor, events, join(dataDir, 'documents'));
    this.retriever = new Retriever(db, this.store, library, embedder, indexFor, (id) => this.relevanceThreshold(id));
  }

  indexFor(collectionId: string): VectorIndex {
    let index = this.#indexes.get(collectionId);
    if (!index) {
      const model = this.library.get(this.store.embeddingModelId(collectionId));
      index = new VectorIndex(this.db, this.#indexesDir, collectionId, model.sha256);
      this.#indexes.set(collectionId, index);
    }
    return index;
  }

  createCollection(name: string, embeddingModelId?: string): Collection {
    const modelId = embeddingModelId ?? this.defaultEmbeddingModel();
    const model = this.library.get(modelId);
    if (model.status !== 'ready')
      throw new ApiError('INVALID_MODEL', `${model.label} cannot be used: ${model.failure ?? model.status}.`);
    const collection = this.store.createCollection(name, modelId);
    this.#changed();
    return collection;
  }

  renameCollection(id: string, name: string): Collection {
    const collection = this.store.renameCollection(id, name);
    this.#changed();
    return collection;
  }

  async deleteCollection(id: string): Promise<void> {
    this.queue.cancel(id);
    const documents = this.store.documents(id);
    const index = this.indexFor(id);
    this.store.deleteCollection(id);
    index.drop();
    this.#indexes.delete(id);
    for (const doc of documents) await this.#removeCopy(doc);
    this.#changed();
  }

  async removeDocument(id: string): Promise<void> {
    const doc = this.store.document(id);
    this.queue.abandon(id);
    const removed = this.store.deleteDocument(id);
    this.indexFor(doc.collectionId).remove(removed);
    await this.#removeCopy(doc);
    this.#changed();
  }

  async bytes(id: string): Promise<DocumentBytes> {
    const doc = this.store.document(id);
    if (!doc.storedPath) throw new ApiError('NOT_FOUND', `${doc.name} has not been copied into the library yet.`);
    if (doc.sizeBytes > MAX_VIEWER_BYTES) throw new ApiError('BAD_PARAMS', `${doc.name} is too large to show here.`);
    const data = await readFile(doc.storedPath).catch(() => {
      throw new ApiError(
        'NOT_FOUND',
        `The library copy of ${doc.name} is missing. Remove the document and add it again.`,
      );
    });
    return { name: doc.name, kind: doc.kind, base64: data.toString('base64') };
  }

  /**
   * The calibrated relevance threshold of a collection's embedding model, from
   * the catalog entry it was downloaded from (or whose file it is), else from the
   * models calibrated outside the catalog (calibration.ts); null for a model
   * nobody calibrated.
   */
  relevanceThreshold(collectionId: string): number | null {
    const model = this.library.get(this.store.embeddingModelId(collectionId));
    const entry = catalogEntryFor(this.catalog, model);
    return entry?.relevanceThreshold ?? calibratedThreshold(model);
  }

  /** The library's embedding model: the first ready embedding-only model. */
  defaultEmbeddingModel(): string {
    const model = this.library.list().find((m) => m.gguf.embeddingOnly && m.status === 'ready');
    if (!model) {
      throw new ApiError(
        'NOT_FOUND',
        'There is no embedding model in your library. Download one from the catalog (BGE-M3, which reads many languages, is recommended) or import a GGUF embedding model.',
      );
    }
    return model.id;
  }

  /**
   * Read (or rebuild) the large collections' HNSW indexes off the engine's thread, so
   * the first question after a start does not wait for them (6 s at 1M chunks).
   */
  warmIndexes(): void {
    for (const id of this.store.collectionIds()) {
      try {
        void this.indexFor(id).warm();
      } catch {
        // A collection whose embedding model is gone: nothing to warm.
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#indexes.values()].map((index) => index.close()));
    await this.queue.close();
    await this.embedder.unload();
  }

  async #removeCopy(doc: StoredDocument): Promise<void> {
    if (doc.storedPath && !this.store.storedCopyInUse(doc.storedPath, doc.id))
      await rm(doc.storedPath, { force: true });
  }

  #changed(): void {
    this.events.emit('collections.changed', { collections: this.store.collections() });
  }
}
