// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../api';
import { BridgeProvider } from '../../bridge';
import { followChats, focusMessage, useChats } from '../../store/chats';
import { message, threadView } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { createTestBridge } from '../../test/testBridge';
import { MESSAGE_PAGE, MessageList } from './MessageList';

beforeEach(resetStores);
afterEach(cleanup);

/** A chat of `count` alternating messages, each naming its place; the last answer may still be streaming. */
function longChat(count: number, lastStatus: Message['status'] = 'complete'): Message[] {
  const messages: Message[] = [];
  for (let i = 0; i < count; i++) {
    messages.push(
      message({
        id: `m${i}`,
        parentId: i ? `m${i - 1}` : null,
        role: i % 2 ? 'assistant' : 'user',
        content: `Message number ${i}.`,
        status: i === count - 1 ? lastStatus : 'complete',
      }),
    );
  }
  return messages;
}

/** The list as the chat pane shows it: the store's open chat. */
function OpenChat() {
  const view = useChats((s) => s.view);
  return view ? <MessageList threadId={view.thread.id} messages={view.messages} /> : null;
}

function renderChat(messages: Message[]) {
  const test = createTestBridge();
  useChats.setState({ currentId: 'thread-1', view: threadView(messages) });
  const off = followChats(test.bridge);
  const utils = render(
    <BridgeProvider bridge={test.bridge}>
      <OpenChat />
    </BridgeProvider>,
  );
  return { ...utils, test, off };
}

const shownIds = (): string[] =>
  Array.from(document.querySelectorAll('[data-message-id]')).map((el) => el.getAttribute('data-message-id')!);

describe('a long chat', () => {
  it('renders only its last messages, and "Show earlier messages" reveals the rest a page at a time', () => {
    renderChat(longChat(150));
    expect(shownIds()).toHaveLength(MESSAGE_PAGE);
    expect(shownIds()[0]).toBe(`m${150 - MESSAGE_PAGE}`);
    expect(shownIds().at(-1)).toBe('m149');
    expect(screen.getByText('90 earlier messages')).toBeTruthy();

    fireEvent.click(screen.getByTestId('show-earlier'));
    expect(shownIds()).toHaveLength(2 * MESSAGE_PAGE);
    expect(shownIds()[0]).toBe(`m${150 - 2 * MESSAGE_PAGE}`);
    expect(screen.getByText('30 earlier messages')).toBeTruthy();

    fireEvent.click(screen.getByTestId('show-earlier'));
    expect(shownIds()).toHaveLength(150);
    expect(shownIds()[0]).toBe('m0');
    expect(screen.queryByTestId('show-earlier')).toBeNull();
  });

  it('renders a short chat whole, without the button', () => {
    renderChat(longChat(12));
    expect(shownIds()).toHaveLength(12);
    expect(screen.queryByTestId('show-earlier')).toBeNull();
  });

  it('streams into the last message, and a new question adds below without pushing messages out at the top', () => {
    const { test } = renderChat(longChat(100, 'streaming'));
    expect(shownIds()).toHaveLength(MESSAGE_PAGE);
    const first = shownIds()[0];

    act(() => {
      for (const word of ['Once ', 'upon ', 'a ', 'time.'])
        test.emit('chat.delta', { threadId: 'thread-1', messageId: 'm99', delta: word });
    });
    const last = document.querySelector('[data-message-id="m99"]')!;
    expect(last.getAttribute('data-status')).toBe('streaming');
    expect(last.textContent).toContain('Message number 99.Once upon a time.');
    expect(shownIds()).toHaveLength(MESSAGE_PAGE);
    expect(shownIds()[0]).toBe(first);

    act(() => {
      test.emit('chat.done', {
        threadId: 'thread-1',
        message: { ...useChats.getState().view!.messages.at(-1)!, status: 'complete' },
      });
      test.emit('chat.started', {
        threadId: 'thread-1',
        userMessage: message({ id: 'q-new', parentId: 'm99', role: 'user', content: 'And then?' }),
        assistantMessage: message({ id: 'a-new', parentId: 'q-new', role: 'assistant', status: 'streaming' }),
      });
      test.emit('chat.delta', { threadId: 'thread-1', messageId: 'a-new', delta: 'The end.' });
    });
    expect(shownIds()).toHaveLength(MESSAGE_PAGE + 2);
    expect(shownIds()[0]).toBe(first);
    expect(shownIds().slice(-2)).toEqual(['q-new', 'a-new']);
    expect(document.querySelector('[data-message-id="a-new"]')!.textContent).toContain('The end.');
  });

  it('shows from a search hit above the shown messages, and keeps it shown after the mark fades', () => {
    renderChat(longChat(100));
    expect(shownIds()).not.toContain('m7');
    act(() => focusMessage('m7'));
    expect(shownIds()[0]).toBe('m7');
    expect(document.querySelector('[data-message-id="m7"]')!.className).toContain('message--focused');
    act(() => focusMessage(null));
    expect(shownIds()[0]).toBe('m7');
    expect(shownIds()).toHaveLength(93);
  });

  it('opens another chat at its own last messages', () => {
    renderChat(longChat(100));
    fireEvent.click(screen.getByTestId('show-earlier'));
    expect(shownIds()).toHaveLength(100);
    const other = longChat(80).map((m) => ({ ...m, id: `other-${m.id}`, threadId: 'thread-2' }));
    act(() => useChats.setState({ currentId: 'thread-2', view: threadView(other, { id: 'thread-2' }) }));
    expect(shownIds()).toHaveLength(MESSAGE_PAGE);
    expect(shownIds()[0]).toBe(`other-m${80 - MESSAGE_PAGE}`);
  });
});
