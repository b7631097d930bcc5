import type { CellarBridge, Message } from '../../api/contract.js';
import { UsageError, type Command } from '../command.js';
import { resolveModel } from '../model-ref.js';

/** `cellar ask "QUESTION" [--model PATH] --json`: one question, one answer (saved as a chat). */
export const askCommand: Command = async ({ api, args, options, out, err }) => {
  const question = args.join(' ').trim();
  if (!question) throw new UsageError('cellar ask "QUESTION" [--model PATH] [--json]');
  const model = await resolveModel(api, options.model, err);
  const thread = await api.call('threads.create', { modelId: model.id });
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
        model: { id: model.id, label: model.label, path: model.path, sha256: model.sha256 },
        stats: {
          ttftMs: stats?.ttftMs ?? 0,
          tokensPerSecond: stats?.tokensPerSecond ?? 0,
          promptTokens: stats?.promptTokens ?? 0,
          completionTokens: stats?.completionTokens ?? 0,
        },
      }),
    );
  } else out('');
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
