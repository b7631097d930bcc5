import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collection, documentRecord } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { createTestBridge } from '../test/testBridge';
import { documentsOf, followDocuments, selectedCollection, useDocuments } from './documents';

beforeEach(resetStores);

let stop: (() => void) | null = null;
afterEach(() => stop?.());

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('documents store', () => {
  it('reads everything, then merges progress by id and follows batches and collections', async () => {
    const a = documentRecord({ id: 'a', collectionId: 'c1' });
    const b = documentRecord({ id: 'b', collectionId: 'c2' });
    const test = createTestBridge({
      'collections.list': () => [collection({ id: 'c1' }), collection({ id: 'c2', name: 'Patients' })],
      'documents.list': () => [a, b],
      'documents.batches': () => [
        { id: 'old', collectionId: 'c1', total: 2, done: 2, failed: 0, skipped: 0, state: 'done' },
        { id: 'new', collectionId: 'c1', total: 1, done: 0, failed: 0, skipped: 0, state: 'running' },
      ],
    });
    stop = followDocuments(test.bridge);
    await settle();
    const state = useDocuments.getState();
    expect(state.documents).toEqual([a, b]);
    expect(selectedCollection(state)?.id).toBe('c1');
    expect(state.batches.c1?.id).toBe('new');

    test.emit('documents.progress', { ...a, status: 'embedding', progress: { done: 5, total: 10 } });
    expect(documentsOf(useDocuments.getState().documents, 'c1')).toEqual([
      { ...a, status: 'embedding', progress: { done: 5, total: 10 } },
    ]);
    expect(useDocuments.getState().documents![1]).toBe(b);

    // A late report about the old batch does not hide the running one.
    test.emit('documents.batch', {
      id: 'old',
      collectionId: 'c1',
      total: 2,
      done: 2,
      failed: 0,
      skipped: 0,
      state: 'done',
    });
    expect(useDocuments.getState().batches.c1?.id).toBe('new');
    test.emit('documents.batch', {
      id: 'new',
      collectionId: 'c1',
      total: 1,
      done: 1,
      failed: 0,
      skipped: 0,
      state: 'done',
    });
    expect(useDocuments.getState().batches.c1).toMatchObject({ id: 'new', state: 'done' });

    // A collection deleted elsewhere takes its documents with it.
    test.emit('collections.changed', { collections: [collection({ id: 'c1' })] });
    expect(useDocuments.getState().documents!.map((d) => d.id)).toEqual(['a']);
  });
});
