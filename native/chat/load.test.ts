import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { seedChats } from '../testing/seed.js';
import { openTestEngine, type TestEngine } from '../testing/engine.js';

/**
 * A large library still works: 1,000 chats of 100 messages each. Timings are
 * printed for the record (the UI virtualises its lists); nothing here asserts
 * a duration.
 */
let t: TestEngine;
let ids: string[];

beforeAll(async () => {
  t = openTestEngine();
  await t.runtime.shutdown();
  const db = new Database(join(t.dataDir, 'cellar.db'));
  ids = seedChats(db, 1000, 100);
  db.close();
  t = await t.reopen();
}, 120_000);
afterAll(async () => {
  await t.dispose();
});

const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await run();
  console.log(`[load] ${label}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
};

describe('1,000 chats of 100 messages', () => {
  it('lists every chat newest first', async () => {
    const list = await timed('threads.list (1,000 chats)', () => t.api.call('threads.list'));
    expect(list).toHaveLength(1000);
    expect(list[0]!.id).toBe(ids.at(-1));
    expect(list.every((th) => th.messageCount === 100)).toBe(true);
  });

  it('opens a chat with its 100 messages in order', async () => {
    const view = await timed('threads.get (100 messages)', () => t.api.call('threads.get', { id: ids[500]! }));
    expect(view.messages).toHaveLength(100);
    expect(view.messages.map((m) => m.role).slice(0, 2)).toEqual(['user', 'assistant']);
  });

  it('searches 100,000 messages', async () => {
    const hits = await timed('chat.search over 100,000 messages', () =>
      t.api.call('chat.search', { query: 'biopsy referral', limit: 50 }),
    );
    expect(hits).toHaveLength(50);
    expect(hits[0]!.snippet).toMatch(/\[\[(biopsy|referral)\]\]/);
  });
});
