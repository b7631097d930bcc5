import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../api/errors.js';
import type { Message } from '../api/chat.js';
import { tempDataDir } from '../testing/fixtures.js';
import { openTestEngine, stageModel, type TestEngine } from '../testing/engine.js';

let t: TestEngine;
let files: { dir: string; cleanup: () => void };
let modelId: string;

beforeEach(async () => {
  t = openTestEngine();
  files = tempDataDir('cellar-files-');
  modelId = (
    await t.api.call('models.import', { path: stageModel(files.dir, 'stories260K-chatml.gguf'), mode: 'reference' })
  ).id;
});
afterEach(async () => {
  await t.dispose();
  files.cleanup();
});

/** Resolve with the final message once chat.done arrives for it. */
function done(messageId: string): Promise<Message> {
  return new Promise((resolve) => {
    const off = t.api.on('chat.done', ({ message }) => {
      if (message.id === messageId) {
        off();
        resolve(message);
      }
    });
  });
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected a failure');
}

describe('chat', () => {
  it('streams an answer as small deltas, saves it with the model and stats, and titles the thread', async () => {
    const thread = await t.api.call('threads.create', {});
    const started = await t.api.call('chat.send', { threadId: thread.id, text: 'Tell me a story about a cat.' });
    expect(started.userMessage?.content).toBe('Tell me a story about a cat.');
    expect(started.assistantMessage.status).toBe('streaming');
    const final = await done(started.assistantMessage.id);

    const deltas = t.eventsNamed('chat.delta').filter((d) => d.messageId === final.id);
    expect(deltas.length).toBeGreaterThanOrEqual(20);
    expect(deltas.map((d) => d.delta).join('')).toBe(final.content);
    // Small deltas (batched per 16 ms frame), never the whole answer at once.
    expect(Math.max(...deltas.map((d) => d.delta.length))).toBeLessThan(final.content.length / 4);
    expect(final.status).toBe('complete');
    expect(final.modelId).toBe(modelId);
    expect(final.modelLabel).toBeTruthy();
    expect(final.stats).toMatchObject({ completionTokens: expect.any(Number), promptTokens: expect.any(Number) });
    expect(final.stats!.completionTokens).toBeGreaterThanOrEqual(20);
    expect(final.stats!.promptTokens).toBeGreaterThan(0);
    expect(final.stats!.tokensPerSecond).toBeGreaterThan(0);
    expect(final.stats!.ttftMs).toBeGreaterThanOrEqual(0);

    const view = await t.api.call('threads.get', { id: thread.id });
    expect(view.thread.title).toBe('Tell me a story about a cat.');
    expect(view.thread.modelId).toBe(modelId);
    expect(view.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(view.messages[1]!.content).toBe(final.content);
  });

  it('stops mid-stream within a couple of tokens and keeps the partial answer', async () => {
    const thread = await t.api.call('threads.create', {});
    await t.api.call('threads.update', { id: thread.id, sampling: { maxTokens: 4000 } });
    let seen = 0;
    let deltasAtStop = 0;
    const off = t.api.on('chat.delta', () => {
      seen += 1;
      if (seen === 20) {
        deltasAtStop = seen;
        void t.api.call('chat.stop', { threadId: thread.id });
      }
    });
    const started = await t.api.call('chat.send', { threadId: thread.id, text: 'Once upon a time' });
    const final = await done(started.assistantMessage.id);
    off();
    expect(final.status).toBe('stopped');
    expect(seen - deltasAtStop).toBeLessThanOrEqual(2);
    expect(final.content.length).toBeGreaterThan(0);
    const saved = (await t.api.call('threads.get', { id: thread.id })).messages[1]!;
    expect(saved).toMatchObject({ status: 'stopped', content: final.content });
  });

  it('a stop before the first word ends the answer as stopped, not failed', async () => {
    const thread = await t.api.call('threads.create', {});
    await t.api.call('threads.update', { id: thread.id, sampling: { maxTokens: 4000 } });
    // A long prompt: the stop lands while the model is still reading it.
    const text = 'Once upon a time there was a little cat who liked to read. '.repeat(60);
    const started = await t.api.call('chat.send', { threadId: thread.id, text });
    const finished = done(started.assistantMessage.id);
    await t.api.call('chat.stop', { threadId: thread.id });
    const final = await finished;
    expect(final.status).toBe('stopped');
    expect(final.error ?? null).toBeNull();
    const saved = (await t.api.call('threads.get', { id: thread.id })).messages[1]!;
    expect(saved).toMatchObject({ status: 'stopped' });
  });

  it('refuses a second answer while one is being written', async () => {
    const thread = await t.api.call('threads.create', {});
    await t.api.call('threads.update', { id: thread.id, sampling: { maxTokens: 4000 } });
    const started = await t.api.call('chat.send', { threadId: thread.id, text: 'Once upon a time' });
    const second = await failure(t.api.call('chat.send', { threadId: thread.id, text: 'again' }));
    expect(second.code).toBe('BUSY');
    await t.api.call('chat.stop', { threadId: thread.id });
    await expect
      .poll(async () => (await t.api.call('threads.get', { id: thread.id })).messages[1]?.status)
      .not.toBe('streaming');
    expect(started.assistantMessage.id).toBeTruthy();
  });

  it('regenerates and edits as new branches, keeping the old ones browsable', async () => {
    const thread = await t.api.call('threads.create', { systemPrompt: 'You tell short stories.' });
    const first = await t.api.call('chat.send', { threadId: thread.id, text: 'A story about a dog.' });
    const a1 = await done(first.assistantMessage.id);

    const regen = await t.api.call('chat.regenerate', { threadId: thread.id, messageId: a1.id });
    const a2 = await done(regen.assistantMessage.id);
    expect(a2.parentId).toBe(a1.parentId);
    expect(a2).toMatchObject({ branchIndex: 2, branchCount: 2 });
    expect(a2.siblingIds).toEqual([a1.id, a2.id]);

    const back = await t.api.call('threads.selectBranch', { threadId: thread.id, messageId: a1.id });
    expect(back.messages.at(-1)!.id).toBe(a1.id);
    expect(back.messages.at(-1)!.content).toBe(a1.content);

    const edit = await t.api.call('chat.edit', {
      threadId: thread.id,
      messageId: first.userMessage!.id,
      text: 'A story about a bird.',
    });
    const a3 = await done(edit.assistantMessage.id);
    const view = await t.api.call('threads.get', { id: thread.id });
    expect(view.messages.map((m) => m.content)).toEqual(['A story about a bird.', a3.content]);
    expect(view.messages[0]).toMatchObject({ branchIndex: 2, branchCount: 2 });
    // The first question and both of its answers are still there.
    const original = await t.api.call('threads.selectBranch', {
      threadId: thread.id,
      messageId: first.userMessage!.id,
    });
    expect(original.messages[0]!.content).toBe('A story about a dog.');
    expect(original.messages[1]!.branchCount).toBe(2);
  });

  it('keeps working when a long chat overflows a small context', async () => {
    await t.api.call('models.update', { id: modelId, settings: { contextSize: 256 } });
    const thread = await t.api.call('threads.create', {});
    await t.api.call('threads.update', { id: thread.id, sampling: { maxTokens: 60 } });
    for (let turn = 0; turn < 8; turn++) {
      const started = await t.api.call('chat.send', {
        threadId: thread.id,
        text: `Turn ${turn}: tell me more about the little girl and her dog in the park.`,
      });
      const final = await done(started.assistantMessage.id);
      expect(final.status, final.error ?? '').toBe('complete');
    }
    const view = await t.api.call('threads.get', { id: thread.id });
    expect(view.messages).toHaveLength(16);
  });

  it('keeps threads, messages and branches across an engine restart, and marks an interrupted answer', async () => {
    const thread = await t.api.call('threads.create', {});
    const started = await t.api.call('chat.send', { threadId: thread.id, text: 'Hello there' });
    const answer = await done(started.assistantMessage.id);
    const view = await t.api.call('threads.get', { id: thread.id });
    // A second chat is still being written when the engine goes down.
    const other = await t.api.call('threads.create', { title: 'Interrupted one' });
    await t.api.call('threads.update', { id: other.id, sampling: { maxTokens: 4000 } });
    const running = await t.api.call('chat.send', { threadId: other.id, text: 'Once upon a time' });
    await expect
      .poll(() => t.eventsNamed('chat.delta').filter((d) => d.messageId === running.assistantMessage.id).length)
      .toBeGreaterThan(5);

    t = await t.reopen();
    const threads = await t.api.call('threads.list');
    expect(threads.map((th) => th.id)).toEqual(expect.arrayContaining([thread.id, other.id]));
    const again = await t.api.call('threads.get', { id: thread.id });
    expect(again.messages).toEqual(view.messages);
    expect(again.messages[1]!.content).toBe(answer.content);
    const stopped = (await t.api.call('threads.get', { id: other.id })).messages[1]!;
    expect(['stopped', 'interrupted']).toContain(stopped.status);
  });

  it('searches every message with full-text search', async () => {
    const thread = await t.api.call('threads.create', {});
    const started = await t.api.call('chat.send', {
      threadId: thread.id,
      text: 'Remember the word aubergine, please.',
    });
    await done(started.assistantMessage.id);
    const hits = await t.api.call('chat.search', { query: 'aubergine' });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ threadId: thread.id, role: 'user' });
    expect(hits[0]!.snippet).toContain('[[aubergine]]');
    expect(await t.api.call('chat.search', { query: 'zzzzunlikely' })).toEqual([]);
    expect(await t.api.call('chat.search', { query: '"unbalanced ( quotes' })).toEqual([]);
  });

  it('renames, lists newest first, and deletes threads with their messages', async () => {
    const a = await t.api.call('threads.create', { title: 'First' });
    const b = await t.api.call('threads.create', { title: 'Second' });
    expect((await t.api.call('threads.list')).map((x) => x.id)).toEqual([b.id, a.id]);
    await t.api.call('threads.update', { id: a.id, title: 'Renamed' });
    const list = await t.api.call('threads.list');
    expect(list.map((x) => x.id)).toEqual([b.id, a.id]);
    expect(list[1]).toMatchObject({ id: a.id, title: 'Renamed' });
    const started = await t.api.call('chat.send', { threadId: a.id, text: 'Delete me' });
    await done(started.assistantMessage.id);
    await t.api.call('threads.delete', { id: a.id });
    expect((await t.api.call('threads.list')).map((x) => x.id)).toEqual([b.id]);
    expect(await t.api.call('chat.search', { query: 'Delete' })).toEqual([]);
    expect((await failure(t.api.call('threads.get', { id: a.id }))).code).toBe('NOT_FOUND');
  });

  it('seeds system prompt presets and saves new ones', async () => {
    const presets = await t.api.call('presets.list');
    expect(presets.filter((p) => p.builtIn).length).toBeGreaterThanOrEqual(3);
    const saved = await t.api.call('presets.save', { name: 'Radiology', text: 'Be brief.' });
    expect((await t.api.call('presets.list')).map((p) => p.name)).toContain('Radiology');
    expect((await failure(t.api.call('presets.save', { name: 'Radiology', text: 'dup' }))).code).toBe('BAD_PARAMS');
    await t.api.call('presets.delete', { id: saved.id });
  });

  it('says clearly when there is no model to chat with', async () => {
    await t.api.call('models.remove', { id: modelId });
    const thread = await t.api.call('threads.create', {});
    const error = await failure(t.api.call('chat.send', { threadId: thread.id, text: 'Hi' }));
    expect(error.code).toBe('MODEL_NOT_LOADED');
    expect(error.message).toMatch(/Download a recommended model or import a GGUF file/);
  });
});
