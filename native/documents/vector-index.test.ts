import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/database.js';
import { tempDataDir } from '../testing/fixtures.js';
import { toBlob } from './embedder.js';
import { EXACT_SEARCH_LIMIT, VectorIndex } from './vector-index.js';

let db: Database;
let dir: string;
let cleanup: () => void;
const DIM = 16;

function unit(seed: number): Float32Array {
  const v = new Float32Array(DIM);
  let s = seed;
  for (let i = 0; i < DIM; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    v[i] = s / 2 ** 31 - 0.5;
  }
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Real rows in a real library: a collection, a document and `count` chunks with vectors. */
function seed(count: number): Array<{ id: number; vector: Float32Array }> {
  db.prepare(
    "INSERT INTO models (id, label, file_name, path, storage, sha256, size_bytes, source, gguf) VALUES ('m', 'm', 'm', '/m', 'referenced', 'abc', 1, 'import', '{}')",
  ).run();
  db.prepare("INSERT INTO collections (id, name, embedding_model_id) VALUES ('c', 'c', 'm')").run();
  db.prepare(
    "INSERT INTO documents (id, collection_id, path, name, kind, size_bytes, sha256, status) VALUES ('d', 'c', '/d', 'd', 'text', 1, 'x', 'ready')",
  ).run();
  const insert = db.prepare(
    "INSERT INTO chunks (document_id, collection_id, seq, page_start, page_end, text, token_count, embedding) VALUES ('d', 'c', ?, 1, 1, 't', 1, ?)",
  );
  const rows: Array<{ id: number; vector: Float32Array }> = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const vector = unit(i + 1);
      rows.push({ id: Number(insert.run(i, toBlob(vector)).lastInsertRowid), vector });
    }
  })();
  return rows;
}

beforeEach(() => {
  const temp = tempDataDir();
  dir = temp.dir;
  cleanup = temp.cleanup;
  db = openDatabase(dir).db;
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('VectorIndex', () => {
  it('searches small collections exactly', () => {
    const rows = seed(50);
    const index = new VectorIndex(db, join(dir, 'indexes'), 'c', 'abcdef123456');
    const hits = index.search(rows[7]!.vector, 3);
    expect(hits[0]).toMatchObject({ id: rows[7]!.id });
    expect(hits[0]!.similarity).toBeCloseTo(1, 5);
    expect(existsSync(index.file)).toBe(false);
  });

  it('builds an HNSW file for large collections, finds the same nearest neighbours, and rebuilds a corrupt or stale file from SQLite', () => {
    const rows = seed(EXACT_SEARCH_LIMIT + 200);
    const indexesDir = join(dir, 'indexes');
    const index = new VectorIndex(db, indexesDir, 'c', 'abcdef123456');
    let agree = 0;
    for (const probe of [3, 500, 4000, 5100])
      if (index.search(rows[probe]!.vector, 1)[0]?.id === rows[probe]!.id) agree++;
    expect(agree).toBe(4);
    expect(existsSync(index.file)).toBe(true);

    writeFileSync(index.file, 'garbage');
    const reopened = new VectorIndex(db, indexesDir, 'c', 'abcdef123456');
    expect(reopened.search(rows[42]!.vector, 1)[0]?.id).toBe(rows[42]!.id);

    // Chunks deleted behind the index's back: the file no longer matches and is rebuilt.
    db.prepare('DELETE FROM chunks WHERE id = ?').run(rows[42]!.id);
    const stale = new VectorIndex(db, indexesDir, 'c', 'abcdef123456');
    expect(stale.search(rows[42]!.vector, 5).map((n) => n.id)).not.toContain(rows[42]!.id);

    reopened.remove([rows[43]!.id]);
    expect(reopened.search(rows[43]!.vector, 5).map((n) => n.id)).not.toContain(rows[43]!.id);
  });
});
