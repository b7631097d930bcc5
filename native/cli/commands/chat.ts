import { createInterface } from 'node:readline';
import type { Command } from '../command.js';
import { collectionIdsFor } from '../collection-ref.js';
import { resolveModel } from '../model-ref.js';
import { answer } from './ask.js';

/**
 * `cellar chat [--model PATH]`: an interactive, streaming chat in the
 * terminal, saved in the library like any chat. Ctrl+C stops an answer;
 * /new starts a new chat; /exit or Ctrl+D leaves.
 */
export const chatCommand: Command = async ({ api, options, err }) => {
  const model = await resolveModel(api, options.model, err, { json: options.json, dataDir: options.dataDir });
  const collectionIds = options.collection ? await collectionIdsFor(api, options.collection) : [];
  const newThread = async () => {
    const created = await api.call('threads.create', { modelId: model.id });
    return collectionIds.length ? api.call('threads.update', { id: created.id, collectionIds }) : created;
  };
  let thread = await newThread();
  err(`Chatting with ${model.label}. Ctrl+C stops an answer, /new starts over, /exit leaves.\n`);
  const rl = createInterface({ input: process.stdin, output: process.stderr, prompt: '\nyou> ' });
  let writing = false;
  rl.on('SIGINT', () => {
    if (writing) void api.call('chat.stop', { threadId: thread.id });
    else rl.close();
  });
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/exit') break;
    if (text === '/new') {
      thread = await newThread();
      err('New chat.\n');
    } else if (text) {
      writing = true;
      process.stdout.write(`${model.label}> `);
      try {
        const message = await answer(api, thread.id, text, (delta) => process.stdout.write(delta));
        const s = message.stats;
        process.stdout.write('\n');
        if (message.status === 'stopped') err('[stopped]\n');
        if (message.status === 'failed') err(`[failed: ${message.error}]\n`);
        if (s) err(`(${s.completionTokens} tokens, ${s.tokensPerSecond} tok/s, first token after ${s.ttftMs} ms)\n`);
      } catch (error) {
        err(`\n${(error as Error).message}\n`);
      } finally {
        writing = false;
      }
    }
    rl.prompt();
  }
  rl.close();
  return 0;
};
