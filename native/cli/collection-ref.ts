import { resolve } from 'node:path';
import type { CellarBridge, Collection } from '../api/contract.js';
import { ApiError } from '../api/errors.js';

export const DEFAULT_COLLECTION = 'My documents';

/** The collections a command means: --collection NAME, else all of them. */
export async function collectionIdsFor(api: CellarBridge, name: string | undefined): Promise<string[]> {
  const collections = await api.call('collections.list');
  if (!name) return collections.map((c) => c.id);
  const found = collections.find((c) => c.name === name);
  if (!found) {
    const known = collections.map((c) => `"${c.name}"`).join(', ') || 'none yet';
    throw new ApiError('NOT_FOUND', `No collection named "${name}" (collections: ${known}).`);
  }
  return [found.id];
}

/**
 * The collection to ingest into, created if new. Its embedding model is
 * fixed at creation: --embedding-model PATH (added to the library by
 * reference if new), else the library's embedding model.
 */
export async function ingestCollection(
  api: CellarBridge,
  name: string,
  embeddingModelPath: string | undefined,
): Promise<Collection> {
  const existing = (await api.call('collections.list')).find((c) => c.name === name);
  const embeddingModelId = embeddingModelPath ? await registerModel(api, embeddingModelPath) : undefined;
  if (existing) {
    if (embeddingModelId && existing.embeddingModelId !== embeddingModelId) {
      throw new ApiError(
        'BAD_PARAMS',
        `The collection "${name}" is embedded with ${existing.embeddingModelLabel}; its embedding model cannot change. Use another --collection.`,
      );
    }
    return existing;
  }
  return api.call('collections.create', { name, embeddingModelId });
}

async function registerModel(api: CellarBridge, path: string): Promise<string> {
  const absolute = resolve(path);
  const known = (await api.call('models.list')).find((m) => m.path === absolute);
  return (known ?? (await api.call('models.import', { path: absolute, mode: 'reference' }))).id;
}
