import { create } from 'zustand';
import type { CellarBridge, Collection, DocumentRecord, IngestBatch, IngestResult } from '../api';
import { mergeDocument, mergeOlderSafe } from '../lib/documents';
import { toDisplayError, type DisplayError } from '../lib/errors';

interface DocumentsState {
  /** Every collection; null until the engine first answers. */
  collections: Collection[] | null;
  collectionsError: DisplayError | null;
  /** The collection shown in Documents. */
  selectedId: string | null;
  /** Every document of every collection, in the order they were added; null until read. */
  documents: DocumentRecord[] | null;
  documentsError: DisplayError | null;
  /** The newest indexing batch per collection id. */
  batches: Record<string, IngestBatch>;
  /** What the last add to each collection could not take, with why. */
  skipped: Record<string, IngestResult['skipped']>;
  /** The last failed add (or cancel) per collection id. */
  addErrors: Record<string, DisplayError>;
  /** The last failed retry or remove per document id. */
  documentErrors: Record<string, DisplayError>;
  /** A word for the user that is not an error, such as why a drop did nothing. */
  notice: string | null;
}

const initial: DocumentsState = {
  collections: null,
  collectionsError: null,
  selectedId: null,
  documents: null,
  documentsError: null,
  batches: {},
  skipped: {},
  addErrors: {},
  documentErrors: {},
  notice: null,
};

export const useDocuments = create<DocumentsState>()(() => initial);

const set = useDocuments.setState;
const get = useDocuments.getState;

function withKey<T>(record: Record<string, T>, key: string, value: T | null): Record<string, T> {
  const next = { ...record };
  if (value === null) delete next[key];
  else next[key] = value;
  return next;
}

/** The collection Documents shows: the chosen one while it exists, else the first. */
export function selectedCollection(state: Pick<DocumentsState, 'collections' | 'selectedId'>): Collection | null {
  const list = state.collections ?? [];
  return list.find((c) => c.id === state.selectedId) ?? list[0] ?? null;
}

/** A collection's documents, in the order they were added. */
export function documentsOf(documents: DocumentRecord[] | null, collectionId: string): DocumentRecord[] {
  return (documents ?? []).filter((d) => d.collectionId === collectionId);
}

function setCollections(collections: Collection[]): void {
  set((s) => {
    const ids = new Set(collections.map((c) => c.id));
    // A deleted collection takes its documents and batches with it.
    const documents = s.documents?.filter((d) => ids.has(d.collectionId)) ?? null;
    return { collections, collectionsError: null, documents };
  });
}

function takeBatch(batch: IngestBatch): void {
  set((s) => {
    const held = s.batches[batch.collectionId];
    // A late report about an older batch must not hide the newer one.
    if (held && held.id !== batch.id && held.state === 'running' && batch.state !== 'running') return s;
    return { batches: { ...s.batches, [batch.collectionId]: batch } };
  });
}

/** Keep collections, documents and indexing progress current for as long as the window lives. */
export function followDocuments(bridge: CellarBridge): () => void {
  const offs = [
    bridge.on('documents.progress', (record) => set((s) => ({ documents: mergeDocument(s.documents ?? [], record) }))),
    bridge.on('documents.batch', takeBatch),
    bridge.on('collections.changed', ({ collections }) => setCollections(collections)),
  ];
  void refreshDocuments(bridge);
  return () => offs.forEach((off) => off());
}

export async function refreshDocuments(bridge: CellarBridge): Promise<void> {
  const [collections, documents, batches] = await Promise.allSettled([
    bridge.call('collections.list'),
    bridge.call('documents.list', {}),
    bridge.call('documents.batches'),
  ]);
  if (collections.status === 'fulfilled') setCollections(collections.value);
  else set({ collectionsError: toDisplayError(collections.reason) });
  if (documents.status === 'fulfilled') {
    set((s) => ({ documents: mergeOlderSafe(documents.value, s.documents ?? []), documentsError: null }));
  } else set({ documentsError: toDisplayError(documents.reason) });
  if (batches.status === 'fulfilled') {
    // The running batch of each collection, else its last.
    for (const batch of batches.value) {
      const held = get().batches[batch.collectionId];
      if (!held || held.state !== 'running' || batch.state === 'running') takeBatch(batch);
    }
  }
}

