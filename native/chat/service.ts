import type { ChatHistoryItem } from 'node-llama-cpp';
import type { ChatStarted, GenerationStats, Message, Thread } from '../api/chat.js';
import type { Citation } from '../api/documents.js';
import { checkAnswer } from './attribution.js';
import { groundedPrompt, NOTHING_FOUND, retrieveSources, SOURCE_TOKEN_BUDGET } from '../documents/rag.js';
import type { DocumentsService } from '../documents/service.js';
import { ApiError } from '../api/errors.js';
import type { EventHub } from '../engine/events.js';
import type { ModelHost, Resident } from '../models/host.js';
import type { ModelLibrary } from '../models/library.js';
import { NEW_THREAD_TITLE, type ChatStore } from './store.js';

/**
 * Streamed text goes out at once when it starts, then at most once per frame
 * (16 ms): at hundreds of tokens a second, one message per token costs the
 * transport more than it gains (measured in bench/generation.ts: 0.92 of raw
 * throughput per token, 0.97 batched per frame), and the eye cannot tell.
 */
const DELTA_INTERVAL_MS = 16;

class DeltaBatcher {
  #pending = '';
  #timer: NodeJS.Timeout | null = null;
  #lastSent = 0;

  constructor(private readonly send: (delta: string) => void) {}

  push(chunk: string): void {
    this.#pending += chunk;
    const wait = DELTA_INTERVAL_MS - (performance.now() - this.#lastSent);
    if (wait <= 0) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#pending) return;
    const delta = this.#pending;
    this.#pending = '';
    this.#lastSent = performance.now();
    this.send(delta);
  }
}

/** How often streamed text is written to the database, so a crash loses at most this much. */
const SAVE_EVERY_MS = 250;

interface Active {
  threadId: string;
  messageId: string;
  abort: AbortController;
  done: Promise<void>;
}

/**
 * Writes answers: builds the chat history of the shown branch, streams the
 * model's text as small deltas, saves it as it goes, and records the model
 * and timings on every answer. One answer is written at a time (one model,
 * one context sequence).
 *
 * Long chats: node-llama-cpp's LlamaChatSession shifts the context when it
 * fills (its default strategy drops the oldest turns and keeps the system
 * prompt), so a chat never stops working because it grew long.
 */
export class ChatService {
  #active: Active | null = null;

  constructor(
    private readonly store: ChatStore,
    private readonly library: ModelLibrary,
    private readonly host: ModelHost,
    private readonly events: EventHub,
    private readonly documents: DocumentsService,
  ) {}

  get activeThreadId(): string | null {
    return this.#active?.threadId ?? null;
  }

  async send(threadId: string, text: string): Promise<ChatStarted> {
    const content = text.trim();
    if (!content) throw new ApiError('BAD_PARAMS', 'The message is empty.');
    this.#assertIdle();
    const { thread, messages } = this.store.view(threadId);
    const resident = await this.#residentFor(thread);
    const user = this.store.add({
      threadId,
      parentId: messages.at(-1)?.id ?? null,
      role: 'user',
      content,
      status: 'complete',
    });
    if (thread.title === NEW_THREAD_TITLE) this.store.update(threadId, { title: titleFrom(content) });
    return this.#answer(thread, messages, user, resident);
  }

  async regenerate(threadId: string, messageId: string): Promise<ChatStarted> {
    this.#assertIdle();
    const answer = this.store.message(messageId);
    if (answer.threadId !== threadId || answer.role !== 'assistant' || !answer.parentId) {
      throw new ApiError('BAD_PARAMS', 'Only an answer in this chat can be regenerated.');
    }
    const user = this.store.message(answer.parentId);
    const { thread, messages } = this.store.view(threadId);
    const resident = await this.#residentFor(thread);
    const before = messages.slice(
      0,
      messages.findIndex((m) => m.id === user.id),
    );
    return this.#answer(thread, before, user, resident);
  }

