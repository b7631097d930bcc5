// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ThreadSummary } from '../../api';
import { BridgeProvider } from '../../bridge';
import { useChats } from '../../store/chats';
import { threadView } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { createTestBridge } from '../../test/testBridge';
import { ThreadList } from './ThreadList';

beforeEach(resetStores);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function threads(count: number): ThreadSummary[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `t${i}`,
    title: `Case review ${i + 1}`,
    modelId: null,
    updatedAt: '2025-03-12T10:00:00.000Z',
    messageCount: 100,
  }));
}

function renderList(list: ThreadSummary[]) {
  const test = createTestBridge({ 'threads.get': ({ id }) => threadView([], { id }) });
  useChats.setState({ threads: list });
  render(
    <BridgeProvider bridge={test.bridge}>
      <ThreadList />
    </BridgeProvider>,
  );
  return test;
}

const rows = () => screen.queryAllByTestId('thread-item');

describe('the chat list', () => {
  it('renders a short list whole', () => {
    renderList(threads(12));
    expect(rows()).toHaveLength(12);
  });

  it('with 1,000 chats renders only the rows near the top, each saying where it is in the whole list', () => {
    renderList(threads(1000));
    const shown = rows();
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(60);
    expect(shown[0]!.textContent).toContain('Case review 1');
    expect(shown[0]!.getAttribute('aria-posinset')).toBe('1');
    expect(shown[0]!.getAttribute('aria-setsize')).toBe('1000');
    // The rows not rendered still take their room, so the scroll bar is the whole list's.
    const list = screen.getByTestId('thread-list');
    expect(parseFloat(list.style.paddingBottom)).toBeGreaterThan(900 * 40);
  });

  it('opens a chat from a windowed row', async () => {
    const test = renderList(threads(1000));
    fireEvent.click(screen.getByRole('button', { name: /^Case review 3\b/ }));
    await waitFor(() => expect(test.callsTo('threads.get')).toHaveLength(1));
    expect(test.callsTo('threads.get')[0]!.params).toEqual([{ id: 't2' }]);
    expect(useChats.getState().currentId).toBe('t2');
  });

  it('renders the rows at the bottom when scrolled there', async () => {
    // happy-dom lays nothing out: give the scrolling container a height and the list a position.
    const styles = window.getComputedStyle.bind(window);
    vi.spyOn(window, 'getComputedStyle').mockImplementation((el, pseudo) => {
      const style = styles(el, pseudo);
      return (el as HTMLElement).classList.contains('thread-list__scroll')
        ? ({ ...style, overflowY: 'auto' } as CSSStyleDeclaration)
        : style;
    });
    let scrolled = 0;
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('thread-list__scroll') ? 600 : 0;
    });
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const top = this.dataset.testid === 'thread-list' ? -scrolled : 0;
      return { top, bottom: top, left: 0, right: 0, width: 0, height: 0, x: 0, y: top, toJSON: () => null };
    });

    renderList(threads(1000));
    expect(rows()[0]!.textContent).toContain('Case review 1');
    scrolled = 1000 * 50 - 600;
    await act(async () => {
      document.querySelector('.thread-list__scroll')!.dispatchEvent(new Event('scroll'));
      await new Promise((resolve) => requestAnimationFrame(resolve));
    });
    const shown = rows();
    expect(shown.length).toBeLessThan(60);
    expect(shown.at(-1)!.textContent).toContain('Case review 1000');
    expect(shown.at(-1)!.getAttribute('aria-posinset')).toBe('1000');
    expect(screen.queryByText('Case review 1', { exact: true })).toBeNull();
  });
});
