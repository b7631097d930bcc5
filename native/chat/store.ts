import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Citation } from '../api/documents.js';
import type {
  GenerationStats,
  Message,
  MessageStatus,
  SamplingSettings,
  SearchHit,
  Thread,
  ThreadSummary,
  ThreadView,
} from '../api/chat.js';
import { ApiError } from '../api/errors.js';

export const DEFAULT_SAMPLING: SamplingSettings = { temperature: 0.7, topP: 0.9, maxTokens: 1024 };
export const NEW_THREAD_TITLE = 'New chat';

interface ThreadRow {
  id: string;
  title: string;
  model_id: string | null;
  system_prompt: string;
  sampling: string;
  leaf_id: string | null;
  created_at: string;
  updated_at: string;
  message_count?: number;
}

interface MessageRow {
  id: string;
  thread_id: string;
  parent_id: string | null;
  role: 'user' | 'assistant';
  content: string;
  status: MessageStatus;
  model_id: string | null;
  model_label: string | null;
  stats: string | null;
  error: string | null;
  seq: number;
  created_at: string;
  citations: string;
  notice: string | null;
}

/**
 * Threads and their messages. Messages form a tree (parent_id): regenerating
 * or editing adds a sibling instead of overwriting, and a thread's leaf_id
 * says which branch is shown.
 */
export class ChatStore {
  constructor(private readonly db: Database) {}