export function selectCollection(id: string | null): void {
  set({ selectedId: id });
}

export function setDocumentsNotice(notice: string | null): void {
  set({ notice });
}

export async function createCollection(
  bridge: CellarBridge,
  name: string,
  embeddingModelId: string | null,
): Promise<{ collection: Collection | null; error: DisplayError | null }> {
  try {
    const collection = await bridge.call('collections.create', {
      name,
      ...(embeddingModelId ? { embeddingModelId } : {}),
    });
    set((s) => ({
      collections: s.collections?.some((c) => c.id === collection.id)
        ? s.collections
        : [...(s.collections ?? []), collection],
      selectedId: collection.id,
    }));
    return { collection, error: null };
  } catch (error) {
    return { collection: null, error: toDisplayError(error) };
  }
}

export async function renameCollection(bridge: CellarBridge, id: string, name: string): Promise<DisplayError | null> {
  try {
    const collection = await bridge.call('collections.rename', { id, name });
    set((s) => ({ collections: s.collections?.map((c) => (c.id === id ? collection : c)) ?? null }));
    return null;
  } catch (error) {
    return toDisplayError(error);
  }
}

export async function deleteCollection(bridge: CellarBridge, id: string): Promise<DisplayError | null> {
  try {
    await bridge.call('collections.delete', { id });
    set((s) => ({
      collections: s.collections?.filter((c) => c.id !== id) ?? null,
      documents: s.documents?.filter((d) => d.collectionId !== id) ?? null,
      batches: withKey(s.batches, id, null),
      skipped: withKey(s.skipped, id, null),
      selectedId: s.selectedId === id ? null : s.selectedId,
    }));
    return null;
  } catch (error) {
    return toDisplayError(error);
  }
}

/** Queue files and folders for indexing; what could not be added is kept to show. */
export async function addDocuments(bridge: CellarBridge, collectionId: string, paths: string[]): Promise<boolean> {
  set((s) => ({ addErrors: withKey(s.addErrors, collectionId, null), notice: null }));
  try {
    const result = await bridge.call('documents.add', { paths, collectionId });
    set((s) => ({
      documents: mergeOlderSafe(s.documents ?? [], result.documents),
      skipped: withKey(s.skipped, collectionId, result.skipped.length ? result.skipped : null),
    }));
    takeBatch(result.batch);
    return true;
  } catch (error) {
    set((s) => ({ addErrors: withKey(s.addErrors, collectionId, toDisplayError(error)) }));
    return false;
  }
}

export function dismissSkipped(collectionId: string): void {
  set((s) => ({ skipped: withKey(s.skipped, collectionId, null) }));
}

export function dismissAddError(collectionId: string): void {
  set((s) => ({ addErrors: withKey(s.addErrors, collectionId, null) }));
}

export async function cancelIndexing(bridge: CellarBridge, collectionId: string): Promise<void> {
  try {
    await bridge.call('documents.cancel', { collectionId });
  } catch (error) {
    set((s) => ({ addErrors: withKey(s.addErrors, collectionId, toDisplayError(error)) }));
  }
}

async function documentAction(id: string, task: () => Promise<void>): Promise<boolean> {
  set((s) => ({ documentErrors: withKey(s.documentErrors, id, null) }));
  try {
    await task();
    return true;
  } catch (error) {
    set((s) => ({ documentErrors: withKey(s.documentErrors, id, toDisplayError(error)) }));
    return false;
  }
}

export const documentActions = {
  /** Index a failed document again, with its password when it asked for one. */
  retry: (bridge: CellarBridge, id: string, password?: string) =>
    documentAction(id, async () => {
      const record = await bridge.call('documents.retry', password === undefined ? { id } : { id, password });
      set((s) => ({ documents: mergeOlderSafe(s.documents ?? [], [record]) }));
    }),
  remove: (bridge: CellarBridge, id: string) =>
    documentAction(id, async () => {
      await bridge.call('documents.remove', { id });
      set((s) => ({ documents: s.documents?.filter((d) => d.id !== id) ?? null }));
    }),
};