  async edit(threadId: string, messageId: string, text: string): Promise<ChatStarted> {
    const content = text.trim();
    if (!content) throw new ApiError('BAD_PARAMS', 'The message is empty.');
    this.#assertIdle();
    const original = this.store.message(messageId);
    if (original.threadId !== threadId || original.role !== 'user') {
      throw new ApiError('BAD_PARAMS', 'Only a question in this chat can be edited.');
    }
    const { thread, messages } = this.store.view(threadId);
    const resident = await this.#residentFor(thread);
    const index = messages.findIndex((m) => m.id === messageId);
    const before = index >= 0 ? messages.slice(0, index) : [];
    const user = this.store.add({ threadId, parentId: original.parentId, role: 'user', content, status: 'complete' });
    return this.#answer(thread, before, user, resident);
  }

  /** Stop the answer being written in a thread; resolves once the partial text is saved. */
  async stop(threadId: string): Promise<void> {
    const active = this.#active;
    if (!active || active.threadId !== threadId) return;
    active.abort.abort();
    await active.done;
  }

  /** Stop whatever is being written (engine shutdown). */
  async stopAll(): Promise<void> {
    if (this.#active) await this.stop(this.#active.threadId);
  }

  #assertIdle(): void {
    if (this.#active)
      throw new ApiError('BUSY', 'An answer is still being written. Stop it first, or wait for it to finish.');
  }

  async #residentFor(thread: Thread): Promise<Resident> {
    const modelId = thread.modelId ?? this.host.resident?.record.id ?? this.library.defaultModel()?.id;
    if (!modelId) {
      throw new ApiError(
        'MODEL_NOT_LOADED',
        'There is no chat model in your library yet. Download a recommended model or import a GGUF file.',
      );
    }
    if (this.host.resident?.record.id !== modelId) await this.host.load(modelId);
    const resident = this.host.resident;
    if (!resident) throw new ApiError('MODEL_NOT_LOADED', 'The model is not loaded.');
    if (thread.modelId !== modelId) this.store.update(thread.id, { modelId });
    return resident;
  }

  /**
   * The question with the best sources from the chat's collections, fitted to
   * half the context; null when nothing relevant was found. Also notes on the
   * answer when some documents are still being indexed.
   */
  async #ground(thread: Thread, user: Message, answer: Message, resident: Resident): Promise<Grounding | null> {
    const pending = this.documents.store.pendingCount(thread.collectionIds);
    if (pending > 0) {
      this.store.setNotice(
        answer.id,
        `${pending} document${pending === 1 ? ' is' : 's are'} still being indexed, so this answer cannot draw on ${pending === 1 ? 'it' : 'them'} yet.`,
      );
    }
    const sources = await retrieveSources(
      this.documents.retriever,
      this.documents.store,
      user.content,
      thread.collectionIds,
      (id) => this.documents.relevanceThreshold(id),
    );
    if (!sources.length) return null;
    const count = (text: string): number => resident.model.tokenize(text).length;
    const budget = Math.min(SOURCE_TOKEN_BUDGET, Math.floor(resident.context.contextSize / 2));
    return groundedPrompt(user.content, sources, count, budget);
  }

  #answer(thread: Thread, before: Message[], user: Message, resident: Resident): ChatStarted {
    const answer = this.store.add({
      threadId: thread.id,
      parentId: user.id,
      role: 'assistant',
      content: '',
      status: 'streaming',
      modelId: resident.record.id,
      modelLabel: resident.record.label,
    });
    const abort = new AbortController();
    const active: Active = { threadId: thread.id, messageId: answer.id, abort, done: Promise.resolve() };
    // Released before chat.done is emitted, so a listener may send the next message at once.
    const release = (): void => {
      if (this.#active === active) this.#active = null;
    };
    active.done = this.#generate(thread, before, user, answer, resident, abort.signal, release).finally(release);
    this.#active = active;
    const started: ChatStarted = {
      threadId: thread.id,
      userMessage: this.store.message(user.id),
      assistantMessage: answer,
    };
    this.events.emit('chat.started', started);
    return started;
  }