  list(): ThreadSummary[] {
    const rows = this.db
      .prepare(
        `SELECT t.*, (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id) AS message_count
         FROM threads t ORDER BY t.updated_at DESC, t.rowid DESC`,
      )
      .all() as ThreadRow[];
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      modelId: r.model_id,
      updatedAt: r.updated_at,
      messageCount: r.message_count ?? 0,
    }));
  }

  create(input: { modelId?: string | null; systemPrompt?: string; title?: string }): Thread {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO threads (id, title, model_id, system_prompt, sampling) VALUES (?, ?, ?, ?, ?)')
      .run(
        id,
        input.title?.trim() || NEW_THREAD_TITLE,
        input.modelId ?? null,
        input.systemPrompt ?? '',
        JSON.stringify(DEFAULT_SAMPLING),
      );
    return this.thread(id);
  }

  thread(id: string): Thread {
    const row = this.db
      .prepare(
        'SELECT t.*, (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id) AS message_count FROM threads t WHERE id = ?',
      )
      .get(id) as ThreadRow | undefined;
    if (!row) throw new ApiError('NOT_FOUND', `No chat with id ${id}.`);
    return {
      id: row.id,
      title: row.title,
      modelId: row.model_id,
      updatedAt: row.updated_at,
      messageCount: row.message_count ?? 0,
      systemPrompt: row.system_prompt,
      sampling: { ...DEFAULT_SAMPLING, ...(JSON.parse(row.sampling) as Partial<SamplingSettings>) },
      createdAt: row.created_at,
      leafId: row.leaf_id,
      collectionIds: this.db
        .prepare('SELECT collection_id FROM thread_collections WHERE thread_id = ? ORDER BY rowid')
        .pluck()
        .all(row.id) as string[],
    };
  }

  update(
    id: string,
    changes: {
      title?: string;
      modelId?: string | null;
      systemPrompt?: string;
      sampling?: Partial<SamplingSettings>;
      collectionIds?: string[];
    },
  ): Thread {
    const current = this.thread(id);
    if (changes.collectionIds) this.#setCollections(id, changes.collectionIds);
    const title = changes.title === undefined ? current.title : changes.title.trim() || current.title;
    this.db
      .prepare(
        // Settings and renames do not move a chat up the list; new messages do.
        'UPDATE threads SET title = ?, model_id = ?, system_prompt = ?, sampling = ? WHERE id = ?',
      )
      .run(
        title,
        changes.modelId === undefined ? current.modelId : changes.modelId,
        changes.systemPrompt ?? current.systemPrompt,
        JSON.stringify({ ...current.sampling, ...changes.sampling }),
        id,
      );
    return this.thread(id);
  }

  delete(id: string): void {
    this.thread(id);
    this.db.prepare('DELETE FROM threads WHERE id = ?').run(id);
  }

  /** The shown branch: from the root down to the thread's leaf. */
  view(id: string): ThreadView {
    const thread = this.thread(id);
    const path: MessageRow[] = [];
    let cursor = thread.leafId;
    const byId = this.db.prepare('SELECT * FROM messages WHERE id = ?');
    while (cursor) {
      const row = byId.get(cursor) as MessageRow | undefined;
      if (!row) break;
      path.unshift(row);
      cursor = row.parent_id;
    }
    return { thread, messages: path.map((row) => this.#toMessage(row)) };
  }

  message(id: string): Message {
    const row = this.db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
    if (!row) throw new ApiError('NOT_FOUND', `No message with id ${id}.`);
    return this.#toMessage(row);
  }

  /** Add a message under a parent and make it the shown leaf. */
  add(input: {
    threadId: string;
    parentId: string | null;
    role: 'user' | 'assistant';
    content: string;
    status: MessageStatus;
    modelId?: string | null;
    modelLabel?: string | null;
  }): Message {
    const id = randomUUID();
    this.db.transaction(() => {
      const seq = this.db
        .prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE thread_id = ?')
        .pluck()
        .get(input.threadId) as number;
      this.db
        .prepare(
          `INSERT INTO messages (id, thread_id, parent_id, role, content, status, model_id, model_label, seq)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.threadId,
          input.parentId,
          input.role,
          input.content,
          input.status,
          input.modelId ?? null,
          input.modelLabel ?? null,
          seq,
        );
      this.#setLeaf(input.threadId, id);
    })();
    return this.message(id);
  }

  /** Save streamed text so far (called every few hundred milliseconds while streaming). */
  saveContent(id: string, content: string): void {
    this.db.prepare('UPDATE messages SET content = ? WHERE id = ?').run(content, id);
  }

  finish(
    id: string,
    outcome: {
      content: string;
      status: MessageStatus;
      stats?: GenerationStats | null;
      error?: string | null;
      citations?: Citation[];
    },
  ): Message {
    this.db
      .prepare('UPDATE messages SET content = ?, status = ?, stats = ?, error = ?, citations = ? WHERE id = ?')
      .run(
        outcome.content,
        outcome.status,
        outcome.stats ? JSON.stringify(outcome.stats) : null,
        outcome.error ?? null,
        JSON.stringify(outcome.citations ?? []),
        id,
      );
    return this.message(id);
  }

  /** Something the answer must say beside its text (documents still being indexed). */
  setNotice(id: string, notice: string | null): void {
    this.db.prepare('UPDATE messages SET notice = ? WHERE id = ?').run(notice, id);
  }

  /** Answers that were streaming when the engine died are kept and marked interrupted. */
  markInterrupted(): number {
    return this.db.prepare("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'").run().changes;
  }

  /** Show the branch through a message: follow its newest descendants down to a leaf. */
  selectBranch(threadId: string, messageId: string): ThreadView {
    const message = this.message(messageId);
    if (message.threadId !== threadId)
      throw new ApiError('NOT_FOUND', `Message ${messageId} is not in chat ${threadId}.`);
    const newestChild = this.db
      .prepare('SELECT id FROM messages WHERE parent_id = ? ORDER BY seq DESC LIMIT 1')
      .pluck();
    let leaf = messageId;
    for (
      let next = newestChild.get(leaf) as string | undefined;
      next;
      next = newestChild.get(leaf) as string | undefined
    )
      leaf = next;
    this.#setLeaf(threadId, leaf);
    return this.view(threadId);
  }

  search(query: string, limit = 50): SearchHit[] {
    const match = toFtsQuery(query);
    if (!match) return [];
    const rows = this.db
      .prepare(
        `SELECT m.id, m.thread_id, m.role, m.created_at, t.title,
                snippet(messages_fts, 0, '[[', ']]', '…', 12) AS snippet
         FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid JOIN threads t ON t.id = m.thread_id
         WHERE messages_fts MATCH ? ORDER BY bm25(messages_fts) LIMIT ?`,
      )
      .all(match, limit) as Array<{
      id: string;
      thread_id: string;
      role: 'user' | 'assistant';
      created_at: string;
      title: string;
      snippet: string;
    }>;
    return rows.map((r) => ({
      threadId: r.thread_id,
      threadTitle: r.title,
      messageId: r.id,
      role: r.role,
      snippet: r.snippet,
      createdAt: r.created_at,
    }));
  }

  #setCollections(threadId: string, collectionIds: string[]): void {
    const exists = this.db.prepare('SELECT 1 FROM collections WHERE id = ?').pluck();
    for (const id of collectionIds)
      if (!exists.get(id)) throw new ApiError('NOT_FOUND', `No collection with id ${id}.`);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM thread_collections WHERE thread_id = ?').run(threadId);
      const insert = this.db.prepare(
        'INSERT OR IGNORE INTO thread_collections (thread_id, collection_id) VALUES (?, ?)',
      );
      for (const id of collectionIds) insert.run(threadId, id);
    })();
  }

  #setLeaf(threadId: string, leafId: string): void {
    this.db
      .prepare("UPDATE threads SET leaf_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?")
      .run(leafId, threadId);
  }

  #toMessage(row: MessageRow): Message {
    const siblings = this.db
      .prepare('SELECT id FROM messages WHERE thread_id = ? AND parent_id IS ? AND role = ? ORDER BY seq')
      .pluck()
      .all(row.thread_id, row.parent_id, row.role) as string[];
    return {
      id: row.id,
      threadId: row.thread_id,
      parentId: row.parent_id,
      role: row.role,
      content: row.content,
      status: row.status,
      modelId: row.model_id,
      modelLabel: row.model_label,
      stats: row.stats ? (JSON.parse(row.stats) as GenerationStats) : null,
      error: row.error,
      citations: JSON.parse(row.citations) as Citation[],
      notice: row.notice,
      createdAt: row.created_at,
      branchIndex: siblings.indexOf(row.id) + 1,
      branchCount: siblings.length,
      siblingIds: siblings,
    };
  }
}

/** User text as an FTS5 query: each word a quoted prefix term, so punctuation cannot break the syntax. */
export function toFtsQuery(text: string): string {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((w) => `"${w}"*`).join(' ');
}
