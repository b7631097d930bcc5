import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
  return more(count, 0);
}

/** `count` more chunks (vectors from seeds after `from`), committed. */
function more(count: number, from: number): Array<{ id: number; vector: Float32Array }> {
  const insert = db.prepare(
    "INSERT INTO chunks (document_id, collection_id, seq, page_start, page_end, text, token_count, embedding) VALUES ('d', 'c', ?, 1, 1, 't', 1, ?)",
  );
  const rows: Array<{ id: number; vector: Float32Array }> = [];
  db.transaction(() => {
    for (let i = from; i < from + count; i++) {
      const vector = unit(i + 1);
      rows.push({ id: Number(insert.run(i, toBlob(vector)).lastInsertRowid), vector });
    }
  })();
  return rows;
}

/** The builder thread's bundle (scripts/build.js native, run by the test setup). */
const builder = pathToFileURL(join(process.cwd(), 'dist/native/index-builder.js'));

/**
 * The real builder, held before it reports until a file `go` appears in the test's folder
 * (it writes `built` when it gets there): changes can then surely come after its snapshot.
 */
function heldBuilder(): URL {
  const held = join(dir, 'held-builder.mjs');
  writeFileSync(
    held,
    `import { existsSync, writeFileSync } from 'node:fs';
     import { parentPort } from 'node:worker_threads';
     const post = parentPort.postMessage.bind(parentPort);
     parentPort.postMessage = (message) => {
       writeFileSync(${JSON.stringify(join(dir, 'built'))}, '');
       const sleep = new Int32Array(new SharedArrayBuffer(4));
       while (!existsSync(${JSON.stringify(join(dir, 'go'))})) Atomics.wait(sleep, 0, 0, 10);
       post(message);
     };
     await import(${JSON.stringify(builder.href)});`,
  );
  return pathToFileURL(held);
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

  it('after a restart, reads the file for the next added or removed chunks instead of rebuilding it', () => {
    const rows = seed(EXACT_SEARCH_LIMIT + 100);
    const indexesDir = join(dir, 'indexes');
    new VectorIndex(db, indexesDir, 'c', 'abcdef123456', null).rebuild();

    const restarted = new VectorIndex(db, indexesDir, 'c', 'abcdef123456', null);
    const rebuild = vi.spyOn(restarted, 'rebuild');
    const added = more(3, 90_000);
    restarted.add(added);
    expect(rebuild).not.toHaveBeenCalled();
    expect(restarted.search(added[1]!.vector, 1)[0]?.id).toBe(added[1]!.id);
    restarted.flush();

    const again = new VectorIndex(db, indexesDir, 'c', 'abcdef123456', null);
    const rebuildAgain = vi.spyOn(again, 'rebuild');
    db.prepare('DELETE FROM chunks WHERE id = ?').run(rows[9]!.id);
    again.remove([rows[9]!.id]);
    expect(rebuildAgain).not.toHaveBeenCalled();
    expect(again.search(rows[9]!.vector, 5).map((n) => n.id)).not.toContain(rows[9]!.id);
    expect(again.search(added[2]!.vector, 1)[0]?.id).toBe(added[2]!.id);
  });

  it('builds on the builder thread, answers exactly meanwhile, and applies what changed during the build', async () => {
    expect(existsSync(builder), 'dist/native/index-builder.js (node scripts/build.js native)').toBe(true);
    const rows = seed(EXACT_SEARCH_LIMIT + 300);
    // The real builder, held before it reports, so that changes surely come after its snapshot.
    const held = heldBuilder();
    const index = new VectorIndex(db, join(dir, 'indexes'), 'c', 'abcdef123456', held);
    const rebuild = vi.spyOn(index, 'rebuild');
    // The first query starts the build and is answered at once, by exact search.
    expect(index.search(rows[123]!.vector, 3)[0]).toMatchObject({ id: rows[123]!.id });
    expect(index.building).toBe(true);
    await vi.waitFor(() => expect(existsSync(join(dir, 'built'))).toBe(true), { timeout: 20_000, interval: 20 });
    // Chunks added and removed after the thread took its snapshot.
    const added = more(2, 70_000);
    index.add(added);
    db.prepare('DELETE FROM chunks WHERE id = ?').run(rows[5]!.id);
    index.remove([rows[5]!.id]);
    expect(index.search(added[0]!.vector, 1)[0]?.id).toBe(added[0]!.id);
    writeFileSync(join(dir, 'go'), '');

    await index.warm();
    expect(index.building).toBe(false);
    expect(rebuild).not.toHaveBeenCalled();
    expect(existsSync(`${index.file}.building`)).toBe(false);
    expect(index.search(added[1]!.vector, 1)[0]?.id).toBe(added[1]!.id);
    expect(index.search(rows[5]!.vector, 5).map((n) => n.id)).not.toContain(rows[5]!.id);
    // Written as soon as the changes were applied (no flush needed): a restart reads it, off the thread, and rebuilds nothing.
    const meta = JSON.parse(readFileSync(`${index.file}.json`, 'utf8')) as { count: number };
    expect(meta.count).toBe(EXACT_SEARCH_LIMIT + 300 + 2 - 1);
    const restarted = new VectorIndex(db, join(dir, 'indexes'), 'c', 'abcdef123456', builder);
    const rebuildAgain = vi.spyOn(restarted, 'rebuild');
    const modified = statSync(index.file).mtimeMs;
    const reading = restarted.warm();
    expect(restarted.building).toBe(false);
    await reading;
    await restarted.settled();
    expect(restarted.search(added[0]!.vector, 1)[0]?.id).toBe(added[0]!.id);
    expect(rebuildAgain).not.toHaveBeenCalled();
    expect(statSync(index.file).mtimeMs).toBe(modified);
  });

  it('builds inline when the builder thread fails, and stops a build on shutdown or when the collection is dropped', async () => {
    const rows = seed(EXACT_SEARCH_LIMIT + 50);
    const broken = join(dir, 'broken-builder.mjs');
    writeFileSync(broken, "throw new Error('no memory for this');\n");
    const index = new VectorIndex(db, join(dir, 'indexes'), 'c', 'abcdef123456', pathToFileURL(broken));
    index.search(rows[1]!.vector, 1);
    expect(index.building).toBe(true);
    await index.warm();
    expect(index.building).toBe(false);
    expect(existsSync(index.file)).toBe(true);
    expect(index.search(rows[2]!.vector, 1)[0]?.id).toBe(rows[2]!.id);

    // Shutting down mid-build stops the thread and builds nothing inline (the next start builds again).
    const closing = new VectorIndex(db, join(dir, 'indexes'), 'c', 'closing12345', heldBuilder());
    const rebuild = vi.spyOn(closing, 'rebuild');
    closing.search(rows[3]!.vector, 1);
    const closingBuild = closing.warm();
    await vi.waitFor(() => expect(existsSync(join(dir, 'built'))).toBe(true), { timeout: 20_000, interval: 20 });
    await closing.close();
    await closingBuild;
    expect(rebuild).not.toHaveBeenCalled();
    expect(existsSync(closing.file)).toBe(false);
    expect(existsSync(`${closing.file}.building`)).toBe(false);

    const dropped = new VectorIndex(db, join(dir, 'indexes'), 'c', 'other1234567', builder);
    dropped.search(rows[3]!.vector, 1);
    const building = dropped.warm();
    dropped.drop();
    await building;
    expect(existsSync(dropped.file)).toBe(false);
    expect(existsSync(`${dropped.file}.building`)).toBe(false);
  });
});
