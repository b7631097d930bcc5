import type { CellarBridge } from '../api';
import { refreshCatalog, useCatalog } from './catalog';
import { openThread, refreshThreads, useChats } from './chats';
import { refreshDocuments, useDocuments } from './documents';
import { useEngineStatus, type EngineState } from './engineStatus';
import { refreshModels, useModels } from './models';
import { useSource } from './source';

const DOWN: ReadonlySet<EngineState> = new Set(['crashed', 'restarting', 'failed']);

/**
 * When the engine comes back after a crash, events may have been lost: an
 * answer that was streaming will never get its chat.done (the engine marks
 * it interrupted), and the resident model is gone. Read everything again.
 */
export function followRestarts(bridge: CellarBridge): () => void {
  return useEngineStatus.subscribe((now, before) => {
    if (now.state !== 'ready' || !DOWN.has(before.state)) return;
    useChats.setState({ streaming: null, pending: null });
    reloadLibrary(bridge);
  });
}

// What each store held before anything was read: a wiped library looks like this again.
const EMPTY = {
  chats: useChats.getState(),
  models: useModels.getState(),
  documents: useDocuments.getState(),
  catalog: useCatalog.getState(),
  source: useSource.getState(),
};

/**
 * After "Delete everything" nothing the window holds is true any more:
 * chats, models, collections, downloads, the open source. Every store goes
 * back to its first state (drafts and errors included), then reads the
 * fresh, empty library, as after a restart.
 */
export function followWipes(bridge: CellarBridge): () => void {
  return bridge.on('library.wiped', () => {
    resetLibraryStores();
    reloadLibrary(bridge);
  });
}

export function resetLibraryStores(): void {
  useChats.setState(EMPTY.chats, true);
  useModels.setState(EMPTY.models, true);
  useDocuments.setState(EMPTY.documents, true);
  // The catalog itself ships with the app; what was downloaded, and the settings, went with the library.
  useCatalog.setState((s) => ({ ...EMPTY.catalog, items: s.items, status: s.status }), true);
  useSource.setState((s) => ({ ...EMPTY.source, opened: s.opened }), true);
}

/** Read the library again: chats (and the open one), models and the resident model, documents, downloads, settings. */
export function reloadLibrary(bridge: CellarBridge): void {
  void refreshThreads(bridge);
  const { currentId } = useChats.getState();
  if (currentId) void openThread(bridge, currentId);
  void refreshModels(bridge);
  bridge.call('models.state').then(
    (modelState) => useModels.setState({ modelState }),
    () => {},
  );
  void refreshDocuments(bridge);
  void refreshCatalog(bridge);
  bridge.call('settings.get').then(
    (settings) => useCatalog.setState({ offline: settings.offline }),
    () => {},
  );
}
