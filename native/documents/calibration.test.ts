import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelPath } from '../testing/fixtures.js';
import { openTestEngine, type TestEngine } from '../testing/engine.js';
import { calibratedThreshold } from './calibration.js';

const record = (fileName: string, name: string | null = null) => ({ fileName, gguf: { name } });

describe('relevance thresholds calibrated outside the catalog', () => {
  it('finds multilingual-e5-small by file name or GGUF name, in any quantisation, and nothing else', () => {
    expect(calibratedThreshold(record('multilingual-e5-small-Q4_0.gguf'))).toBe(0.9);
    expect(calibratedThreshold(record('multilingual_e5_small.f16.gguf'))).toBe(0.9);
    expect(calibratedThreshold(record('model.gguf', 'Multilingual E5 Small'.replace(/ /g, '-')))).toBe(0.9);
    // Another size of the same family was not calibrated: its similarities differ.
    expect(calibratedThreshold(record('multilingual-e5-base-q8_0.gguf'))).toBeNull();
    expect(calibratedThreshold(record('bge-m3-q8_0.gguf'))).toBeNull();
  });

  const engines: TestEngine[] = [];
  afterAll(async () => {
    for (const t of engines) await t.dispose();
  });

  it("is the threshold of a collection whose model has no catalog entry; the catalog's own wins", async () => {
    // The toy model's bytes under each name, each in a library of its own (the same bytes import once).
    const threshold = async (fileName: string) => {
      const t = openTestEngine();
      engines.push(t);
      const path = join(t.dataDir, fileName);
      copyFileSync(modelPath('tiny-random-bert.gguf'), path);
      const model = await t.api.call('models.import', { path, mode: 'reference' });
      const collection = await t.api.call('collections.create', { name: 'Notes', embeddingModelId: model.id });
      return t.engine.documents.relevanceThreshold(collection.id);
    };
    expect(await threshold('multilingual-e5-small-Q4_0.gguf')).toBe(0.9);
    expect(await threshold('all-MiniLM-L6-v2-Q8_0.gguf')).toBe(0.69);
    expect(await threshold('my-embedder.gguf')).toBeNull();
  }, 120_000);
});
