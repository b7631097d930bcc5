/**
 * Large libraries for load tests and benchmarks, written straight into the
 * store through the engine's own tables (no model needed): many chats with
 * many messages, and a collection with many chunks and vectors.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { toBlob } from '../documents/embedder.js';
import { normalizeForIndex } from '../documents/text.js';

const WORDS =
  'patient dose tablet follow-up imaging report trade shipment invoice clause contract risk assessment summary finding lesion biopsy referral tariff customs audit review'.split(
    ' ',
  );

/** mulberry32: a small, well-mixed 32-bit generator (deterministic synthetic data). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(seed: number, words = 12): string {
  const next = random(seed + 1);
  return Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]!).join(' ') + '.';
}

/** `threads` chats of `messages` alternating messages each; returns the thread ids, newest last. */
export function seedChats(db: Database, threads: number, messages: number): string[] {
  const ids: string[] = [];
  const insertThread = db.prepare(
    "INSERT INTO threads (id, title, leaf_id, updated_at) VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?))",
  );
  const insertMessage = db.prepare(
    "INSERT INTO messages (id, thread_id, parent_id, role, content, status, seq) VALUES (?, ?, ?, ?, ?, 'complete', ?)",
  );
  db.transaction(() => {
    for (let t = 0; t < threads; t++) {
      const threadId = randomUUID();
      let parent: string | null = null;
      const messageIds: string[] = [];
      for (let m = 0; m < messages; m++) messageIds.push(randomUUID());
      insertThread.run(threadId, `Case review ${t + 1}: ${sentence(t, 4)}`, messageIds.at(-1) ?? null, `+${t} seconds`);
      messageIds.forEach((id, m) => {
        insertMessage.run(
          id,
          threadId,
          parent,
          m % 2 ? 'assistant' : 'user',
          sentence(t * 1000 + m, m % 2 ? 60 : 15),
          m + 1,
        );
        parent = id;
      });
      ids.push(threadId);
    }
  })();
  return ids;
}

/** A collection of `chunks` synthetic chunks with `dimensions`-wide unit vectors, over `documents` documents. */
export function seedCollection(
  db: Database,
  options: {
    chunks: number;
    dimensions: number;
    documents?: number;
    modelId?: string;
    /** Chunk c's text (default: 40 words of a small clinical and trade vocabulary). */
    text?: (c: number) => string;
  },
): string {
  const collectionId = randomUUID();
  const modelId = options.modelId ?? randomUUID();
  if (!options.modelId) {
    db.prepare(
      "INSERT INTO models (id, label, file_name, path, storage, sha256, size_bytes, source, gguf) VALUES (?, 'synthetic', 'synthetic.gguf', '/nonexistent', 'referenced', ?, 0, 'import', '{}')",
    ).run(modelId, randomUUID().replace(/-/g, ''));
  }
  db.prepare('INSERT INTO collections (id, name, embedding_model_id) VALUES (?, ?, ?)').run(
    collectionId,
    `Synthetic ${options.chunks}`,
    modelId,
  );
  const documents = options.documents ?? Math.max(1, Math.ceil(options.chunks / 50));
  const docIds = Array.from({ length: documents }, () => randomUUID());
  const insertDoc = db.prepare(
    "INSERT INTO documents (id, collection_id, path, name, kind, size_bytes, sha256, status, pages, chunks) VALUES (?, ?, ?, ?, 'text', 1000, ?, 'ready', 10, ?)",
  );
  const insertChunk = db.prepare(
    'INSERT INTO chunks (document_id, collection_id, seq, page_start, page_end, text, token_count, embedding) VALUES (?, ?, ?, ?, ?, ?, 64, ?)',
  );
  const words = db.prepare('INSERT INTO chunks_fts (rowid, text) VALUES (?, ?)');
  db.transaction(() => {
    docIds.forEach((id, i) =>
      insertDoc.run(
        id,
        collectionId,
        `/synthetic/doc-${i}.txt`,
        `doc-${i}.txt`,
        randomUUID(),
        Math.ceil(options.chunks / documents),
      ),
    );
    const next = random(7);
    const vector = new Float32Array(options.dimensions);
    for (let c = 0; c < options.chunks; c++) {
      let norm = 0;
      for (let d = 0; d < options.dimensions; d++) {
        vector[d] = next() - 0.5;
        norm += vector[d]! * vector[d]!;
      }
      norm = Math.sqrt(norm);
      for (let d = 0; d < options.dimensions; d++) vector[d]! /= norm;
      const text = options.text?.(c) ?? sentence(c, 40);
      const page = (c % 10) + 1;
      const id = Number(
        insertChunk.run(docIds[c % documents], collectionId, c, page, page, text, toBlob(vector)).lastInsertRowid,
      );
      words.run(id, normalizeForIndex(text));
    }
  })();
  return collectionId;
}
