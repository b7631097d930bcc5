import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../api/errors.js';
import type { MethodDefinition } from '../engine/define.js';
import type { EventHub } from '../engine/events.js';
import type { Llama } from 'node-llama-cpp';
import { estimateFit } from './fit.js';
import { inspectGguf } from './gguf.js';
import type { ModelHost } from './host.js';
import type { ModelLibrary } from './library.js';

const id = z.string().min(1).max(200);
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => isAbsolute(p), 'must be an absolute path');
const settings = z
  .object({
    contextSize: z.number().int().min(256).max(1_048_576).nullable(),
    gpuLayers: z.number().int().min(0).max(10_000).nullable(),
    threads: z.number().int().min(1).max(512).nullable(),
  })
  .partial()
  .strict();

type ModelMethodNames =
  | 'models.list'
  | 'models.inspect'
  | 'models.import'
  | 'models.update'
  | 'models.remove'
  | 'models.fit'
  | 'models.load'
  | 'models.unload'
  | 'models.state';

export function modelMethods(deps: {
  library: ModelLibrary;
  host: ModelHost;
  events: EventHub;
  llama: () => Promise<Llama>;
}): { [M in ModelMethodNames]: MethodDefinition<M> } {
  const { library, host, events, llama } = deps;
  const changed = (): void => events.emit('models.changed', { models: library.list() });
  return {
    'models.list': { params: z.tuple([]), run: () => library.list() },
    'models.inspect': {
      params: z.tuple([z.object({ path: absolutePath }).strict()]),
      run: async ({ path }) => {
        const engine = await llama();
        const { summary, insights } = await inspectGguf(path, engine);
        return {
          gguf: summary,
          fit: await estimateFit(insights, summary, { contextSize: null, gpuLayers: null }, engine),
        };
      },
    },
    'models.import': {
      params: z.tuple([
        z
          .object({ path: absolutePath, mode: z.enum(['copy', 'reference']), label: z.string().max(200).optional() })
          .strict(),
      ]),
      run: async (request) => {
        const record = await library.import(request, (progress) => events.emit('models.importProgress', progress));
        changed();
        return record;
      },
    },
    'models.update': {
      params: z.tuple([
        z
          .object({
            id,
            label: z.string().max(200).optional(),
            settings: settings.optional(),
            isDefault: z.literal(true).optional(),
          })
          .strict(),
      ]),
      run: ({ id, ...changes }) => {
        const record = library.update(id, changes);
        changed();
        return record;
      },
    },
    'models.remove': {
      params: z.tuple([z.object({ id }).strict()]),
      run: async ({ id }) => {
        if (host.resident?.record.id === id) await host.unload();
        await library.remove(id);
        changed();
      },
    },
    'models.fit': {
      params: z.tuple([
        z
          .object({
            id,
            contextSize: settings.shape.contextSize.optional(),
            gpuLayers: settings.shape.gpuLayers.optional(),
          })
          .strict(),
      ]),
      run: async ({ id, contextSize, gpuLayers }) => {
        const record = library.get(id);
        if (record.status === 'missing')
          throw new ApiError('NOT_FOUND', record.failure ?? 'The model file is missing.');
        const engine = await llama();
        const { summary, insights } = await inspectGguf(record.path, engine);
        return estimateFit(
          insights,
          summary,
          {
            contextSize: contextSize === undefined ? record.settings.contextSize : contextSize,
            gpuLayers: gpuLayers === undefined ? record.settings.gpuLayers : gpuLayers,
          },
          engine,
        );
      },
    },
    'models.load': {
      params: z.tuple([z.object({ id, force: z.boolean().optional() }).strict()]),
      run: async ({ id, force }) => {
        const state = await host.load(id, { force });
        changed();
        return state;
      },
    },
    'models.unload': { params: z.tuple([]), run: () => host.unload() },
    'models.state': { params: z.tuple([]), run: () => host.state },
  };
}
