import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelPath, tempDataDir } from '../testing/fixtures.js';
import { openTestEngine, type TestEngine } from '../testing/engine.js';
import { embeddingPrefixes } from './prefixes.js';

/**
 * Hybrid fusion with an embedding model whose similarities mean nothing (the tiny
 * random BERT, which no catalog entry calibrates): its vector leg may only add
 * passages after the keyword hits, never push one out. With equal weights it took
 * half the fused top 10 and dropped the 4th keyword hit.
 */
let t: TestEngine;
let files: { dir: string; cleanup: () => void };
let collectionId: string;

beforeAll(async () => {
  files = tempDataDir('cellar-fusion-');
  const folder = join(files.dir, 'notes');
  mkdirSync(folder);
  // 8 notes that mention the keyword (with different counts, so BM25 orders them), 30 that do not.
  for (let i = 0; i < 38; i++) {
    const body =
      i < 8
        ? `Ward note ${i}. ${'Metoprolol was given. '.repeat(8 - i)}The patient rested.`
        : `Ward note ${i}. The patient walked ${i} metres and ate lunch; observations were stable.`;
    writeFileSync(join(folder, `note-${String(i).padStart(2, '0')}.txt`), body);
  }
  t = openTestEngine();
  const bert = await t.api.call('models.import', { path: modelPath('tiny-random-bert.gguf'), mode: 'reference' });
  collectionId = (await t.api.call('collections.create', { name: 'Ward', embeddingModelId: bert.id })).id;
  await t.api.call('documents.add', { paths: [folder], collectionId });
  await t.engine.documents.queue.whenIdle();
}, 120_000);

afterAll(async () => {
  await t?.dispose();
  files?.cleanup();
});

describe('hybrid fusion with an uncalibrated embedding model', () => {
  it('keeps every keyword hit, in keyword order, ahead of vector-only passages', async () => {
    const query = { query: 'metoprolol', collectionIds: [collectionId], k: 10 };
    const keyword = await t.api.call('search.query', { ...query, mode: 'keyword' });
    const hybrid = await t.api.call('search.query', { ...query, mode: 'hybrid' });
    expect(keyword.map((r) => r.name)).toHaveLength(8);
    expect(hybrid.slice(0, 8).map((r) => r.name)).toEqual(keyword.map((r) => r.name));
    // The vector leg still fills the list after them.
    expect(hybrid).toHaveLength(10);
    expect(hybrid.slice(8).every((r) => !r.text.includes('Metoprolol'))).toBe(true);
  });

  it('vector mode alone still ranks by similarity', async () => {
    const vector = await t.api.call('search.query', {
      query: 'metoprolol',
      collectionIds: [collectionId],
      k: 10,
      mode: 'vector',
    });
    expect(vector).toHaveLength(10);
  });
});

describe('embedding prefixes', () => {
  const record = (fileName: string, name: string | null = null) => ({ fileName, gguf: { name } });
  it('asymmetric families get their query and passage prefixes', () => {
    expect(embeddingPrefixes(record('multilingual-e5-small-F16.gguf'))).toEqual({
      query: 'query: ',
      passage: 'passage: ',
    });
    expect(embeddingPrefixes(record('model.gguf', 'Multilingual E5 Small'))).toEqual({
      query: 'query: ',
      passage: 'passage: ',
    });
    expect(embeddingPrefixes(record('nomic-embed-text-v1.5.Q4_K_M.gguf')).query).toBe('search_query: ');
    expect(embeddingPrefixes(record('embeddinggemma-300M-Q8_0.gguf')).passage).toBe('title: none | text: ');
    expect(embeddingPrefixes(record('Qwen3-Embedding-0.6B-Q8_0.gguf')).query).toMatch(/^Instruct: .*\nQuery: $/);
  });
  it('symmetric models get none', () => {
    expect(embeddingPrefixes(record('bge-m3-q8_0.gguf'))).toEqual({ query: '', passage: '' });
    expect(embeddingPrefixes(record('all-MiniLM-L6-v2-F16.gguf'))).toEqual({ query: '', passage: '' });
  });
});
