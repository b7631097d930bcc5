import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import hnswlib from 'hnswlib-node';
import { fromBlob } from './embedder.js';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/** Below this many chunks a query compares against every vector: exact, and fast enough. */
export const EXACT_SEARCH_LIMIT = 5000;

/**
 * The HNSW search breadth for a collection of `size` vectors: wider as the graph
 * grows. Measured on 384-dim clustered vectors (bench/retrieval-scale): recall@10
 * 1.0 at ef 200 for 100k (0.98 at 100); at 1M, 0.89 at ef 200 and 0.97 at ef 400,
 * for under 1 ms more.
 */
export function searchEf(size: number): number {
  if (size > 400_000) return 400;
  if (size > 40_000) return 200;
  return 100;
}

interface IndexMeta {
  count: number;
  idSum: number;
  dimensions: number;
}

export interface Neighbor {
  id: number;
  /** Cosine similarity, -1..1. */
  similarity: number;
}

/**
 * One collection's vectors: an HNSW index file in indexes/, beside a small
 * JSON file recording which chunks it holds. SQLite stays the source of truth:
 * a missing, unreadable or stale index file is rebuilt from the vectors stored
 * in the database, never by embedding again.
 */
export class VectorIndex {
  readonly file: string;
  readonly #metaFile: string;
  #hnsw: Hnsw | null = null;
  #dimensions = 0;
  #dirty = false;

  constructor(
    private readonly db: Database,
    indexesDir: string,
    readonly collectionId: string,
    embeddingModelSha: string,
  ) {
    mkdirSync(indexesDir, { recursive: true });
    this.file = join(indexesDir, `${collectionId}-${embeddingModelSha.slice(0, 12)}.hnsw`);
    this.#metaFile = `${this.file}.json`;
  }

  /** How many chunks the collection has (the database's count, not the file's). */
  count(): number {
    return this.db
      .prepare('SELECT COUNT(*) FROM chunks WHERE collection_id = ?')
      .pluck()
      .get(this.collectionId) as number;
  }

  /**
   * The collection's chunk count, counted no further than `limit`: the cost of a
   * query must not grow with the collection (a full COUNT is 36 ms at 1M chunks).
   */
  countUpTo(limit: number): number {
    return this.db
      .prepare('SELECT COUNT(*) FROM (SELECT 1 FROM chunks WHERE collection_id = ? LIMIT ?)')
      .pluck()
      .get(this.collectionId, limit) as number;
  }

  search(query: Float32Array, k: number): Neighbor[] {
    const seen = this.countUpTo(EXACT_SEARCH_LIMIT + 1);
    if (seen === 0) return [];
    if (seen <= EXACT_SEARCH_LIMIT) return this.#exact(query, k);
    const index = this.#ensure();
    const size = index.getCurrentCount();
    index.setEf(Math.max(k * 4, searchEf(size)));
    const result = index.searchKnn(Array.from(query), Math.min(k, size));
    return result.neighbors.map((id, i) => ({ id, similarity: 1 - result.distances[i]! }));
  }

  /** Add vectors just committed to the database, and save the file. */
  add(items: Array<{ id: number; vector: Float32Array }>): void {
    if (!items.length) return;
    if (this.countUpTo(EXACT_SEARCH_LIMIT + 1) <= EXACT_SEARCH_LIMIT && !existsSync(this.file)) return; // built on first need
    const index = this.#ensure();
    if (index.getCurrentCount() + items.length > index.getMaxElements()) {
      index.resizeIndex(Math.max(index.getMaxElements() * 2, index.getCurrentCount() + items.length));
    }
    for (const { id, vector } of items) index.addPoint(Array.from(vector), id);
    // Written by flush(): rewriting a large index after every document made
    // ingestion of big collections quadratic. Until then the file is stale,
    // which the meta check catches (rebuilt from SQLite) if the engine dies first.
    this.#dirty = true;
  }

