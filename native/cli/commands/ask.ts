import type { CellarBridge, Message } from '../../api/contract.js';
import { collectionIdsFor } from '../collection-ref.js';
import { UsageError, type Command } from '../command.js';
import { resolveModel } from '../model-ref.js';

/**
 * `cellar ask "QUESTION" [--model PATH] [--collection NAME] --json`: one question, one answer (saved
 * as a chat). With --collection the answer comes from those documents, with citations.
 */
export const askCommand: Command = async ({ api, args, options, out, err }) => {
  const question = args.join(' ').trim();
  if (!question) throw new UsageError('cellar ask "QUESTION" [--model PATH] [--json]');
  const model = await resolveModel(api, options.model, err, { json: options.json, dataDir: options.dataDir });
  const thread = await api.call('threads.create', { modelId: model.id });
  if (options.collection) {
    await api.call('threads.update', { id: thread.id, collectionIds: await collectionIdsFor(api, options.collection) });
  }
  const message = await answer(
    api,
    thread.id,
    question,
    options.json ? undefined : (delta) => process.stdout.write(delta),
  );
  if (message.status === 'failed') throw new Error(message.error ?? 'The model failed.');
  if (options.json) {
    const { stats } = message;
    out(
      JSON.stringify({
        answer: message.content,
        citations: message.citations.map((c) => ({
          n: c.n,
          document: c.document,
          name: c.name,
          pageStart: c.pageStart,
          pageEnd: c.pageEnd,
          text: c.text,
        })),
        model: { id: model.id, label: model.label, path: model.path, sha256: model.sha256 },
        stats: {
          ttftMs: stats?.ttftMs ?? 0,
          tokensPerSecond: stats?.tokensPerSecond ?? 0,
          promptTokens: stats?.promptTokens ?? 0,
          completionTokens: stats?.completionTokens ?? 0,
        },
      }),
    );
  } else {
    out('');
    for (const c of message.citations)
      out(`[${c.n}] ${c.name}, p.${c.pageStart === c.pageEnd ? c.pageStart : `${c.pageStart}-${c.pageEnd}`}`);
  }
  return 0;
};

/** Send one message and wait for the finished answer, streaming deltas to `onDelta`. */
export async function answer(
  api: CellarBridge,
  threadId: string,
  text: string,
  onDelta?: (delta: string) => void,
): Promise<Message> {
  let messageId: string | null = null;
  const early: Message[] = [];
  let resolveDone: (m: Message) => void = () => {};
  const finished = new Promise<Message>((resolve) => (resolveDone = resolve));
  const offDelta = api.on('chat.delta', (d) => {
    if (d.threadId === threadId) onDelta?.(d.delta);
  });
  const offDone = api.on('chat.done', ({ message }) => {
    if (message.threadId !== threadId) return;
    if (messageId === null) early.push(message);
    else if (message.id === messageId) resolveDone(message);
  });
  try {
    const started = await api.call('chat.send', { threadId, text });
    messageId = started.assistantMessage.id;
    const already = early.find((m) => m.id === messageId);
    return already ?? (await finished);
  } finally {
    offDelta();
    offDone();
  }
}
