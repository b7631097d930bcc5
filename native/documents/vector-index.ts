import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import hnswlib from 'hnswlib-node';
import { bundleBeside } from '../bundle-beside.js';
import { fromBlob } from './embedder.js';
import { PRIVATE_FILE_MODE, privateDir, privateFile } from '../storage/private.js';

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

export interface IndexMeta {
  count: number;
  idSum: number;
  dimensions: number;
}

/** HNSW build parameters (the same for the engine and the builder thread). */
const M = 16;
const EF_CONSTRUCTION = 200;

/**
 * An HNSW index of the given rows (chunk id and stored vector), with the record of
 * what it holds. Used on the engine's thread (small collections, tests) and by the
 * builder thread (index-builder.ts) for large ones.
 */
export function buildIndex(
  rows: Iterable<{ id: number; embedding: Buffer }>,
  capacity: number,
  dimensionsHint = 1,
): { index: Hnsw; meta: IndexMeta } {
  let index: Hnsw | null = null;
  const meta: IndexMeta = { count: 0, idSum: 0, dimensions: dimensionsHint };
  for (const row of rows) {
    const vector = fromBlob(row.embedding);
    if (!index) {
      meta.dimensions = vector.length;
      index = new HierarchicalNSW('cosine', vector.length);
      index.initIndex({ maxElements: Math.max(capacity, 16), m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 42 });
    }
    index.addPoint(Array.from(vector), row.id);
    meta.count++;
    meta.idSum += row.id;
  }
  if (!index) {
    index = new HierarchicalNSW('cosine', Math.max(meta.dimensions, 1));
    index.initIndex({ maxElements: 16, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 42 });
  }
  return { index, meta };
}

/** What the builder thread is given (see index-builder.ts). */
export interface BuildRequest {
  dbFile: string;
  collectionId: string;
  outFile: string;
}

type Change = { add: Array<{ id: number; vector: Float32Array }> } | { remove: number[] };

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
 *
 * Building is slow for a large collection (47 s at 100,000 chunks, 14 min at
 * 1M on one core here), so in the app it runs on a builder thread: the engine
 * keeps answering, and vector queries are answered by exact search over the
 * stored vectors until the index is ready (same results, slower). Vectors added
 * or removed meanwhile are applied to the new index when it arrives. Reading an
 * existing file can be started early (`warm`, at engine start) and runs off
 * the engine's thread too (hnswlib's own async read).
 */
export class VectorIndex {
  readonly file: string;
  readonly #metaFile: string;
  readonly #builder: URL | string | null;
  #hnsw: Hnsw | null = null;
  #dimensions = 0;
  #dirty = false;
  /** A read of the index file in flight (seconds at most): queries wait for it. */
  #reading: Promise<void> | null = null;
  /** A build on the builder thread in flight (minutes for a large collection): queries search exactly meanwhile. */
  #building: Promise<void> | null = null;
  #worker: Worker | null = null;
  /** Changes made while the index was being read or built, applied to it when it arrives. */
  #changes: Change[] = [];
  #dropped = false;
  /** The engine is shutting down: a build that stops is not redone. */
  #closed = false;

