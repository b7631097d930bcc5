/**
 * A real engine opened in this process on a temporary library, called through
 * the same direct bridge as the CLI (createDirectBridge: the dispatcher with
 * its parameter validation and error shapes).
 */
import { createDirectBridge } from '../../native/api/direct.js';
import type { CellarBridge, Collection, ModelRecord } from '../../native/api/contract.js';
import { Engine } from '../../native/engine/engine.js';

export interface Library {
  engine: Engine;
  api: CellarBridge;
  close(): Promise<void>;
}

export function openLibrary(dataDir: string): Library {
  const engine = Engine.open({ dataDir });
  const api = createDirectBridge(engine.dispatch, engine.events.subscribe);
  return { engine, api, close: () => engine.shutdown() };
}

/** Register a model by reference (as `cellar ... --embedding-model PATH` does). */
export async function importModel(api: CellarBridge, path: string): Promise<ModelRecord> {
  const known = (await api.call('models.list')).find((m) => m.path === path);
  return known ?? api.call('models.import', { path, mode: 'reference' });
}

export async function createCollection(api: CellarBridge, name: string, embeddingModel: string): Promise<Collection> {
  const model = await importModel(api, embeddingModel);
  return api.call('collections.create', { name, embeddingModelId: model.id });
}
