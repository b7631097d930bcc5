import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatStarted } from '../api';
import { message, threadView } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { createTestBridge } from '../test/testBridge';
import { applyStarted } from '../lib/messages';
import { chatActions, followChats, openThread, useChats } from './chats';

let stop: (() => void) | null = null;
beforeEach(resetStores);
afterEach(() => {
  stop?.();
  stop = null;
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const question = message({ role: 'user', content: 'Tell me a story about a cat.' });
  const answer = message({ role: 'assistant', parentId: question.id, status: 'streaming', modelLabel: 'stories' });
  const test = createTestBridge({ 'threads.get': () => threadView([]) });
  stop = followChats(test.bridge);
  return { test, question, answer, started: { threadId: 'thread-1', userMessage: question, assistantMessage: answer } };
}

describe('chat streaming in the store', () => {
  it('appends 100 deltas to the answer without reading the thread again', async () => {
    const { test, answer, started } = setup();
    await openThread(test.bridge, 'thread-1');
    expect(test.callsTo('threads.get')).toHaveLength(1);

    test.emit('chat.started', started);
    const words = Array.from({ length: 100 }, (_, i) => `w${i} `);
    for (const delta of words) test.emit('chat.delta', { threadId: 'thread-1', messageId: answer.id, delta });

    const { view, streaming } = useChats.getState();
    expect(view!.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(view!.messages[1]!.content).toBe(words.join(''));
    expect(streaming).toEqual({ threadId: 'thread-1', messageId: answer.id });
    await flush();
    expect(test.callsTo('threads.get')).toHaveLength(1);
  });

  it('keeps the earlier messages as they were while an answer grows', async () => {
    const { test, question, answer, started } = setup();
    await openThread(test.bridge, 'thread-1');
    test.emit('chat.started', started);
    const before = useChats.getState().view!.messages[0];
    test.emit('chat.delta', { threadId: 'thread-1', messageId: answer.id, delta: 'Once' });
    expect(useChats.getState().view!.messages[0]).toBe(before);
    expect(before!.id).toBe(question.id);
  });

  it('ignores deltas for another chat', async () => {
    const { test, answer, started } = setup();
    await openThread(test.bridge, 'thread-1');
    test.emit('chat.started', started);
    test.emit('chat.delta', { threadId: 'thread-2', messageId: answer.id, delta: 'elsewhere' });
    expect(useChats.getState().view!.messages[1]!.content).toBe('');
  });

  it('replaces the streamed message with the final one, stats and all, on chat.done', async () => {
    const { test, answer, started } = setup();
    await openThread(test.bridge, 'thread-1');
    test.emit('chat.started', started);
    test.emit('chat.delta', { threadId: 'thread-1', messageId: answer.id, delta: 'Once upon' });
    const stats = { ttftMs: 12, tokensPerSecond: 950.5, promptTokens: 45, completionTokens: 120, durationMs: 140 };
    const final = { ...answer, content: 'Once upon a time.', status: 'complete' as const, stats };
    test.emit('chat.done', { threadId: 'thread-1', message: final });

    const state = useChats.getState();
    expect(state.view!.messages[1]).toEqual(final);
    expect(state.streaming).toBeNull();
  });

  it('does not mark an answer streaming again when the call answers after chat.done', async () => {
    const { answer, started } = setup();
    const late = createTestBridge({
      'chat.send': () => {
        late.emit('chat.done', { threadId: 'thread-1', message: { ...answer, status: 'complete', content: 'Done.' } });
        return started;
      },
    });
    stop?.();
    stop = followChats(late.bridge);
    useChats.setState({ currentId: 'thread-1', view: threadView([]) });
    await chatActions.send(late.bridge, 'thread-1', 'Hello');
    expect(useChats.getState().streaming).toBeNull();
    expect(useChats.getState().pending).toBeNull();
  });

  it('keeps the question in the composer when sending fails', async () => {
    const test = createTestBridge({
      'chat.send': () =>
        Promise.reject({ code: 'MODEL_NOT_LOADED', message: 'There is no chat model in your library yet.' }),
    });
    const ok = await chatActions.send(test.bridge, 'thread-1', 'Hello?');
    expect(ok).toBe(false);
    expect(useChats.getState().sendError?.error.code).toBe('MODEL_NOT_LOADED');
    expect(useChats.getState().drafts['thread-1']).toBe('Hello?');
  });
});

describe('applyStarted', () => {
  const q1 = message({ role: 'user', content: 'one' });
  const a1 = message({ role: 'assistant', parentId: q1.id, content: 'first' });
  const q2 = message({ role: 'user', parentId: a1.id, content: 'two' });
  const a2 = message({ role: 'assistant', parentId: q2.id, content: 'second' });
  const shown = [q1, a1, q2, a2];

  it('adds a new question and its answer at the end', () => {
    const q3 = message({ role: 'user', parentId: a2.id });
    const a3 = message({ role: 'assistant', parentId: q3.id, status: 'streaming' });
    expect(applyStarted(shown, { threadId: 'thread-1', userMessage: q3, assistantMessage: a3 })).toEqual([
      ...shown,
      q3,
      a3,
    ]);
  });

  it('puts a regenerated answer in place of the old one and drops what followed', () => {
    const again = message({ role: 'assistant', parentId: q1.id, status: 'streaming', branchIndex: 2, branchCount: 2 });
    const started: ChatStarted = { threadId: 'thread-1', userMessage: q1, assistantMessage: again };
    expect(applyStarted(shown, started)).toEqual([q1, again]);
  });

  it('puts an edited question in place of the original', () => {
    const edited = message({ role: 'user', parentId: a1.id, content: 'two, better' });
    const answer = message({ role: 'assistant', parentId: edited.id, status: 'streaming' });
    expect(applyStarted(shown, { threadId: 'thread-1', userMessage: edited, assistantMessage: answer })).toEqual([
      q1,
      a1,
      edited,
      answer,
    ]);
  });

  it('changes nothing when the same start arrives twice', () => {
    const q3 = message({ role: 'user', parentId: a2.id });
    const a3 = message({ role: 'assistant', parentId: q3.id });
    const once = applyStarted(shown, { threadId: 'thread-1', userMessage: q3, assistantMessage: a3 });
    expect(applyStarted(once, { threadId: 'thread-1', userMessage: q3, assistantMessage: a3 })).toBe(once);
  });
});
