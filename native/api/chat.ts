/** Chat types, shared by engine and UI (types only). */
import type { Citation } from './documents.js';

export interface SamplingSettings {
  temperature: number;
  topP: number;
  maxTokens: number;
}

export interface ThreadSummary {
  id: string;
  title: string;
  modelId: string | null;
  updatedAt: string;
  messageCount: number;
}

export interface Thread extends ThreadSummary {
  systemPrompt: string;
  sampling: SamplingSettings;
  createdAt: string;
  /** The newest message of the branch being shown. */
  leafId: string | null;
  /** Collections the chat answers from, with citations; empty for a plain chat. */
  collectionIds: string[];
}

export type MessageStatus = 'streaming' | 'complete' | 'stopped' | 'interrupted' | 'failed';

export interface GenerationStats {
  ttftMs: number;
  tokensPerSecond: number;
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
}

export interface Message {
  id: string;
  threadId: string;
  parentId: string | null;
  role: 'user' | 'assistant';
  content: string;
  status: MessageStatus;
  /** The model that wrote an answer (label and id), recorded with it. */
  modelId: string | null;
  modelLabel: string | null;
  stats: GenerationStats | null;
  error: string | null;
  /** The sources an answer drew on; [n] in its text refers to citations[n - 1]. */
  citations: Citation[];
  /** Said with the answer, e.g. that some documents were still being indexed. */
  notice: string | null;
  createdAt: string;
  /** Position among the messages sharing this parent (1-based) and their count: "2 / 3". */
  branchIndex: number;
  branchCount: number;
  /** Sibling ids in order, to step between branches. */
  siblingIds: string[];
}

export interface ThreadView {
  thread: Thread;
  /** The messages of the shown branch, oldest first. */
  messages: Message[];
}

export interface SearchHit {
  threadId: string;
  threadTitle: string;
  messageId: string;
  role: 'user' | 'assistant';
  /** Excerpt with the match wrapped in [[ and ]] (rendered as a highlight, never as HTML). */
  snippet: string;
  createdAt: string;
}

export interface Preset {
  id: string;
  name: string;
  text: string;
  builtIn: boolean;
}

export interface ChatDelta {
  threadId: string;
  messageId: string;
  delta: string;
}

export interface ChatStarted {
  threadId: string;
  userMessage: Message | null;
  assistantMessage: Message;
}