  /** `builder`: the builder thread's script; by default the bundle beside this one, if any (else builds run inline). */
  constructor(
    private readonly db: Database,
    indexesDir: string,
    readonly collectionId: string,
    embeddingModelSha: string,
    builder?: URL | string | null,
  ) {
    privateDir(indexesDir);
    this.file = join(indexesDir, `${collectionId}-${embeddingModelSha.slice(0, 12)}.hnsw`);
    this.#metaFile = `${this.file}.json`;
    this.#builder = builder === undefined ? bundleBeside(import.meta.url, 'index-builder.js') : builder;
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

  /** Whether the collection is large enough to be searched through an HNSW index. */
  needsIndex(): boolean {
    return this.countUpTo(EXACT_SEARCH_LIMIT + 1) > EXACT_SEARCH_LIMIT;
  }

  /** Whether the HNSW index is being built on the builder thread (vector queries are exact meanwhile). */
  get building(): boolean {
    return this.#building !== null;
  }

  /**
   * Start reading the index file, or building the index, off the engine's thread, so
   * the first query finds it ready (a 1M-chunk file takes ~6 s to read). Resolves when
   * the index is in memory; a no-op where builds run inline.
   */
  warm(): Promise<void> {
    if (this.#hnsw || !this.#builder || !this.needsIndex()) return Promise.resolve();
    if (!this.#reading && !this.#building) this.#start(this.#expectedMeta(), true);
    return this.#reading ?? this.#building ?? Promise.resolve();
  }

  /** Resolves once no read of the index file is in flight (queries call it before searching). */
  async settled(): Promise<void> {
    await this.#reading;
  }

  search(query: Float32Array, k: number): Neighbor[] {
    const seen = this.countUpTo(EXACT_SEARCH_LIMIT + 1);
    if (seen === 0) return [];
    if (seen <= EXACT_SEARCH_LIMIT) return this.#exact(query, k);
    const pending = this.#reading !== null || this.#building !== null;
    const index = this.#hnsw ?? (pending ? null : this.#start(this.#expectedMeta(), false));
    // Being read or built off the engine's thread: the stored vectors answer exactly meanwhile.
    if (!index) return this.#exact(query, k);
    const size = index.getCurrentCount();
    index.setEf(Math.max(k * 4, searchEf(size)));
    const result = index.searchKnn(Array.from(query), Math.min(k, size));
    return result.neighbors.map((id, i) => ({ id, similarity: 1 - result.distances[i]! }));
  }

  /** Add vectors just committed to the database (written to the file by `flush`). */
  add(items: Array<{ id: number; vector: Float32Array }>): void {
    if (!items.length) return;
    if (!this.#hnsw) {
      if (this.#reading || this.#building) {
        this.#changes.push({ add: items });
        return;
      }
      if (!this.needsIndex() && !existsSync(this.file)) return; // built on first need
      // The file was written before these rows were committed: expect it without them.
      const expected = this.#expectedMeta();
      expected.count -= items.length;
      expected.idSum -= items.reduce((n, item) => n + item.id, 0);
      if (!this.#start(expected, true)) {
        this.#changes.push({ add: items });
        return;
      }
    }
    this.#add(this.#hnsw!, items);
  }

  #add(index: Hnsw, items: Array<{ id: number; vector: Float32Array }>): void {
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

  /** Forget vectors whose chunks were just deleted from the database. */
  remove(ids: number[]): void {
    if (!ids.length || (!existsSync(this.file) && !this.#building)) return;
    if (!this.#hnsw) {
      if (this.#reading || this.#building) {
        this.#changes.push({ remove: ids });
        return;
      }
      // The file was written while these rows existed: expect it with them.
      const expected = this.#expectedMeta();
      expected.count += ids.length;
      expected.idSum += ids.reduce((n, id) => n + id, 0);
      if (!this.#start(expected, true)) {
        this.#changes.push({ remove: ids });
        return;
      }
    }
    this.#remove(this.#hnsw!, ids);
    this.#save(this.#hnsw!);
  }

  #remove(index: Hnsw, ids: number[]): void {
    for (const id of ids) {
      try {
        index.markDelete(id);
      } catch {
        // Not in the index (it was rebuilt without it): nothing to forget.
      }
    }
  }

  /** Delete the files (the collection is gone), and stop a build of them. */
  drop(): void {
    this.#dropped = true;
    this.#hnsw = null;
    void this.#worker?.terminate();
    rmSync(this.file, { force: true });
    rmSync(this.#metaFile, { force: true });
    rmSync(`${this.file}.building`, { force: true });
  }

  /** Stop a build in flight (the engine is shutting down; the next start builds again). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#worker?.terminate();
  }

  /**
   * Have the index in memory: read from its file when it matches `expected` (what
   * the database holds, less the changes the caller is about to apply), else
   * rebuilt. Inline (no builder thread: tests, benchmarks) this happens now and the
   * index is returned. In the app a build always goes to the builder thread, and a
   * read too when `background` (callers that can queue their change, or wait); null
   * is returned until it is done.
   */
  #start(expected: IndexMeta, background: boolean): Hnsw | null {
    if (this.#hnsw || this.#reading || this.#building) return this.#hnsw;
    const fresh = this.#fresh(expected);
    if (fresh && background && this.#builder) {
      const index = new HierarchicalNSW('cosine', fresh.dimensions);
      this.#reading = index.readIndex(this.file, true).then(
        () => {
          this.#reading = null;
          this.#arrived(index, fresh.dimensions);
        },
        () => {
          this.#reading = null;
          this.#build(); // unreadable after all: build it
        },
      );
      return null;
    }
    const loaded = fresh ? this.#read(fresh) : null;
    if (loaded) return (this.#hnsw = loaded);
    if (!this.#builder) return this.rebuild();
    this.#build();
    return null;
  }

  #build(): void {
    if (this.#dropped || this.#closed || !this.#builder) return;
    this.#building = this.#buildOnThread(this.#builder)
      .catch(() => {
        // The thread failed (out of memory, killed): build inline rather than never.
        if (this.#dropped || this.#closed) return;
        this.rebuild();
        this.#apply(this.#hnsw!);
      })
      .finally(() => {
        this.#building = null;
        this.#worker = null;
      });
  }

  /** Build on the builder thread into a side file, then swap it in and read it (off this thread). */
  async #buildOnThread(builder: URL | string): Promise<void> {
    const outFile = `${this.file}.building`;
    const request: BuildRequest = { dbFile: this.db.name, collectionId: this.collectionId, outFile };
    const meta = await new Promise<IndexMeta>((resolve, reject) => {
      const worker = new Worker(builder, { workerData: request, stdout: true, stderr: true });
      this.#worker = worker;
      worker.stdout.resume();
      worker.stderr.resume();
      worker.once('message', (message: IndexMeta) => resolve(message));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The index builder stopped (exit ${code}).`)));
    })
      .catch((error: unknown) => {
        rmSync(outFile, { force: true }); // a half-written side file
        throw error;
      })
      .finally(() => void this.#worker?.terminate());
    if (this.#dropped) {
      rmSync(outFile, { force: true });
      return;
    }
    renameSync(outFile, this.file);
    privateFile(this.file);
    writeFileSync(this.#metaFile, JSON.stringify(meta), { mode: PRIVATE_FILE_MODE });
    const index = new HierarchicalNSW('cosine', Math.max(meta.dimensions, 1));
    await index.readIndex(this.file, true);
    this.#arrived(index, meta.dimensions);
  }

  /** The index read or built off this thread is here: apply what changed meanwhile. */
  #arrived(index: Hnsw, dimensions: number): void {
    if (this.#dropped) return;
    this.#dimensions = dimensions;
    this.#hnsw = index;
    this.#apply(index);
  }

  /** Apply the changes made while the index was away, and write it at once (ingestion may be over by now). */
  #apply(index: Hnsw): void {
    const changes = this.#changes;
    this.#changes = [];
    for (const change of changes) {
      if ('add' in change) this.#add(index, change.add);
      else this.#remove(index, change.remove);
    }
    if (changes.length) {
      this.#save(index);
      this.#dirty = false;
    }
  }

  /** Build the index from the vectors in SQLite on this thread, and write it out. */
  rebuild(): Hnsw {
    const rows = this.db
      .prepare('SELECT id, embedding FROM chunks WHERE collection_id = ?')
      .iterate(this.collectionId) as Iterable<{ id: number; embedding: Buffer }>;
    const { index, meta } = buildIndex(rows, this.count(), this.#dimensions);
    this.#dimensions = meta.dimensions;
    this.#hnsw = index;
    this.#save(index);
    return index;
  }

  /** The file's record when the file matches `expected`, else null. */
  #fresh(expected: IndexMeta): IndexMeta | null {
    if (!existsSync(this.file) || !existsSync(this.#metaFile)) return null;
    try {
      const meta = JSON.parse(readFileSync(this.#metaFile, 'utf8')) as IndexMeta;
      const same =
        meta.count === expected.count && meta.idSum === expected.idSum && meta.dimensions === expected.dimensions;
      return same ? meta : null;
    } catch {
      return null;
    }
  }

  #read(meta: IndexMeta): Hnsw | null {
    try {
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
      privateFile(this.file);
      writeFileSync(this.#metaFile, JSON.stringify(this.#expectedMeta()), { mode: PRIVATE_FILE_MODE });
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