  async #generate(
    thread: Thread,
    before: Message[],
    user: Message,
    answer: Message,
    resident: Resident,
    signal: AbortSignal,
    release: () => void,
  ): Promise<void> {
    const { session } = resident;
    const meter = session.sequence.tokenMeter;
    const inputBefore = meter.usedInputTokens;
    const started = performance.now();
    let firstTokenAt = 0;
    let completionTokens = 0;
    let text = '';
    let lastSave = Date.now();
    const deltas = new DeltaBatcher((delta) =>
      this.events.emit('chat.delta', { threadId: thread.id, messageId: answer.id, delta }),
    );
    try {
      let prompt = user.content;
      let citations: Citation[] = [];
      if (thread.collectionIds.length) {
        const grounded = await this.#ground(thread, user, answer, resident);
        if (!grounded) {
          this.events.emit('chat.delta', { threadId: thread.id, messageId: answer.id, delta: NOTHING_FOUND });
          const message = this.store.finish(answer.id, { content: NOTHING_FOUND, status: 'complete', stats: null });
          release();
          this.events.emit('chat.done', { threadId: thread.id, message });
          return;
        }
        prompt = grounded.prompt;
        citations = grounded.citations;
      }
      session.setChatHistory(toHistory(thread.systemPrompt, before));
      await session.prompt(prompt, {
        signal,
        stopOnAbortSignal: true,
        temperature: thread.sampling.temperature,
        topP: thread.sampling.topP,
        maxTokens: thread.sampling.maxTokens,
        onToken: (tokens) => {
          completionTokens += tokens.length;
        },
        onTextChunk: (chunk) => {
          if (!firstTokenAt) firstTokenAt = performance.now();
          text += chunk;
          deltas.push(chunk);
          if (Date.now() - lastSave >= SAVE_EVERY_MS) {
            this.store.saveContent(answer.id, text);
            lastSave = Date.now();
          }
        },
      });
      deltas.flush();
      const ended = performance.now();
      const stats: GenerationStats = {
        ttftMs: Math.round((firstTokenAt || ended) - started),
        tokensPerSecond:
          firstTokenAt && ended > firstTokenAt ? round1(completionTokens / ((ended - firstTokenAt) / 1000)) : 0,
        promptTokens: meter.usedInputTokens - inputBefore,
        completionTokens,
        durationMs: Math.round(ended - started),
      };
      // A grounded answer's citations are checked against the sources (attribution.ts).
      const { content, notice } =
        citations.length && !signal.aborted
          ? checkAnswer(text, user.content, citations)
          : { content: text, notice: null };
      if (notice) this.store.setNotice(answer.id, notice);
      const message = this.store.finish(answer.id, {
        content,
        status: signal.aborted ? 'stopped' : 'complete',
        stats,
        citations,
      });
      release();
      this.events.emit('chat.done', { threadId: thread.id, message });
    } catch (error) {
      deltas.flush();
      if (signal.aborted) {
        // Stopped before the first word (node-llama-cpp throws AbortError while it still reads
        // the prompt): the user asked for it, so it ends as stopped, with whatever was written.
        let message: Message;
        try {
          message = this.store.finish(answer.id, { content: text, status: 'stopped', stats: null });
        } catch {
          message = { ...answer, content: text, status: 'stopped' }; // as below: the row is fixed at the next start
        }
        release();
        this.events.emit('chat.done', { threadId: thread.id, message });
        return;
      }
      release();
      const failure = `The model stopped with an error: ${(error as Error).message}`;
      let message: Message;
      try {
        message = this.store.finish(answer.id, { content: text, status: 'failed', error: failure });
      } catch {
        // The database itself failed (a full disk): report what is known; the row stays 'streaming'
        // and is marked interrupted at the next start.
        message = { ...answer, content: text, status: 'failed', error: failure };
      }
      this.events.emit('chat.done', { threadId: thread.id, message });
    }
  }
}

export interface Grounding {
  prompt: string;
  citations: Citation[];
}

function toHistory(systemPrompt: string, messages: Message[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  if (systemPrompt.trim()) history.push({ type: 'system', text: systemPrompt });
  for (const message of messages) {
    if (message.role === 'user') history.push({ type: 'user', text: message.content });
    else if (message.content) history.push({ type: 'model', response: [message.content] });
  }
  return history;
}

function titleFrom(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57).trimEnd()}…` : line;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
