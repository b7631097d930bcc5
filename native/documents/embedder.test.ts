import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelRecord } from '../api/models.js';
import { modelPath } from '../testing/fixtures.js';
import { openTestEngine, type TestEngine } from '../testing/engine.js';
import { EMBEDDING_POOL_BUDGET_BYTES, embeddingPoolSize } from './embedder.js';

describe('embeddingPoolSize', () => {
  it('takes one one-thread context per core, bounded by the memory budget', () => {
    expect(embeddingPoolSize({ cores: 2, mathCores: 2, perContextBytes: 20e6 })).toBe(2);
    expect(embeddingPoolSize({ cores: 8, mathCores: 4, perContextBytes: 20e6 })).toBe(4);
    // Each extra context must fit the budget: 100 MB contexts in 256 MiB leave room for 2 extra.
    expect(embeddingPoolSize({ cores: 16, mathCores: 16, perContextBytes: 100e6 })).toBe(3);
    expect(embeddingPoolSize({ cores: 16, mathCores: 16, perContextBytes: EMBEDDING_POOL_BUDGET_BYTES + 1 })).toBe(1);
    // Unknown cost, one core, or threads the user set: one context.
    expect(embeddingPoolSize({ cores: 8, mathCores: 8, perContextBytes: Number.POSITIVE_INFINITY })).toBe(1);
    expect(embeddingPoolSize({ cores: 1, mathCores: 1, perContextBytes: 1e6 })).toBe(1);
    expect(embeddingPoolSize({ cores: 8, mathCores: 8, perContextBytes: 1e6, threads: 4 })).toBe(1);
  });
});

describe('EmbeddingHost with a pool of contexts (tiny-random-bert)', () => {
  let t: TestEngine;
  let record: ModelRecord;

  beforeAll(async () => {
    t = openTestEngine();
    const imported = await t.api.call('models.import', { path: modelPath('tiny-random-bert.gguf'), mode: 'reference' });
    record = t.engine.library.get(imported.id)!;
  }, 120_000);

  afterAll(async () => {
    await t?.dispose();
  });

  it('shares the texts over the pool and returns each text its own vector, in order', async () => {
    const embedder = t.engine.documents.embedder;
    const texts = Array.from(
      { length: 13 },
      (_, i) => `Passage ${i}: dose ${i * 5} mg, ward ${String.fromCharCode(65 + i)}`,
    );
    const progress: number[] = [];
    const pooled = await embedder.embed(record, texts, 'passage', (done) => progress.push(done));
    if (availableParallelism() > 1) expect(embedder.poolSize).toBeGreaterThan(1);
    expect(progress).toEqual(texts.map((_, i) => i + 1));
    // One text per call runs on one context: the reference vector of each text.
    for (let i = 0; i < texts.length; i++) {
      const [alone] = await embedder.embed(record, [texts[i]!], 'passage');
      expect(pooled[i]!.length).toBe(alone!.length);
      for (let d = 0; d < alone!.length; d++) expect(pooled[i]![d]).toBeCloseTo(alone![d]!, 4);
    }
    // And the texts' vectors differ, so a mix-up of order would have been seen.
    const dot = pooled[0]!.reduce((s, v, d) => s + v * pooled[1]![d]!, 0);
    expect(dot).toBeLessThan(0.9999);
  }, 120_000);

  it('stops when indexing is cancelled, and embeds again afterwards', async () => {
    const embedder = t.engine.documents.embedder;
    const controller = new AbortController();
    const texts = Array.from({ length: 40 }, (_, i) => `text ${i}`);
    const run = embedder.embed(
      record,
      texts,
      'passage',
      (done) => {
        if (done === 3) controller.abort();
      },
      controller.signal,
    );
    await expect(run).rejects.toThrow(/cancelled/);
    const [vector] = await embedder.embed(record, ['after the cancel'], 'query');
    expect(vector!.length).toBeGreaterThan(0);
  }, 120_000);
});