  /** Write the in-memory index to its file if vectors were added since the last write. */
  flush(): void {
    if (this.#dirty && this.#hnsw) this.#save(this.#hnsw);
    this.#dirty = false;
  }

  /** Forget vectors whose chunks were deleted from the database. */
  remove(ids: number[]): void {
    if (!ids.length || !existsSync(this.file)) return;
    const index = this.#ensure();
    for (const id of ids) {
      try {
        index.markDelete(id);
      } catch {
        // Not in the index (it was rebuilt without it): nothing to forget.
      }
    }
    this.#save(index);
  }

  /** Delete the files (the collection is gone). */
  drop(): void {
    this.#hnsw = null;
    rmSync(this.file, { force: true });
    rmSync(this.#metaFile, { force: true });
  }

  /** The index in memory, read from its file when it matches the database, else rebuilt from it. */
  #ensure(): Hnsw {
    if (this.#hnsw) return this.#hnsw;
    const expected = this.#expectedMeta();
    const loaded = this.#read(expected);
    this.#hnsw = loaded ?? this.rebuild();
    return this.#hnsw;
  }

  /** Build the index from the vectors in SQLite and write it out. */
  rebuild(): Hnsw {
    const rows = this.db
      .prepare('SELECT id, embedding FROM chunks WHERE collection_id = ?')
      .iterate(this.collectionId) as Iterable<{
      id: number;
      embedding: Buffer;
    }>;
    let index: Hnsw | null = null;
    const total = this.count();
    for (const row of rows) {
      const vector = fromBlob(row.embedding);
      if (!index) {
        this.#dimensions = vector.length;
        index = new HierarchicalNSW('cosine', vector.length);
        index.initIndex({ maxElements: Math.max(total, 16), m: 16, efConstruction: 200, randomSeed: 42 });
      }
      index.addPoint(Array.from(vector), row.id);
    }
    if (!index) {
      index = new HierarchicalNSW('cosine', Math.max(this.#dimensions, 1));
      index.initIndex({ maxElements: 16, m: 16, efConstruction: 200, randomSeed: 42 });
    }
    this.#hnsw = index;
    this.#save(index);
    return index;
  }

  #read(expected: IndexMeta): Hnsw | null {
    if (!existsSync(this.file) || !existsSync(this.#metaFile)) return null;
    try {
      const meta = JSON.parse(readFileSync(this.#metaFile, 'utf8')) as IndexMeta;
      if (meta.count !== expected.count || meta.idSum !== expected.idSum || meta.dimensions !== expected.dimensions)
        return null;
      const index = new HierarchicalNSW('cosine', meta.dimensions);
      index.readIndexSync(this.file, true);
      this.#dimensions = meta.dimensions;
      return index;
    } catch {
      return null; // corrupt: rebuilt by the caller
    }
  }

  /**
   * Write the index and its record. If that fails (a full disk), the file is
   * removed: the database already holds the vectors, and the next search
   * rebuilds the index from it.
   */
  #save(index: Hnsw): void {
    try {
      index.writeIndexSync(this.file);
      writeFileSync(this.#metaFile, JSON.stringify(this.#expectedMeta()));
    } catch {
      rmSync(this.file, { force: true });
      rmSync(this.#metaFile, { force: true });
    }
  }

  #expectedMeta(): IndexMeta {
    const row = this.db
      .prepare(
        'SELECT COUNT(*) AS count, COALESCE(SUM(id), 0) AS idSum, MAX(length(embedding)) AS bytes FROM chunks WHERE collection_id = ?',
      )
      .get(this.collectionId) as { count: number; idSum: number; bytes: number | null };
    return { count: row.count, idSum: row.idSum, dimensions: row.bytes ? row.bytes / 4 : this.#dimensions };
  }

  #exact(query: Float32Array, k: number): Neighbor[] {
    const best: Neighbor[] = [];
    const rows = this.db
      .prepare('SELECT id, embedding FROM chunks WHERE collection_id = ?')
      .iterate(this.collectionId) as Iterable<{
      id: number;
      embedding: Buffer;
    }>;
    for (const row of rows) {
      const vector = fromBlob(row.embedding);
      let dot = 0;
      for (let i = 0; i < vector.length; i++) dot += vector[i]! * query[i]!;
      if (best.length < k || dot > best.at(-1)!.similarity) {
        best.push({ id: row.id, similarity: dot });
        best.sort((a, b) => b.similarity - a.similarity);
        if (best.length > k) best.pop();
      }
    }
    return best;
  }
}
