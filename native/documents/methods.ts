import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { DocumentRecord } from '../api/documents.js';
import type { MethodDefinition } from '../engine/define.js';
import type { DocumentsService } from './service.js';

const id = z.string().min(1).max(200);
const name = z.string().min(1).max(200);

type DocumentMethodNames =
  | 'collections.list'
  | 'collections.create'
  | 'collections.rename'
  | 'collections.delete'
  | 'documents.list'
  | 'documents.add'
  | 'documents.retry'
  | 'documents.remove'
  | 'documents.cancel'
  | 'documents.bytes'
  | 'documents.batches'
  | 'search.query';

export function documentMethods(docs: DocumentsService): { [M in DocumentMethodNames]: MethodDefinition<M> } {
  return {
    'collections.list': { params: z.tuple([]), run: () => docs.store.collections() },
    'collections.create': {
      params: z.tuple([z.object({ name, embeddingModelId: id.optional() }).strict()]),
      run: ({ name, embeddingModelId }) => docs.createCollection(name, embeddingModelId),
    },
    'collections.rename': {
      params: z.tuple([z.object({ id, name }).strict()]),
      run: ({ id, name }) => docs.renameCollection(id, name),
    },
    'collections.delete': { params: z.tuple([z.object({ id }).strict()]), run: ({ id }) => docs.deleteCollection(id) },
    'documents.list': {
      params: z.tuple([z.object({ collectionId: id.optional() }).strict()]),
      run: ({ collectionId }) => docs.store.documents(collectionId).map(publicRecord),
    },
    'documents.add': {
      params: z.tuple([
        z
          .object({
            paths: z
              .array(
                z
                  .string()
                  .min(1)
                  .max(4096)
                  .refine((p) => isAbsolute(p), 'must be an absolute path'),
              )
              .min(1)
              .max(10_000),
            collectionId: id,
          })
          .strict(),
      ]),
      run: async ({ paths, collectionId }) => {
        const result = await docs.queue.add(paths, collectionId);
        return { ...result, documents: result.documents.map(publicRecord) };
      },
    },
    'documents.retry': {
      params: z.tuple([z.object({ id, password: z.string().max(1000).optional() }).strict()]),
      run: ({ id, password }) => publicRecord(docs.queue.retry(id, password)),
    },
    'documents.remove': { params: z.tuple([z.object({ id }).strict()]), run: ({ id }) => docs.removeDocument(id) },
    'documents.cancel': {
      params: z.tuple([z.object({ collectionId: id.optional() }).strict()]),
      run: ({ collectionId }) => docs.queue.cancel(collectionId),
    },
    'documents.bytes': { params: z.tuple([z.object({ id }).strict()]), run: ({ id }) => docs.bytes(id) },
    'documents.batches': { params: z.tuple([]), run: () => docs.store.batches() },
    'search.query': {
      params: z.tuple([
        z
          .object({
            query: z.string().max(10_000),
            collectionIds: z.array(id).max(100).optional(),
            k: z.number().int().min(1).max(1000).optional(),
            mode: z.enum(['hybrid', 'keyword', 'vector']).optional(),
          })
          .strict(),
      ]),
      run: ({ query, collectionIds, k, mode }) =>
        docs.retriever.search({ query, collectionIds: collectionIds ?? [], k: k ?? 10, mode: mode ?? 'hybrid' }),
    },
  };
}

/** The API's DocumentRecord, without the engine's own fields (stored path, batch). */
function publicRecord(doc: DocumentRecord & { storedPath?: unknown; batchId?: unknown }): DocumentRecord {
  const { storedPath: _s, batchId: _b, ...rest } = doc;
  return rest;
}
