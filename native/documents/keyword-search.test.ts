import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCollection } from '../testing/seed.js';
import { openTestEngine, type TestEngine } from '../testing/engine.js';
import { FULL_SCORE_ROWS } from './search.js';

/**
 * The keyword leg at scale: when a query's words match more rows than
 * FULL_SCORE_ROWS, its rarest words choose the candidates and the common ones
 * only score them. Checked against FTS5's own BM25 over the full OR query:
 * the candidates' ranking and scores must be exactly that query's.
 *
 * Rows: "scarce" in 1 of 400 (with a different count in each, so no ties),
 * "common" in 2 of 5, "frequent" in 1 of 2; 14,000 rows in two collections.
 * Greedy by row count: scarce (35) + common (5,600) fit in 10,000, frequent
 * (7,000) does not: it only scores.
 */
let t: TestEngine;
let big: string;
let small: string;

const text = (c: number): string => {
  const words = [`filler${c % 7}`, ...Array.from({ length: (c * 7919) % 53 }, (_, i) => `pad${i % 11}`)];
  if (c % 5 < 2) words.push('common');
  if (c % 2 === 0) words.push('frequent');
  if (c % 400 === 0) for (let i = 0; i <= c / 400; i++) words.push('scarce');
  return words.join(' ');
};

beforeAll(async () => {
  t = openTestEngine();
  await t.runtime.shutdown();
  const db = new Database(join(t.dataDir, 'cellar.db'));
  big = seedCollection(db, { chunks: 12_000, dimensions: 8, documents: 100, text });
  small = seedCollection(db, { chunks: 2_000, dimensions: 8, documents: 10, text });
  db.close();
  t = await t.reopen();
}, 60_000);
afterAll(async () => {
  await t.dispose();
});

/** Every row the full OR query matches, best first, with its BM25 (optionally in one collection). */
function fullRanking(collectionId: string | null): Array<{ id: number; rank: number; text: string }> {
  const db = new Database(join(t.dataDir, 'cellar.db'), { readonly: true });
  const rows = db
    .prepare(
      `SELECT f.rowid AS id, bm25(chunks_fts) AS rank, c.text AS text FROM chunks_fts f JOIN chunks c ON c.id = f.rowid
       WHERE chunks_fts MATCH '"scarce" OR "common" OR "frequent"' AND (? IS NULL OR c.collection_id = ?) ORDER BY rank`,
    )
    .all(collectionId, collectionId) as Array<{ id: number; rank: number; text: string }>;
  db.close();
  return rows;
}

function expectExactOverCandidates(found: number[], collectionId: string | null, limit: number): void {
  const full = fullRanking(collectionId);
  // The split this test is about: the words' rows add up past the budget, and only frequent's do not fit.
  const db = new Database(join(t.dataDir, 'cellar.db'), { readonly: true });
  const rows = (word: string) =>
    db.prepare('SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?').pluck().get(word) as number;
  const [scarce, common, frequent] = [rows('scarce'), rows('common'), rows('frequent')];
  db.close();
  expect(scarce + common).toBeLessThanOrEqual(FULL_SCORE_ROWS);
  expect(scarce + common + frequent).toBeGreaterThan(FULL_SCORE_ROWS);
  const rankOf = new Map(full.map((r) => [r.id, r.rank]));
  // Candidates: rows with a word that is not kept for scoring only.
  const expected = full.filter((r) => /\b(scarce|common)\b/.test(r.text)).slice(0, limit);
  expect(found).toHaveLength(limit);
  // Same scores in the same order (rows with equal scores may swap places).
  expect(found.map((id) => rankOf.get(id))).toEqual(expected.map((r) => r.rank));
  // The scarce rows all differ in score: those come first, in exactly this order.
  const scarceRows = expected.filter((r) => /scarce/.test(r.text)).map((r) => r.id);
  expect(scarceRows.length).toBeGreaterThan(4);
  expect(found.slice(0, scarceRows.length)).toEqual(scarceRows);
}

describe('keyword search over words that match more rows than the budget', () => {
  it('ranks the rare words’ rows by their exact BM25 over every word, in all collections', () => {
    const found = t.engine.documents.retriever.keyword('scarce common frequent', [], 200);
    expectExactOverCandidates(found, null, 200);
  });

  it('keeps to the collections asked for, with the same ranking', () => {
    const found = t.engine.documents.retriever.keyword('scarce common frequent', [big], 120);
    expectExactOverCandidates(found, big, 120);
    const inSmall = fullRanking(small).map((r) => r.id);
    expect(found.some((id) => inSmall.includes(id))).toBe(false);
  });

  it('scores every matching row when the words stay under the budget', () => {
    const found = t.engine.documents.retriever.keyword('scarce filler3', [small], 50);
    const db = new Database(join(t.dataDir, 'cellar.db'), { readonly: true });
    const expected = db
      .prepare(
        `SELECT f.rowid AS id FROM chunks_fts f JOIN chunks c ON c.id = f.rowid
         WHERE chunks_fts MATCH '"scarce" OR "filler3"' AND c.collection_id = ? ORDER BY bm25(chunks_fts), f.rowid LIMIT 50`,
      )
      .pluck()
      .all(small) as number[];
    db.close();
    expect(found.slice(0, 5)).toEqual(expected.slice(0, 5));
    expect(new Set(found)).toEqual(new Set(expected));
  });
});
