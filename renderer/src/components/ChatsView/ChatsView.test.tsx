// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatStarted, Message, ThreadView } from '../../api';
import { message, modelRecord, thread, threadView } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { createTestBridge } from '../../test/testBridge';
import { App } from '../App/App';

beforeEach(resetStores);
afterEach(cleanup);

const question = message({ id: 'q1', role: 'user', content: 'Tell me a story about a cat.' });
const answer = message({
  id: 'a1',
  role: 'assistant',
  parentId: 'q1',
  status: 'streaming',
  modelLabel: 'stories260K-chatml',
});

function chatBridge(view: ThreadView = threadView([])) {
  const test = createTestBridge({
    'models.list': () => [modelRecord()],
    'threads.list': () => [{ ...thread(), messageCount: view.messages.length }],
    'threads.get': () => view,
    'chat.send': () => {
      const started: ChatStarted = { threadId: 'thread-1', userMessage: question, assistantMessage: answer };
      test.emit('chat.started', started);
      return started;
    },
    'chat.stop': () => undefined,
  });
  return test;
}

async function openChat(test: ReturnType<typeof createTestBridge>) {
  render(<App bridge={test.bridge} />);
  fireEvent.click(await screen.findByRole('button', { name: /^Tell me a story/ }));
  return screen.findByTestId('chat-pane');
}

