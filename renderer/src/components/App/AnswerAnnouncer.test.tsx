// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useChats } from '../../store/chats';
import { message, threadView } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { AnswerAnnouncer } from './AnswerAnnouncer';

beforeEach(resetStores);
afterEach(cleanup);

function answer(status: 'streaming' | 'complete' | 'stopped' | 'failed') {
  return message({ id: 'a1', role: 'assistant', status });
}

describe('AnswerAnnouncer', () => {
  it('says politely that an answer is being written, then how it ended (after its final status arrives)', () => {
    render(<AnswerAnnouncer />);
    const region = screen.getByTestId('answer-announcer');
    expect(region.getAttribute('role')).toBe('status');
    expect(region.textContent).toBe('');

    act(() => useChats.setState({ pending: 'x' }));
    expect(region.textContent).toBe('Preparing the answer…');

    act(() =>
      useChats.setState({
        pending: null,
        streaming: { threadId: 'thread-1', messageId: 'a1' },
        view: threadView([answer('streaming')]),
      }),
    );
    expect(region.textContent).toBe('Writing the answer…');

    // The streaming mark clears first; the stopped message comes just after.
    act(() => useChats.setState({ streaming: null }));
    expect(region.textContent).toBe('Writing the answer…');
    act(() => useChats.setState({ view: threadView([answer('stopped')]) }));
    expect(region.textContent).toBe('The answer was stopped.');
  });

  it('says when an answer is ready', () => {
    render(<AnswerAnnouncer />);
    act(() =>
      useChats.setState({
        streaming: { threadId: 'thread-1', messageId: 'a1' },
        view: threadView([answer('streaming')]),
      }),
    );
    act(() => useChats.setState({ streaming: null, view: threadView([answer('complete')]) }));
    expect(screen.getByTestId('answer-announcer').textContent).toBe('The answer is ready.');
  });
});
