/**
 * Crashes of the real engine process under the same supervisor the Electron
 * main uses (with a Node child process in place of the utility process): a
 * model that aborts llama.cpp while loading, and an engine killed mid-answer.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineStatusEvent } from '../native/api/contract.js';
import { createBridge } from '../native/api/client.js';
import type { ApiError } from '../native/api/errors.js';
import { stageModel, writeCrashingModel } from '../native/testing/engine.js';
import { CORPUS_DIR, modelPath } from '../native/testing/fixtures.js';
import { childChannel } from '../native/transports/process-ipc.js';
import { childLauncher, type ChildEngineProcess } from './child-launcher.js';
import { EngineSupervisor } from './supervisor.js';

const ENGINE = fileURLToPath(new URL('../dist/native/engine.js', import.meta.url));

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected a failure');
}

describe('engine crashes under the supervisor', () => {
  let dir: string;
  let supervisor: EngineSupervisor<ChildEngineProcess>;
  const statuses: EngineStatusEvent[] = [];
  const client = createBridge({ timeoutMs: 30_000 });
  const readyCount = (): number => statuses.filter((s) => s.state === 'ready').length;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cellar-crash-'));
    statuses.length = 0;
    supervisor = new EngineSupervisor(childLauncher({ entry: ENGINE, dataDir: join(dir, 'library'), echo: false }), {
      onStatus: (status) => {
        statuses.push(status);
        if (status.state === 'crashed') client.detach(status.message ?? 'crashed');
      },
      onReady: (proc) => client.attach(childChannel(proc.child)),
    });
    supervisor.start();
    await until(() => readyCount() === 1, 'the engine');
  });
  afterEach(async () => {
    await supervisor.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a model that aborts llama.cpp while loading is marked failed after the restart and not loaded again by itself', async () => {
    const api = client.bridge;
    const model = await api.call('models.import', {
      path: writeCrashingModel(dir),
      mode: 'reference',
      label: 'Broken',
    });
    expect(model.status).toBe('ready'); // its header is valid: only loading reveals the problem

    const load = await failure(api.call('models.load', { id: model.id }));
    expect(load.code).toBe('ENGINE_UNAVAILABLE');
    await until(() => readyCount() === 2, 'the restarted engine');
    expect(statuses.find((s) => s.state === 'crashed')?.message).toMatch(/SIGABRT|134/);

    const [after] = await api.call('models.list');
    expect(after).toMatchObject({ id: model.id, status: 'failed' });
    expect(after!.failure).toMatch(/stopped while loading/);
    const again = await failure(api.call('models.load', { id: model.id }));
    expect(again.code).toBe('MODEL_LOAD_FAILED');
    expect(readyCount()).toBe(2);
    expect(statuses.filter((s) => s.state === 'crashed')).toHaveLength(1);
    // Other models still load and answer.
    const good = await api.call('models.import', { path: stageModel(dir, 'stories260K.gguf'), mode: 'reference' });
    expect((await api.call('models.load', { id: good.id })).state).toBe('ready');
  });

  it('an engine killed while streaming restarts with the chat and its partial answer saved, marked interrupted', async () => {
    const api = client.bridge;
    const model = await api.call('models.import', { path: stageModel(dir, 'stories260K.gguf'), mode: 'reference' });
    const thread = await api.call('threads.create', { modelId: model.id });
    // Slow the answer down so it is still streaming when the engine dies.
    await api.call('models.update', { id: model.id, settings: { threads: 1 } });
    await api.call('threads.update', { id: thread.id, sampling: { maxTokens: 32_768 } });
    let streamed = '';
    const off = api.on('chat.delta', (d) => (streamed += d.delta));
    const started = await api.call('chat.send', { threadId: thread.id, text: 'Once upon a time' });
    // Wait until the periodic save has written some of the answer.
    await until(() => streamed.length > 2000, 'a long partial answer');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const info = await api.call('system.info');
    process.kill(info.pid, 'SIGKILL');
    off();
    await until(() => readyCount() === 2, 'the restarted engine');

    const view = await api.call('threads.get', { id: thread.id });
    expect(view.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(view.messages[0]!.content).toBe('Once upon a time');
    const answer = view.messages[1]!;
    expect(answer.id).toBe(started.assistantMessage.id);
    expect(answer.status).toBe('interrupted');
    expect(answer.content.length).toBeGreaterThan(0);
    expect(streamed.startsWith(answer.content)).toBe(true);
  });

  it('an engine killed mid-ingestion resumes after the restart without embedding finished files again', async () => {
    const api = client.bridge;
    const folder = join(dir, 'to-index');
    mkdirSync(folder);
    for (const name of [
      'txt/fake-text-utf-16.txt',
      'md/simple-table.md',
      'csv/stanley-cups.csv',
      'pdf/pdkids.pdf',
      'pdf/understanding-breast-cancer.pdf',
      'pdf/tracemonkey.pdf',
    ]) {
      cpSync(join(CORPUS_DIR, name), join(folder, name.replace('/', '-')));
    }
    const bert = await api.call('models.import', { path: modelPath('tiny-random-bert.gguf'), mode: 'reference' });
    const collection = await api.call('collections.create', { name: 'Resume', embeddingModelId: bert.id });
    await api.call('documents.add', { paths: [folder], collectionId: collection.id });
    const list = () => api.call('documents.list', { collectionId: collection.id });
    await until(async () => {
      const docs = await list();
      return docs.some((d) => d.status === 'ready') && docs.some((d) => d.status !== 'ready');
    }, 'some files indexed and some not');
    const info = await api.call('system.info');
    process.kill(info.pid, 'SIGKILL');
    await until(() => readyCount() === 2, 'the restarted engine');
    const afterCrash = await list();
    const finishedBefore = afterCrash.filter((d) => d.status === 'ready');
    expect(finishedBefore.length).toBeGreaterThan(0);
    expect(finishedBefore.length).toBeLessThan(6);

    await until(
      async () => (await list()).every((d) => d.status === 'ready' || d.status === 'failed'),
      'the rest to finish',
      120_000,
    );
    const final = await list();
    expect(final.map((d) => d.status)).toEqual(final.map(() => 'ready'));
    for (const doc of finishedBefore) {
      // Untouched since before the crash: not parsed or embedded again.
      expect(final.find((d) => d.id === doc.id)?.updatedAt).toBe(doc.updatedAt);
    }
    const hits = await api.call('search.query', {
      query: 'mammogram',
      collectionIds: [collection.id],
      mode: 'keyword',
      k: 3,
    });
    expect(hits[0]?.name).toBe('pdf-understanding-breast-cancer.pdf');
  }, 180_000);
});
