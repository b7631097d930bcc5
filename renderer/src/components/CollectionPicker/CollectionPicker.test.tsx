// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Thread } from '../../api';
import { collection, modelRecord, thread, threadView } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { createTestBridge } from '../../test/testBridge';
import { App } from '../App/App';

beforeEach(resetStores);
afterEach(cleanup);

function pickerBridge(initial: Partial<Thread> = {}) {
  let current = thread(initial);
  const test = createTestBridge({
    'models.list': () => [modelRecord()],
    'threads.list': () => [current],
    'threads.get': () => threadView([], current),
    'collections.list': () => [
      collection({ id: 'contracts', name: 'Contracts' }),
      collection({ id: 'patients', name: 'Patients' }),
    ],
    'threads.update': ({ collectionIds }) => {
      current = { ...current, collectionIds: collectionIds ?? current.collectionIds };
      return current;
    },
  });
  return test;
}

async function openChat(test: ReturnType<typeof createTestBridge>) {
  render(<App bridge={test.bridge} />);
  fireEvent.click(await screen.findByRole('button', { name: /^Tell me a story/ }));
  return screen.findByTestId('collection-picker');
}

describe('CollectionPicker', () => {
  it('chooses the collections a chat answers from with threads.update', async () => {
    const test = pickerBridge();
    const picker = await openChat(test);
    expect(picker.textContent).toContain('Answer from:');
    const contracts = within(picker).getByLabelText('Contracts') as HTMLInputElement;
    const patients = within(picker).getByLabelText('Patients') as HTMLInputElement;
    expect(contracts.checked).toBe(false);
    expect(screen.getByTestId('grounding-hint').textContent).toContain('No documents');
    expect(screen.getByTestId('composer').getAttribute('placeholder')).toBe('Ask anything…');

    fireEvent.click(patients);
    await waitFor(() => expect(test.callsTo('threads.update')).toHaveLength(1));
    expect(test.callsTo('threads.update')[0]!.params).toEqual([{ id: 'thread-1', collectionIds: ['patients'] }]);
    await waitFor(() => expect(patients.checked).toBe(true));
    expect(screen.getByTestId('grounding-hint').textContent).toContain('cite the page');
    expect(screen.getByTestId('composer').getAttribute('placeholder')).toBe('Ask about Patients…');
    expect(document.querySelector('.thread-header--grounded')).not.toBeNull();

    fireEvent.click(contracts);
    await waitFor(() => expect(test.callsTo('threads.update')).toHaveLength(2));
    expect(test.callsTo('threads.update')[1]!.params).toEqual([
      { id: 'thread-1', collectionIds: ['contracts', 'patients'] },
    ]);
    // The boxes are disabled until the update is answered (a click before that would be ignored, as for a user).
    await waitFor(() => expect(contracts.checked && !patients.disabled).toBe(true));

    fireEvent.click(patients);
    await waitFor(() =>
      expect(test.callsTo('threads.update')[2]!.params).toEqual([{ id: 'thread-1', collectionIds: ['contracts'] }]),
    );
  });

  it('shows the saved choice, and nothing when there are no collections', async () => {
    const picker = await openChat(pickerBridge({ collectionIds: ['contracts'] }));
    expect((within(picker).getByLabelText('Contracts') as HTMLInputElement).checked).toBe(true);
    cleanup();
    resetStores();

    const test = createTestBridge({
      'models.list': () => [modelRecord()],
      'threads.list': () => [thread()],
      'threads.get': () => threadView([]),
    });
    render(<App bridge={test.bridge} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Tell me a story/ }));
    await screen.findByTestId('chat-pane');
    expect(screen.queryByTestId('collection-picker')).toBeNull();
  });

  it('puts the choice back and says why when saving fails', async () => {
    const test = pickerBridge();
    test.handlers['threads.update'] = () => {
      throw { code: 'NOT_FOUND', message: 'That collection no longer exists.' };
    };
    const picker = await openChat(test);
    const contracts = within(picker).getByLabelText('Contracts') as HTMLInputElement;
    fireEvent.click(contracts);
    expect(await screen.findByText('That collection no longer exists.')).toBeTruthy();
    expect(contracts.checked).toBe(false);
  });
});
