import { z } from 'zod';
import type { CatalogItem } from '../api/models.js';
import type { MethodDefinition } from '../engine/define.js';
import type { DownloadManager } from './downloads.js';

type DownloadMethodNames =
  'catalog.list' | 'downloads.list' | 'downloads.start' | 'downloads.pause' | 'downloads.resume' | 'downloads.cancel';

const id = z.string().min(1).max(200);
const byId = z.tuple([z.object({ id }).strict()]);

/**
 * The catalog and download methods. Callers name a catalog entry and a
 * quantization, never a URL: what may be fetched is fixed by the catalog.
 */
export function downloadMethods(deps: {
  downloads: DownloadManager;
  /** The catalog with fit estimates for this machine (catalog.ts `catalogItems`). */
  catalogItems: () => Promise<CatalogItem[]>;
}): { [M in DownloadMethodNames]: MethodDefinition<M> } {
  const { downloads } = deps;
  return {
    'catalog.list': {
      params: z.tuple([]),
      run: () => deps.catalogItems(),
    },
    'downloads.list': {
      params: z.tuple([]),
      run: () => downloads.list(),
    },
    'downloads.start': {
      params: z.tuple([z.object({ catalogId: id, quantization: z.string().min(1).max(32) }).strict()]),
      run: ({ catalogId, quantization }) => downloads.start(catalogId, quantization),
    },
    'downloads.pause': {
      params: byId,
      run: ({ id }) => downloads.pause(id),
    },
    'downloads.resume': {
      params: byId,
      run: ({ id }) => downloads.resume(id),
    },
    'downloads.cancel': {
      params: byId,
      run: ({ id }) => downloads.cancel(id),
    },
  };
}
