import { z } from 'zod';
import type { MethodDefinition } from '../engine/define.js';
import type { PresetStore } from './presets.js';
import type { ChatService } from './service.js';
import type { ChatStore } from './store.js';

const id = z.string().min(1).max(200);
const text = z.string().min(1).max(200_000);
const sampling = z
  .object({
    temperature: z.number().min(0).max(2),
    topP: z.number().gt(0).max(1),
    maxTokens: z.number().int().min(1).max(32_768),
  })
  .partial()
  .strict();

type ChatMethodNames =
  | 'threads.list'
  | 'threads.create'
  | 'threads.get'
  | 'threads.update'
  | 'threads.delete'
  | 'threads.selectBranch'
  | 'chat.send'
  | 'chat.regenerate'
  | 'chat.edit'
  | 'chat.stop'
  | 'chat.search'
  | 'presets.list'
  | 'presets.save'
  | 'presets.delete';

export function chatMethods(deps: { store: ChatStore; chat: ChatService; presets: PresetStore }): {
  [M in ChatMethodNames]: MethodDefinition<M>;
} {
  const { store, chat, presets } = deps;
  return {
    'threads.list': { params: z.tuple([]), run: () => store.list() },
    'threads.create': {
      params: z.tuple([
        z
          .object({
            modelId: id.nullable().optional(),
            systemPrompt: z.string().max(50_000).optional(),
            title: z.string().max(200).optional(),
          })
          .strict(),
      ]),
      run: (input) => store.create(input),
    },
    'threads.get': { params: z.tuple([z.object({ id }).strict()]), run: ({ id }) => store.view(id) },
    'threads.update': {
      params: z.tuple([
        z
          .object({
            id,
            title: z.string().max(200).optional(),
            modelId: id.nullable().optional(),
            systemPrompt: z.string().max(50_000).optional(),
            sampling: sampling.optional(),
            collectionIds: z.array(id).max(100).optional(),
          })
          .strict(),
      ]),
      run: ({ id, ...changes }) => store.update(id, changes),
    },
    'threads.delete': {
      params: z.tuple([z.object({ id }).strict()]),
      run: async ({ id }) => {
        await chat.stop(id);
        store.delete(id);
      },
    },
    'threads.selectBranch': {
      params: z.tuple([z.object({ threadId: id, messageId: id }).strict()]),
      run: ({ threadId, messageId }) => store.selectBranch(threadId, messageId),
    },
    'chat.send': {
      params: z.tuple([z.object({ threadId: id, text }).strict()]),
      run: ({ threadId, text }) => chat.send(threadId, text),
    },
    'chat.regenerate': {
      params: z.tuple([z.object({ threadId: id, messageId: id }).strict()]),
      run: ({ threadId, messageId }) => chat.regenerate(threadId, messageId),
    },
    'chat.edit': {
      params: z.tuple([z.object({ threadId: id, messageId: id, text }).strict()]),
      run: ({ threadId, messageId, text }) => chat.edit(threadId, messageId, text),
    },
    'chat.stop': { params: z.tuple([z.object({ threadId: id }).strict()]), run: ({ threadId }) => chat.stop(threadId) },
    'chat.search': {
      params: z.tuple([
        z.object({ query: z.string().max(1000), limit: z.number().int().min(1).max(500).optional() }).strict(),
      ]),
      run: ({ query, limit }) => store.search(query, limit),
    },
    'presets.list': { params: z.tuple([]), run: () => presets.list() },
    'presets.save': {
      params: z.tuple([
        z.object({ id: id.optional(), name: z.string().min(1).max(100), text: z.string().max(50_000) }).strict(),
      ]),
      run: (input) => presets.save(input),
    },
    'presets.delete': { params: z.tuple([z.object({ id }).strict()]), run: ({ id }) => presets.delete(id) },
  };
}
