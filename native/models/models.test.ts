import { createHash } from 'node:crypto';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../api/errors.js';
import { modelPath, tempDataDir } from '../testing/fixtures.js';
import { openTestEngine, stageModel, type TestEngine } from '../testing/engine.js';

let t: TestEngine;
let files: { dir: string; cleanup: () => void };

beforeEach(() => {
  t = openTestEngine();
  files = tempDataDir('cellar-files-');
});
afterEach(async () => {
  await t.dispose();
  files.cleanup();
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected a failure');
}

describe('models: inspect and import', () => {
  it('reads the GGUF header and estimates the fit without registering anything', async () => {
    const { gguf, fit } = await t.api.call('models.inspect', { path: modelPath('stories260K-chatml.gguf') });
    expect(gguf).toMatchObject({
      architecture: 'llama',
      hasChatTemplate: true,
      embeddingSize: 64,
      embeddingOnly: false,
      contextLength: 2048,
    });
    expect(gguf.parameterCount).toBeGreaterThan(200_000);
    expect(gguf.quantization).toBe('F32');
    expect(['cpu', 'gpu', 'partial']).toContain(fit.verdict);
    expect(fit.contextSize).toBe(2048);
    expect(fit.ramBytes).toBeGreaterThan(1_000_000);
    expect(fit.summary.length).toBeGreaterThan(10);
    expect(await t.api.call('models.list')).toEqual([]);
    const bert = await t.api.call('models.inspect', { path: modelPath('tiny-random-bert.gguf') });
    expect(bert.gguf).toMatchObject({ architecture: 'bert', embeddingOnly: true, embeddingSize: 32 });
  });

  it('imports a copy with its SHA-256, reports progress, and makes the first chat model the default', async () => {
    const source = stageModel(files.dir, 'stories260K.gguf');
    const record = await t.api.call('models.import', { path: source, mode: 'copy', label: 'Stories' });
    const expected = createHash('sha256').update(readFileSync(source)).digest('hex');
    expect(record).toMatchObject({
      label: 'Stories',
      storage: 'copied',
      sha256: expected,
      status: 'ready',
      isDefault: true,
      source: 'import',
    });
    expect(record.path.startsWith(join(t.dataDir, 'models'))).toBe(true);
    expect(readFileSync(record.path).equals(readFileSync(source))).toBe(true);
    const phases = t.eventsNamed('models.importProgress').map((p) => p.phase);
    expect(phases).toEqual(expect.arrayContaining(['validating', 'hashing', 'copying']));
    expect(t.eventsNamed('models.changed').at(-1)?.models).toHaveLength(1);
    // The same file again is not added twice.
    const again = await t.api.call('models.import', { path: source, mode: 'reference' });
    expect(again.id).toBe(record.id);
    expect(await t.api.call('models.list')).toHaveLength(1);
  });

  it('references a file in place, and removing it leaves the file alone', async () => {
    const source = stageModel(files.dir, 'stories260K-chatml.gguf');
    const record = await t.api.call('models.import', { path: source, mode: 'reference' });
    expect(record).toMatchObject({ storage: 'referenced', path: source });
    await t.api.call('models.remove', { id: record.id });
    expect(existsSync(source)).toBe(true);
    expect(await t.api.call('models.list')).toEqual([]);
  });

  it('removing a copied model deletes the copy', async () => {
    const record = await t.api.call('models.import', { path: stageModel(files.dir, 'stories260K.gguf'), mode: 'copy' });
    await t.api.call('models.remove', { id: record.id });
    expect(existsSync(record.path)).toBe(false);
  });

  it('gives a specific error for a truncated GGUF, a text file renamed .gguf, and a missing path, and keeps working', async () => {
    const truncated = stageModel(files.dir, 'stories260K.gguf');
    truncateSync(truncated, 600_000);
    const truncatedError = await failure(t.api.call('models.import', { path: truncated, mode: 'copy' }));
    expect(truncatedError.code).toBe('INVALID_MODEL');
    expect(truncatedError.message).toMatch(/truncated/);

    const text = join(files.dir, 'notes.gguf');
    writeFileSync(text, 'Patient notes, definitely not a model.\n'.repeat(20));
    const textError = await failure(t.api.call('models.import', { path: text, mode: 'copy' }));
    expect(textError.code).toBe('INVALID_MODEL');
    expect(textError.message).toContain('not a GGUF model file');

    const missing = await failure(t.api.call('models.import', { path: join(files.dir, 'nope.gguf'), mode: 'copy' }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('nope.gguf');

    const relative = await failure(t.api.call('models.inspect', { path: 'models/x.gguf' }));
    expect(relative.code).toBe('BAD_PARAMS');

    expect(await t.api.call('models.list')).toEqual([]);
    expect((await t.api.call('system.ping', { echo: 'alive' })).echo).toBe('alive');
  });

  it('updates labels and settings, and the fit follows the settings', async () => {
    const record = await t.api.call('models.import', {
      path: stageModel(files.dir, 'stories260K.gguf'),
      mode: 'reference',
    });
    const updated = await t.api.call('models.update', {
      id: record.id,
      label: 'Tiny stories',
      settings: { contextSize: 512 },
    });
    expect(updated.label).toBe('Tiny stories');
    expect(updated.settings).toEqual({ contextSize: 512, gpuLayers: null, threads: null });
    const fit = await t.api.call('models.fit', { id: record.id });
    expect(fit.contextSize).toBe(512);
    const bigger = await t.api.call('models.fit', { id: record.id, contextSize: 2048 });
    expect(bigger.ramBytes).toBeGreaterThan(fit.ramBytes);
  });
});

describe('models: load policy', () => {
  it('loads one model at a time, warms it up, and picks the chat wrapper from the file', async () => {
    const chatml = await t.api.call('models.import', {
      path: stageModel(files.dir, 'stories260K-chatml.gguf'),
      mode: 'reference',
    });
    const plain = await t.api.call('models.import', {
      path: stageModel(files.dir, 'stories260K.gguf'),
      mode: 'reference',
    });

    const first = await t.api.call('models.load', { id: chatml.id });
    expect(first.state).toBe('ready');
    if (first.state !== 'ready') return;
    expect(first.model).toMatchObject({ modelId: chatml.id, chatWrapper: 'ChatML' });
    expect(first.model.threads).toBeGreaterThan(0);
    expect(first.model.contextSize).toBeGreaterThan(0);

    const second = await t.api.call('models.load', { id: plain.id });
    expect(second.state === 'ready' && second.model.chatWrapper).toBe('Llama2Chat');
    expect(t.engine.host.resident?.record.id).toBe(plain.id);
    const states = t.eventsNamed('models.state').map((s) => s.state);
    // Loading reports progress several times; in order, the states are: load, ready, load, ready.
    expect(states.filter((s, i) => s !== states[i - 1])).toEqual(['loading', 'ready', 'loading', 'ready']);
    expect(await t.api.call('models.state')).toMatchObject({ state: 'ready' });
    expect(await t.api.call('models.unload')).toEqual({ state: 'idle' });
  });

  it('refuses to chat-load an embedding model', async () => {
    const bert = await t.api.call('models.import', {
      path: stageModel(files.dir, 'tiny-random-bert.gguf'),
      mode: 'reference',
    });
    expect(bert.isDefault).toBe(false);
    expect((await failure(t.api.call('models.load', { id: bert.id }))).code).toBe('INVALID_MODEL');
  });
});

describe('models: catalog and offline switch', () => {
  it('lists the curated catalog with a fit estimate for every file', async () => {
    const items = await t.api.call('catalog.list');
    expect(items.length).toBeGreaterThanOrEqual(8);
    for (const item of items) expect(item.fits).toHaveLength(item.files.length);
    const recommended = items.filter((i) => i.recommended && i.kind === 'chat');
    expect(recommended).toHaveLength(1);
    expect(items.some((i) => i.kind === 'embedding')).toBe(true);
  });

  it('offline mode refuses every download before any request', async () => {
    expect((await t.api.call('settings.get')).offline).toBe(false);
    expect(await t.api.call('settings.update', { offline: true })).toEqual({ offline: true });
    const entry = (await t.api.call('catalog.list'))[0]!;
    const refused = await failure(
      t.api.call('downloads.start', { catalogId: entry.id, quantization: entry.files[0]!.quantization }),
    );
    expect(refused.code).toBe('OFFLINE');
    expect(await t.api.call('downloads.list')).toEqual([]);
    // The switch survives a restart.
    t = await t.reopen();
    expect((await t.api.call('settings.get')).offline).toBe(true);
  });
});
