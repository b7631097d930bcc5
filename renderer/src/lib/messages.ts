import type { ChatStarted, Message } from '../api';

/** How the shown branch of a chat changes as answers start, grow and finish. */

/**
 * The shown branch once an answer has started: a new question goes after its
 * parent, a regenerated answer replaces the old one after the same question,
 * an edited question replaces the original. Applying the same start twice
 * changes nothing, so the event and the call's result may both arrive.
 */
export function applyStarted(messages: Message[], started: ChatStarted): Message[] {
  const { userMessage: user, assistantMessage: answer } = started;
  if (messages.some((m) => m.id === answer.id)) return messages;
  if (!user) return [...upTo(messages, answer.parentId), answer];
  const at = messages.findIndex((m) => m.id === user.id);
  const before = at >= 0 ? messages.slice(0, at) : upTo(messages, user.parentId);
  return [...before, user, answer];
}

function upTo(messages: Message[], id: string | null): Message[] {
  if (!id) return [];
  const at = messages.findIndex((m) => m.id === id);
  return at >= 0 ? messages.slice(0, at + 1) : messages;
}

/** Append a streamed delta to one message; the other messages keep their identity. */
export function appendDelta(messages: Message[], messageId: string, delta: string): Message[] {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i]!;
    if (message.id !== messageId) continue;
    const next = messages.slice();
    next[i] = { ...message, content: message.content + delta };
    return next;
  }
  return messages;
}

export function replaceMessage(messages: Message[], message: Message): Message[] {
  const at = messages.findIndex((m) => m.id === message.id);
  if (at < 0) return messages;
  const next = messages.slice();
  next[at] = message;
  return next;
}
