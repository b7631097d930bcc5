// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useChats } from '../../store/chats';
import { useNavigation } from '../../store/navigation';
import { openSource, closeSource } from '../../store/source';
import { resetStores } from '../../test/reset';
import { createTestBridge } from '../../test/testBridge';
import { useShortcutHelp } from '../ShortcutHelp/ShortcutHelp';
import { useShortcuts } from './useShortcuts';

beforeEach(resetStores);
afterEach(() => {
  cleanup();
  closeSource();
  useShortcutHelp.setState({ open: false });
});

function setup() {
  const test = createTestBridge({ 'chat.stop': () => undefined as never });
  const opened: string[] = [];
  function Host() {
    useShortcuts(test.bridge, () => opened.push('help'));
    return (
      <>
        <input data-testid="search" type="search" />
        <textarea className="composer__input" data-testid="composer" />
        <input type="checkbox" data-testid="check" />
      </>
    );
  }
  const view = render(<Host />);
  return { ...test, opened, get: (id: string) => view.getByTestId(id) };
}

const streaming = () => act(() => useChats.setState({ streaming: { threadId: 't1', messageId: 'a1' } }));

describe('the keyboard shortcuts', () => {
  it('Esc stops the answer being written, from the page or the message box', async () => {
    const { callsTo, get } = setup();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(callsTo('chat.stop')).toHaveLength(0); // nothing is being written
    streaming();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    fireEvent.keyDown(get('composer'), { key: 'Escape' });
    expect(callsTo('chat.stop').map((c) => c.params[0])).toEqual([{ threadId: 't1' }, { threadId: 't1' }]);
  });

  it('leaves Esc to a search field, the open source viewer and the shortcut list', () => {
    const { callsTo, get } = setup();
    streaming();
    fireEvent.keyDown(get('search'), { key: 'Escape' });
    act(() => openSource({ documentId: 'd', name: 'a.pdf', kind: 'pdf', pageStart: 1, pageEnd: 1, text: '', n: 1 }));
    fireEvent.keyDown(document.body, { key: 'Escape' });
    act(() => closeSource());
    act(() => useShortcutHelp.setState({ open: true }));
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(callsTo('chat.stop')).toHaveLength(0);
  });

  it('? opens the list and / goes to the message box, but both are plain text in a field', () => {
    const { opened, get } = setup();
    useNavigation.setState({ view: 'documents' });
    const before = useChats.getState().composerFocus;
    fireEvent.keyDown(get('search'), { key: '?' });
    fireEvent.keyDown(get('composer'), { key: '/' });
    expect(opened).toEqual([]);
    expect(useChats.getState().composerFocus).toBe(before);

    fireEvent.keyDown(get('check'), { key: '?' });
    expect(opened).toEqual(['help']);
    fireEvent.keyDown(document.body, { key: '/' });
    expect(useNavigation.getState().view).toBe('chats');
    expect(useChats.getState().composerFocus).toBeGreaterThan(before);
  });

  it('Ctrl+N (or Cmd+N) starts a new chat in the Chats view', async () => {
    const { callsTo, handlers } = setup();
    handlers['threads.create'] = () => ({ id: 'new', title: null }) as never;
    useNavigation.setState({ view: 'models' });
    fireEvent.keyDown(document.body, { key: 'n', ctrlKey: true });
    fireEvent.keyDown(document.body, { key: 'N', metaKey: true });
    expect(useNavigation.getState().view).toBe('chats');
    await act(async () => {});
    expect(callsTo('threads.create')).toHaveLength(2);
  });
});
