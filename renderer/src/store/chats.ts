import { create } from 'zustand';
import type { CellarBridge, ChatStarted, Params, Thread, ThreadSummary, ThreadView } from '../api';
import { toDisplayError, type DisplayError } from '../lib/errors';
import { appendDelta, applyStarted, replaceMessage } from '../lib/messages';

interface ChatsState {
  /** Newest first; null until the engine first answers. */
  threads: ThreadSummary[] | null;
  threadsError: DisplayError | null;
  /** The open chat, or null for a fresh page ("start a new chat"). */
  currentId: string | null;
  /** The open chat's shown branch, once read. */
  view: ThreadView | null;
  viewError: DisplayError | null;
  /** The answer being written: the engine writes one at a time. */
  streaming: { threadId: string; messageId: string } | null;
  /** A send (or regenerate or edit) the engine has not started answering yet, e.g. while a model loads. */
  pending: string | null;
  /** Why the last send in a chat failed. */
  sendError: { threadId: string; error: DisplayError } | null;
  /** A message to scroll to and mark briefly (a search hit). */
  focusId: string | null;
  /** What is typed in each chat's composer, kept while switching chats ('' is the new-chat page). */
  drafts: Record<string, string>;
  /** Bumped when a chat opens or starts, so the message box takes the focus (see Composer). */
  composerFocus: number;
}

const initial: ChatsState = {
  threads: null,
  threadsError: null,
  currentId: null,
  view: null,
  viewError: null,
  streaming: null,
  pending: null,
  sendError: null,
  focusId: null,
  drafts: {},
  composerFocus: 0,
};

export const useChats = create<ChatsState>()(() => initial);

const set = useChats.setState;
/** Focus requests count up for the app's life, so a reset store never repeats one already answered. */
let focusSeq = 0;
const get = useChats.getState;

/** Whether a chat is writing an answer now: by the events, or by a message still marked streaming. */
export function isStreaming(state: Pick<ChatsState, 'streaming' | 'view'>, threadId: string | null): boolean {
  if (!threadId) return false;
  if (state.streaming?.threadId === threadId) return true;
  return state.view?.thread.id === threadId && state.view.messages.at(-1)?.status === 'streaming';
}

/* ---------- events ---------- */

function withView(threadId: string, change: (view: ThreadView) => ThreadView): void {
  set((s) => (s.view && s.view.thread.id === threadId ? { view: change(s.view) } : s));
}

/** Answers already done: a call's late result must not mark them streaming again. */
const finished = new Set<string>();

function started(started: ChatStarted): void {
  const done = finished.has(started.assistantMessage.id);
  set((s) => ({
    streaming: done ? s.streaming : { threadId: started.threadId, messageId: started.assistantMessage.id },
    pending: s.pending === started.threadId ? null : s.pending,
  }));
  withView(started.threadId, (view) => {
    const messages = applyStarted(view.messages, started);
    return messages === view.messages ? view : { ...view, messages };
  });
}

/** Follow answers as they are written, for as long as the window lives. */
export function followChats(bridge: CellarBridge): () => void {
  const offs = [
    bridge.on('chat.started', (payload) => {
      started(payload);
      void refreshThreads(bridge); // a first question names the chat
    }),
    bridge.on('chat.delta', ({ threadId, messageId, delta }) => {
      // Append only: the thread is never read again per token.
      set((s) => {
        if (!s.view || s.view.thread.id !== threadId) return s;
        const messages = appendDelta(s.view.messages, messageId, delta);
        return messages === s.view.messages ? s : { view: { ...s.view, messages } };
      });
    }),
    bridge.on('chat.done', ({ threadId, message }) => {
      finished.add(message.id);
      set((s) => ({ streaming: s.streaming?.messageId === message.id ? null : s.streaming }));
      withView(threadId, (view) => ({ ...view, messages: replaceMessage(view.messages, message) }));
      void refreshThreads(bridge);
    }),
  ];
  void refreshThreads(bridge);
  return () => offs.forEach((off) => off());
}

/* ---------- actions ---------- */

export function focusMessage(focusId: string | null): void {
  set({ focusId });
}

/** Put the focus in the open chat's message box (the "focus the composer" shortcut). */
export function focusComposer(): void {
  set({ composerFocus: ++focusSeq });
}

export function setDraft(key: string, text: string): void {
  set((s) => ({ drafts: { ...s.drafts, [key]: text } }));
}

