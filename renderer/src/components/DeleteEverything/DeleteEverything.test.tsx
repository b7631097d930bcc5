// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CellarBridge } from '../../api';
import { BridgeProvider } from '../../bridge';
import { useCatalog } from '../../store/catalog';
import { useChats } from '../../store/chats';
import { useDocuments } from '../../store/documents';
import { useModels } from '../../store/models';
import { followWipes } from '../../store/restarts';
import { useSource } from '../../store/source';
import { collection, documentRecord, modelRecord, thread, threadView } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { createTestBridge, deferred } from '../../test/testBridge';
import { CONFIRM_PHRASE, DeleteEverything } from './DeleteEverything';

function renderZone(bridge: CellarBridge) {
  return render(
    <BridgeProvider bridge={bridge}>
      <DeleteEverything />
    </BridgeProvider>,
  );
}

const confirmButton = () => screen.getByRole('button', { name: 'Delete everything' }) as HTMLButtonElement;
const typePhrase = (text: string) => fireEvent.change(screen.getByTestId('wipe-confirm'), { target: { value: text } });

beforeEach(resetStores);
afterEach(cleanup);

describe('DeleteEverything', () => {
  it('says exactly what is deleted and what is not touched', () => {
    renderZone(createTestBridge().bridge);
    const removes = screen.getByTestId('wipe-removes').textContent ?? '';
    for (const what of [
      'library database',
      'Search indexes',
      'copied into the library',
      'downloads',
      'Logs and caches',
    ])
      expect(removes).toContain(what);
    const keeps = screen.getByTestId('wipe-keeps').textContent ?? '';
    expect(keeps).toContain('Your original files');
    expect(keeps).toContain('Models used in place');
  });

  it('deletes only once the exact phrase is typed', async () => {
    const test = createTestBridge({ 'library.wipe': () => undefined });
    renderZone(test.bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    expect(document.activeElement).toBe(screen.getByTestId('wipe-confirm'));
    expect(confirmButton().disabled).toBe(true);

    for (const almost of ['delete everything', 'DELETE EVERYTHIN', ' DELETE EVERYTHING', 'DELETE  EVERYTHING']) {
      typePhrase(almost);
      expect(confirmButton().disabled, almost).toBe(true);
      fireEvent.submit(screen.getByTestId('wipe-confirm').closest('form')!);
    }
    expect(test.callsTo('library.wipe')).toHaveLength(0);

    typePhrase(CONFIRM_PHRASE);
    expect(confirmButton().disabled).toBe(false);
    fireEvent.click(confirmButton());
    expect((await screen.findByTestId('wipe-done')).textContent).toContain('Everything was deleted');
    expect(test.callsTo('library.wipe')).toEqual([
      { method: 'library.wipe', params: [{ confirm: 'DELETE EVERYTHING' }] },
    ]);
  });

  it('shows it is working, and on failure says nothing was deleted', async () => {
    const answer = deferred<void>();
    renderZone(createTestBridge({ 'library.wipe': () => answer.promise }).bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    typePhrase(CONFIRM_PHRASE);
    fireEvent.click(confirmButton());
    expect(await screen.findByRole('button', { name: 'Deleting…' })).toBeTruthy();

    await act(async () => answer.reject({ code: 'BUSY', message: 'An answer is being written.' }));
    expect(screen.getByText('Nothing was deleted')).toBeTruthy();
    expect(screen.getByText('An answer is being written.')).toBeTruthy();
    expect((screen.getByTestId('wipe-confirm') as HTMLInputElement).value).toBe(CONFIRM_PHRASE);
  });

  it('Cancel closes the confirmation and forgets what was typed', () => {
    renderZone(createTestBridge().bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    typePhrase(CONFIRM_PHRASE);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('wipe-confirm')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    expect((screen.getByTestId('wipe-confirm') as HTMLInputElement).value).toBe('');
  });
});

describe('after library.wiped', () => {
  it('every store starts over and reads the empty library again', async () => {
    const test = createTestBridge({
      'threads.list': () => [],
      'models.list': () => [],
      'collections.list': () => [],
      'documents.list': () => [],
      'settings.get': () => ({ offline: false }),
    });
    const off = followWipes(test.bridge);

    // A library in use: an open chat with a draft, models, a collection, a source open, offline on.
    const open = thread({ id: 't1', title: 'Discharge letter' });
    useChats.setState({
      threads: [open],
      currentId: 't1',
      view: threadView([], { id: 't1' }),
      drafts: { t1: 'half a question' },
      streaming: { threadId: 't1', messageId: 'm9' },
    });
    useModels.setState({
      models: [modelRecord()],
      modelState: { state: 'loading', modelId: 'model-1', progress: 0.5 },
    });
    useDocuments.setState({ collections: [collection()], selectedId: 'collection-1', documents: [documentRecord()] });
    useCatalog.setState({ offline: true, downloads: [] });
    useSource.setState({
      source: { documentId: 'd1', name: 'memo.pdf', kind: 'pdf', pageStart: 1, pageEnd: 1, text: 'x', n: 1 },
      opened: 3,
    });
    const callsBefore = test.calls.length;

    act(() => test.emit('library.wiped', { at: '2025-03-12T10:00:00.000Z' }));
    // Reset at once: nothing of the old library stays on screen.
    expect(useChats.getState()).toMatchObject({ currentId: null, view: null, drafts: {}, streaming: null });
    expect(useModels.getState().modelState).toEqual({ state: 'idle' });
    expect(useDocuments.getState()).toMatchObject({ selectedId: null });
    expect(useSource.getState().source).toBeNull();

    // Then read again.
    await waitFor(() => {
      expect(useChats.getState().threads).toEqual([]);
      expect(useModels.getState().models).toEqual([]);
      expect(useDocuments.getState().collections).toEqual([]);
      expect(useCatalog.getState().offline).toBe(false);
    });
    const reread = new Set(test.calls.slice(callsBefore).map((c) => c.method));
    for (const method of [
      'threads.list',
      'models.list',
      'models.state',
      'collections.list',
      'documents.list',
      'settings.get',
    ])
      expect(reread.has(method as never), method).toBe(true);
    // No open chat to read: it was deleted.
    expect(reread.has('threads.get')).toBe(false);
    off();
  });
});