describe('Chats', () => {
  it('streams an answer into the page, offers Stop, and shows the stats when done', async () => {
    const test = chatBridge();
    await openChat(test);

    fireEvent.change(screen.getByTestId('composer'), { target: { value: 'Tell me a story about a cat.' } });
    fireEvent.keyDown(screen.getByTestId('composer'), { key: 'Enter' });
    await waitFor(() => expect(test.callsTo('chat.send')).toHaveLength(1));
    expect(test.callsTo('chat.send')[0]!.params).toEqual([
      { threadId: 'thread-1', text: 'Tell me a story about a cat.' },
    ]);

    const parts = Array.from({ length: 100 }, (_, i) => `word${i} `);
    act(() => parts.forEach((delta) => test.emit('chat.delta', { threadId: 'thread-1', messageId: 'a1', delta })));
    const streaming = screen.getByTestId('message-assistant');
    await waitFor(() => expect(streaming.textContent).toContain(parts.join('').trim()));
    expect(streaming.getAttribute('data-status')).toBe('streaming');
    expect(test.callsTo('threads.get')).toHaveLength(1); // opened once, never again per token

    fireEvent.click(screen.getByTestId('stop'));
    await waitFor(() => expect(test.callsTo('chat.stop')).toHaveLength(1));

    const final: Message = {
      ...answer,
      status: 'stopped',
      content: parts.join(''),
      stats: { ttftMs: 8, tokensPerSecond: 966.5, promptTokens: 45, completionTokens: 100, durationMs: 120 },
    };
    act(() => test.emit('chat.done', { threadId: 'thread-1', message: final }));
    expect(screen.getByTestId('message-status').textContent).toContain('Stopped');
    const stats = screen.getByTestId('message-stats');
    expect(stats.textContent).toContain('stories260K-chatml');
    expect(stats.textContent).toContain('first token 8 ms');
    expect(stats.textContent).toContain('966.5 tok/s');
    expect(stats.textContent).toContain('45 + 100 tokens');
    expect(screen.getByTestId('send')).toBeTruthy();
  });

  it('Shift+Enter does not send', async () => {
    const test = chatBridge();
    await openChat(test);
    fireEvent.change(screen.getByTestId('composer'), { target: { value: 'line one' } });
    fireEvent.keyDown(screen.getByTestId('composer'), { key: 'Enter', shiftKey: true });
    await new Promise((r) => setTimeout(r, 10));
    expect(test.callsTo('chat.send')).toHaveLength(0);
  });

  it('offers the first-run choices in place when there is no model to answer', async () => {
    const test = chatBridge();
    test.handlers['chat.send'] = () =>
      Promise.reject({ code: 'MODEL_NOT_LOADED', message: 'There is no chat model in your library yet.' });
    await openChat(test);
    fireEvent.change(screen.getByTestId('composer'), { target: { value: 'Hello?' } });
    fireEvent.click(screen.getByTestId('send'));
    const inline = await screen.findByTestId('first-run');
    expect(within(inline).getByText('Add a chat model to get an answer')).toBeTruthy();
    expect(within(inline).getByPlaceholderText(/\.gguf$/)).toBeTruthy();
    expect((screen.getByTestId('composer') as HTMLTextAreaElement).value).toBe('Hello?');
  });

  it('shows "Loading <model>…" with progress while the model loads', async () => {
    const test = chatBridge();
    await openChat(test);
    act(() => test.emit('models.state', { state: 'loading', modelId: 'model-1', progress: 0.42 }));
    const loading = screen.getByTestId('model-loading');
    expect(loading.textContent).toContain('Loading stories260K-chatml…');
    expect(loading.textContent).toContain('42%');
  });

  it('shows stopped, interrupted and failed answers for what they are', async () => {
    const q = message({ role: 'user', content: 'Hi' });
    const view = threadView([
      q,
      message({ role: 'assistant', parentId: q.id, status: 'interrupted', content: 'Half an' }),
    ]);
    await openChat(chatBridge(view));
    expect(screen.getByTestId('message-status').textContent).toContain('The engine stopped while writing this answer');

    cleanup();
    resetStores();
    const failed = threadView([
      q,
      message({ role: 'assistant', parentId: q.id, status: 'failed', error: 'The model stopped with an error: boom' }),
    ]);
    await openChat(chatBridge(failed));
    expect(screen.getByTestId('message-status').textContent).toContain('The model stopped with an error: boom');
  });

  it('steps between branches with ‹ 2 / 3 ›', async () => {
    const q = message({ id: 'q', role: 'user', content: 'Hi' });
    const a2 = message({
      id: 'a2',
      role: 'assistant',
      parentId: 'q',
      content: 'Second',
      branchIndex: 2,
      branchCount: 3,
      siblingIds: ['a1x', 'a2', 'a3'],
    });
    const test = chatBridge(threadView([q, a2]));
    test.handlers['threads.selectBranch'] = ({ messageId }) =>
      threadView([q, { ...a2, id: messageId, content: `Branch ${messageId}`, branchIndex: 1 }]);
    await openChat(test);

    const nav = screen.getByTestId('branch-nav');
    expect(nav.textContent).toContain('2 / 3');
    fireEvent.click(within(nav).getByRole('button', { name: 'Previous version' }));
    await waitFor(() => expect(test.callsTo('threads.selectBranch')).toHaveLength(1));
    expect(test.callsTo('threads.selectBranch')[0]!.params).toEqual([{ threadId: 'thread-1', messageId: 'a1x' }]);
    expect(await screen.findByText('Branch a1x')).toBeTruthy();
  });

  it('regenerates an answer and edits a question', async () => {
    const q = message({ id: 'q', role: 'user', content: 'Hi' });
    const a = message({ id: 'a', role: 'assistant', parentId: 'q', content: 'Hello' });
    const test = chatBridge(threadView([q, a]));
    const again = message({ id: 'a-2', role: 'assistant', parentId: 'q', status: 'streaming' });
    test.handlers['chat.regenerate'] = () => ({ threadId: 'thread-1', userMessage: q, assistantMessage: again });
    await openChat(test);

    fireEvent.click(screen.getByRole('button', { name: 'Regenerate' }));
    await waitFor(() => expect(test.callsTo('chat.regenerate')).toHaveLength(1));
    expect(test.callsTo('chat.regenerate')[0]!.params).toEqual([{ threadId: 'thread-1', messageId: 'a' }]);
    act(() =>
      test.emit('chat.done', { threadId: 'thread-1', message: { ...again, status: 'complete', content: 'Hi again' } }),
    );

    const edited = message({ id: 'q-2', role: 'user', content: 'Hello there' });
    test.handlers['chat.edit'] = () => ({
      threadId: 'thread-1',
      userMessage: edited,
      assistantMessage: message({ id: 'a-3', role: 'assistant', parentId: 'q-2', status: 'streaming' }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    fireEvent.change(screen.getByLabelText('Edit your message'), { target: { value: 'Hello there' } });
    fireEvent.keyDown(screen.getByLabelText('Edit your message'), { key: 'Enter' });
    await waitFor(() => expect(test.callsTo('chat.edit')).toHaveLength(1));
    expect(test.callsTo('chat.edit')[0]!.params).toEqual([
      { threadId: 'thread-1', messageId: 'q', text: 'Hello there' },
    ]);
    expect(await screen.findByText('Hello there')).toBeTruthy();
  });

  it('finds messages and marks the match without rendering HTML', async () => {
    const test = chatBridge();
    test.handlers['chat.search'] = () => [
      {
        threadId: 'thread-1',
        threadTitle: 'Tell me a story',
        messageId: 'q1',
        role: 'user',
        snippet: '…about a [[cat]] <b>bold</b>…',
        createdAt: '2025-03-12T10:00:00.000Z',
      },
    ];
    render(<App bridge={test.bridge} />);
    fireEvent.change(await screen.findByPlaceholderText('Search chats'), { target: { value: 'cat' } });
    const results = await screen.findByTestId('search-results');
    const marks = results.querySelectorAll('mark');
    expect(marks).toHaveLength(1);
    expect(marks[0]!.textContent).toBe('cat');
    expect(results.querySelector('b')).toBeNull();
    expect(results.textContent).toContain('<b>bold</b>');
    expect(test.callsTo('chat.search')[0]!.params).toEqual([{ query: 'cat', limit: 40 }]);
  });

  it('renames a chat in place and deletes it after asking', async () => {
    const test = chatBridge();
    test.handlers['threads.update'] = ({ title }) => thread({ title: title ?? '' });
    test.handlers['threads.delete'] = () => undefined;
    render(<App bridge={test.bridge} />);
    const item = await screen.findByTestId('thread-item');

    fireEvent.click(within(item).getByRole('button', { name: /^Rename/ }));
    const input = screen.getByLabelText('Chat title');
    fireEvent.change(input, { target: { value: 'Cat stories' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() =>
      expect(test.callsTo('threads.update')[0]!.params).toEqual([{ id: 'thread-1', title: 'Cat stories' }]),
    );
    expect(await screen.findByText('Cat stories')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: /^Delete/ }));
    expect(test.callsTo('threads.delete')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(test.callsTo('threads.delete')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('thread-item')).toBeNull());
  });

  it('saves sampling settings for the chat', async () => {
    const test = chatBridge();
    test.handlers['threads.update'] = ({ sampling }) =>
      thread({ sampling: { temperature: 0.7, topP: 0.9, maxTokens: 1024, ...sampling } });
    await openChat(test);
    fireEvent.click(screen.getByRole('button', { name: 'Sampling' }));
    fireEvent.change(screen.getByLabelText('Max tokens'), { target: { value: '4000' } });
    expect(screen.getByLabelText('Max tokens').getAttribute('aria-describedby')).toBeTruthy();
    // happy-dom does not submit a form from its submit button; the browser does (see the e2e test).
    fireEvent.submit(screen.getByRole('form', { name: 'Sampling settings' }));
    expect(await screen.findByText('Saved')).toBeTruthy();
    expect(test.callsTo('threads.update')[0]!.params).toEqual([
      { id: 'thread-1', sampling: { temperature: 0.7, topP: 0.9, maxTokens: 4000 } },
    ]);
  });
});

describe('Chats after an engine restart', () => {
  it('lets go of an answer that will never finish and reads the chat again', async () => {
    const test = chatBridge();
    await openChat(test);
    fireEvent.change(screen.getByTestId('composer'), { target: { value: 'Tell me a story about a cat.' } });
    fireEvent.click(screen.getByTestId('send'));
    expect(await screen.findByTestId('stop')).toBeTruthy();

    const interrupted = { ...answer, status: 'interrupted' as const, content: 'Once' };
    test.handlers['threads.get'] = () => threadView([question, interrupted]);
    act(() => test.emit('engine.status', { state: 'crashed', message: 'The engine exited.', restarts: 1 }));
    act(() => test.emit('engine.status', { state: 'ready', restarts: 1 }));

    expect(await screen.findByTestId('send')).toBeTruthy();
    expect((await screen.findByTestId('message-status')).textContent).toContain('The engine stopped while writing');
    expect(test.callsTo('threads.get')).toHaveLength(2);
  });
});