export async function refreshThreads(bridge: CellarBridge): Promise<void> {
  try {
    const threads = await bridge.call('threads.list');
    set((s) => {
      const summary = s.view && threads.find((t) => t.id === s.view!.thread.id);
      const view = summary && s.view ? { ...s.view, thread: { ...s.view.thread, title: summary.title } } : s.view;
      return { threads, threadsError: null, view };
    });
  } catch (error) {
    set({ threadsError: toDisplayError(error) });
  }
}

let viewRequest = 0;

export async function openThread(bridge: CellarBridge, id: string | null): Promise<void> {
  const request = ++viewRequest;
  set((s) => ({
    currentId: id,
    view: s.view?.thread.id === id ? s.view : null,
    viewError: null,
    composerFocus: ++focusSeq,
  }));
  if (!id) return;
  try {
    const view = await bridge.call('threads.get', { id });
    if (request === viewRequest) set({ view });
  } catch (error) {
    if (request === viewRequest) set({ viewError: toDisplayError(error) });
  }
}

function showThread(thread: Thread): void {
  viewRequest += 1;
  set((s) => ({
    currentId: thread.id,
    view: s.view?.thread.id === thread.id ? { ...s.view, thread } : { thread, messages: [] },
    viewError: null,
    composerFocus: ++focusSeq,
  }));
}

export async function createThread(bridge: CellarBridge, modelId: string | null): Promise<Thread | null> {
  try {
    const thread = await bridge.call('threads.create', { modelId });
    showThread(thread);
    await refreshThreads(bridge);
    return thread;
  } catch (error) {
    set({ threadsError: toDisplayError(error) });
    return null;
  }
}

/** Save a chat's settings or title; resolves to the error, if any, for the caller to show. */
export async function updateThread(
  bridge: CellarBridge,
  id: string,
  changes: Omit<Params<'threads.update'>[0], 'id'>,
): Promise<DisplayError | null> {
  try {
    const thread = await bridge.call('threads.update', { id, ...changes });
    set((s) => ({
      view: s.view?.thread.id === id ? { ...s.view, thread } : s.view,
      threads:
        s.threads?.map((t) => (t.id === id ? { ...t, title: thread.title, modelId: thread.modelId } : t)) ?? null,
    }));
    return null;
  } catch (error) {
    return toDisplayError(error);
  }
}

export async function deleteThread(bridge: CellarBridge, id: string): Promise<DisplayError | null> {
  try {
    await bridge.call('threads.delete', { id });
    set((s) => ({
      threads: s.threads?.filter((t) => t.id !== id) ?? null,
      ...(s.currentId === id ? { currentId: null, view: null, viewError: null } : {}),
    }));
    return null;
  } catch (error) {
    return toDisplayError(error);
  }
}

/** Start an answer; on failure the error is kept for the chat, and `text` goes back into its composer. */
async function answer(threadId: string, task: () => Promise<ChatStarted>, text?: string): Promise<boolean> {
  set({ pending: threadId, sendError: null });
  try {
    started(await task());
    return true;
  } catch (error) {
    set((s) => ({
      sendError: { threadId, error: toDisplayError(error) },
      drafts: text && !s.drafts[threadId] ? { ...s.drafts, [threadId]: text } : s.drafts,
    }));
    return false;
  } finally {
    set((s) => (s.pending === threadId ? { pending: null } : s));
  }
}

export const chatActions = {
  send: (bridge: CellarBridge, threadId: string, text: string) =>
    answer(threadId, () => bridge.call('chat.send', { threadId, text }), text),
  regenerate: (bridge: CellarBridge, threadId: string, messageId: string) =>
    answer(threadId, () => bridge.call('chat.regenerate', { threadId, messageId })),
  edit: (bridge: CellarBridge, threadId: string, messageId: string, text: string) =>
    answer(threadId, () => bridge.call('chat.edit', { threadId, messageId, text })),
  stop: async (bridge: CellarBridge, threadId: string) => {
    try {
      await bridge.call('chat.stop', { threadId });
    } catch (error) {
      set({ sendError: { threadId, error: toDisplayError(error) } });
    }
  },
  selectBranch: async (bridge: CellarBridge, threadId: string, messageId: string) => {
    try {
      const view = await bridge.call('threads.selectBranch', { threadId, messageId });
      if (get().currentId === threadId) set({ view });
    } catch (error) {
      set({ sendError: { threadId, error: toDisplayError(error) } });
    }
  },
  dismissError: () => set({ sendError: null }),
};
