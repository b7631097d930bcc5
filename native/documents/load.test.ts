import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCollection } from '../testing/seed.js';
import { openTestEngine, type TestEngine } from '../testing/engine.js';

/**
 * A collection of 50,000 chunks (1,000 documents) still answers at once.
 * Timings are printed for the record; nothing here asserts a duration.
 */
let t: TestEngine;
let collectionId: string;

beforeAll(async () => {
  t = openTestEngine();
  await t.runtime.shutdown();
  const db = new Database(join(t.dataDir, 'cellar.db'));
  collectionId = seedCollection(db, { chunks: 50_000, dimensions: 64, documents: 1000 });
  db.close();
  t = await t.reopen();
}, 120_000);
afterAll(async () => {
  await t.dispose();
});

const timed = async <T>(label: string, run: () => T | Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await run();
  console.log(`[load] ${label}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
};

describe('a collection of 50,000 chunks', () => {
  it('lists its 1,000 documents and counts its chunks', async () => {
    const docs = await timed('documents.list (1,000 documents)', () => t.api.call('documents.list', { collectionId }));
    expect(docs).toHaveLength(1000);
    const [collection] = await timed('collections.list', () => t.api.call('collections.list'));
    expect(collection!.chunkCount).toBe(50_000);
  });

  it('finds keywords with BM25', async () => {
    const hits = await timed('keyword search over 50,000 chunks', () =>
      t.api.call('search.query', { query: 'biopsy tariff', collectionIds: [collectionId], mode: 'keyword', k: 10 }),
    );
    expect(hits).toHaveLength(10);
    expect(hits[0]!.text).toMatch(/biopsy|tariff/);
  });

  it('builds the HNSW index once, then finds nearest neighbours from it', async () => {
    const index = t.engine.documents.indexFor(collectionId);
    const db = new Database(join(t.dataDir, 'cellar.db'), { readonly: true });
    const row = db
      .prepare('SELECT id, embedding FROM chunks WHERE collection_id = ? LIMIT 1 OFFSET 31337')
      .get(collectionId) as { id: number; embedding: Buffer };
    db.close();
    const query = new Float32Array(new Uint8Array(row.embedding).buffer);
    const first = await timed('first vector search (builds the HNSW index)', () => index.search(query, 10));
    expect(first[0]!.id).toBe(row.id);
    const again = await timed('vector search (HNSW)', () => index.search(query, 10));
    expect(again.map((n) => n.id)).toEqual(first.map((n) => n.id));
  }, 120_000);
});
