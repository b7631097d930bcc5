import { create } from 'zustand';
import type { CatalogItem, CellarBridge, DownloadRecord } from '../api';
import { toDisplayError, type DisplayError } from '../lib/errors';

/** `unavailable`: this engine has no catalog (UNKNOWN_METHOD); only importing works. */
export type CatalogStatus = 'loading' | 'ready' | 'unavailable' | 'failed';

interface CatalogState {
  status: CatalogStatus;
  items: CatalogItem[];
  error: DisplayError | null;
  downloads: DownloadRecord[];
  /** Settings: offline blocks every download. Null until read. */
  offline: boolean | null;
  /** The last failed download action, per catalog entry id (or download id). */
  actionErrors: Record<string, DisplayError>;
}

const initial: CatalogState = {
  status: 'loading',
  items: [],
  error: null,
  downloads: [],
  offline: null,
  actionErrors: {},
};

export const useCatalog = create<CatalogState>()(() => initial);

const set = useCatalog.setState;

function upsert(download: DownloadRecord): void {
  set((s) => {
    const index = s.downloads.findIndex((d) => d.id === download.id);
    if (index < 0) return { downloads: [...s.downloads, download] };
    const downloads = s.downloads.slice();
    downloads[index] = download;
    return { downloads };
  });
}

function setActionError(key: string, error: DisplayError | null): void {
  set((s) => {
    const actionErrors = { ...s.actionErrors };
    if (error) actionErrors[key] = error;
    else delete actionErrors[key];
    return { actionErrors };
  });
}

export function followCatalog(bridge: CellarBridge): () => void {
  const off = bridge.on('downloads.progress', upsert);
  void refreshCatalog(bridge);
  bridge.call('settings.get').then(
    (settings) => set({ offline: settings.offline }),
    () => {},
  );
  return off;
}

/** Read the catalog and the downloads; an engine without them is not an error, just import-only. */
export async function refreshCatalog(bridge: CellarBridge): Promise<void> {
  if (useCatalog.getState().status !== 'ready') set({ status: 'loading' });
  try {
    const items = await bridge.call('catalog.list');
    set({ items, status: 'ready', error: null });
  } catch (error) {
    const shown = toDisplayError(error);
    set({ status: shown.code === 'UNKNOWN_METHOD' ? 'unavailable' : 'failed', error: shown });
    return;
  }
  try {
    set({ downloads: await bridge.call('downloads.list') });
  } catch {
    // The catalog is still useful without the list of past downloads.
  }
}

/** The entry to offer first: the recommended chat model. */
export function recommendedItem(items: CatalogItem[]): CatalogItem | null {
  return items.find((i) => i.recommended && i.kind === 'chat') ?? null;
}

/** The newest download of an entry's file, if any was started. */
export function downloadFor(
  downloads: DownloadRecord[],
  catalogId: string,
  quantization?: string,
): DownloadRecord | null {
  const matching = downloads.filter(
    (d) => d.catalogId === catalogId && (quantization === undefined || d.quantization === quantization),
  );
  return matching.find((d) => d.state !== 'done' && d.state !== 'failed') ?? matching.at(-1) ?? null;
}

export async function setOffline(bridge: CellarBridge, offline: boolean): Promise<void> {
  try {
    const settings = await bridge.call('settings.update', { offline });
    set({ offline: settings.offline });
    setActionError('settings', null);
  } catch (error) {
    setActionError('settings', toDisplayError(error));
  }
}

async function act(key: string, task: () => Promise<void>): Promise<void> {
  setActionError(key, null);
  try {
    await task();
  } catch (error) {
    const shown = toDisplayError(error);
    if (shown.code === 'OFFLINE') set({ offline: true });
    setActionError(key, shown);
  }
}

export const downloadActions = {
  start: (bridge: CellarBridge, catalogId: string, quantization: string) =>
    act(catalogId, async () => upsert(await bridge.call('downloads.start', { catalogId, quantization }))),
  pause: (bridge: CellarBridge, download: DownloadRecord) =>
    act(download.catalogId, async () => upsert(await bridge.call('downloads.pause', { id: download.id }))),
  resume: (bridge: CellarBridge, download: DownloadRecord) =>
    act(download.catalogId, async () => upsert(await bridge.call('downloads.resume', { id: download.id }))),
  cancel: (bridge: CellarBridge, download: DownloadRecord) =>
    act(download.catalogId, async () => {
      await bridge.call('downloads.cancel', { id: download.id });
      set((s) => ({ downloads: s.downloads.filter((d) => d.id !== download.id) }));
    }),
};
