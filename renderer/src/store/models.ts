import { create } from 'zustand';
import type { CellarBridge, ImportProgress, ModelRecord, ModelSettings, ModelState } from '../api';
import { toDisplayError, type DisplayError } from '../lib/errors';

export type ImportMode = 'copy' | 'reference';

/** The import in progress, or the last one's outcome. */
export interface ImportJob {
  path: string;
  mode: ImportMode;
  state: 'running' | 'done' | 'failed';
  progress: ImportProgress | null;
  error: DisplayError | null;
  model: ModelRecord | null;
}

interface ModelsState {
  /** The library; null until the engine first answers. */
  models: ModelRecord[] | null;
  listError: DisplayError | null;
  /** The resident chat model: idle, loading (with progress), ready or failed. */
  modelState: ModelState;
  importJob: ImportJob | null;
  /** A word for the user that is not an error, such as why a drop did nothing. */
  importNotice: string | null;
  /** The last failed action per model id (load, update, remove). */
  actionErrors: Record<string, DisplayError>;
}

const initial: ModelsState = {
  models: null,
  listError: null,
  modelState: { state: 'idle' },
  importJob: null,
  importNotice: null,
  actionErrors: {},
};

export const useModels = create<ModelsState>()(() => initial);

const set = useModels.setState;

function setActionError(id: string, error: DisplayError | null): void {
  set((s) => {
    const actionErrors = { ...s.actionErrors };
    if (error) actionErrors[id] = error;
    else delete actionErrors[id];
    return { actionErrors };
  });
}

/** Chat models: those that can hold a conversation (not embedding-only, file present). */
export function chatModels(models: ModelRecord[] | null): ModelRecord[] {
  return (models ?? []).filter((m) => !m.gguf.embeddingOnly);
}

/** The model a new chat starts with: the loaded one, else the default, else the first that can chat. */
export function preferredModelId(models: ModelRecord[] | null, state: ModelState): string | null {
  if (state.state === 'ready') return state.model.modelId;
  const usable = chatModels(models).filter((m) => m.status !== 'missing');
  return (usable.find((m) => m.isDefault) ?? usable[0])?.id ?? null;
}

export function modelLabel(models: ModelRecord[] | null, id: string | null): string | null {
  return id ? (models?.find((m) => m.id === id)?.label ?? null) : null;
}

/** Keep the library and the resident model's state current for as long as the window lives. */
export function followModels(bridge: CellarBridge): () => void {
  const offs = [
    bridge.on('models.changed', ({ models }) => set({ models, listError: null })),
    bridge.on('models.state', (modelState) => set({ modelState })),
    bridge.on('models.importProgress', (progress) =>
      set((s) =>
        s.importJob?.state === 'running' && s.importJob.path === progress.path
          ? { importJob: { ...s.importJob, progress } }
          : s,
      ),
    ),
  ];
  void refreshModels(bridge);
  bridge.call('models.state').then(
    (modelState) => set({ modelState }),
    () => {},
  );
  return () => offs.forEach((off) => off());
}

export async function refreshModels(bridge: CellarBridge): Promise<void> {
  try {
    set({ models: await bridge.call('models.list'), listError: null });
  } catch (error) {
    set({ listError: toDisplayError(error) });
  }
}

export async function importModel(bridge: CellarBridge, path: string, mode: ImportMode): Promise<ModelRecord | null> {
  const trimmed = path.trim();
  if (useModels.getState().importJob?.state === 'running') return null;
  set({
    importJob: { path: trimmed, mode, state: 'running', progress: null, error: null, model: null },
    importNotice: null,
  });
  try {
    const model = await bridge.call('models.import', { path: trimmed, mode });
    set((s) => ({
      importJob: { path: trimmed, mode, state: 'done', progress: null, error: null, model },
      models: s.models?.some((m) => m.id === model.id) ? s.models : [...(s.models ?? []), model],
    }));
    return model;
  } catch (error) {
    set({
      importJob: { path: trimmed, mode, state: 'failed', progress: null, error: toDisplayError(error), model: null },
    });
    return null;
  }
}

export function setImportNotice(importNotice: string | null): void {
  set({ importNotice });
}

export function clearImportJob(): void {
  set({ importJob: null, importNotice: null });
}

async function act(id: string, task: () => Promise<unknown>): Promise<boolean> {
  setActionError(id, null);
  try {
    await task();
    return true;
  } catch (error) {
    setActionError(id, toDisplayError(error));
    return false;
  }
}

function replace(model: ModelRecord): void {
  set((s) => ({ models: s.models?.map((m) => (m.id === model.id ? model : m)) ?? [model] }));
}

export const modelActions = {
  load: async (bridge: CellarBridge, id: string, force = false) => {
    const ok = await act(id, async () => set({ modelState: await bridge.call('models.load', { id, force }) }));
    if (!ok) await refreshModels(bridge); // a failed load marks the model failed
    return ok;
  },
  unload: (bridge: CellarBridge, id: string) =>
    act(id, async () => set({ modelState: await bridge.call('models.unload') })),
  rename: (bridge: CellarBridge, id: string, label: string) =>
    act(id, async () => replace(await bridge.call('models.update', { id, label }))),
  makeDefault: (bridge: CellarBridge, id: string) =>
    act(id, async () => {
      await bridge.call('models.update', { id, isDefault: true });
      await refreshModels(bridge); // the previous default changed too
    }),
  saveSettings: (bridge: CellarBridge, id: string, settings: ModelSettings) =>
    act(id, async () => replace(await bridge.call('models.update', { id, settings }))),
  remove: (bridge: CellarBridge, id: string) =>
    act(id, async () => {
      await bridge.call('models.remove', { id });
      set((s) => ({ models: s.models?.filter((m) => m.id !== id) ?? null }));
    }),
  clearError: (id: string) => setActionError(id, null),
};
