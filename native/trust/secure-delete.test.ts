// Deleting deletes: after a document and a chat are removed, no byte of their text or names is left in the library.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../api/chat.js';
import { modelPath, tempDataDir } from '../testing/fixtures.js';
import { openTestEngine, stageModel, type TestEngine } from '../testing/engine.js';

// Words no model, corpus or schema holds; each must be gone from every byte of the data folder.
const DOC_TEXT = 'Quokkazephyrmarker';
const DOC_NAME = 'Vexillumbrandtname';
const CHAT_TEXT = 'Xanthoriaplumbago';

let t: TestEngine | undefined;
let files: { dir: string; cleanup: () => void } | undefined;
afterEach(async () => {
  await t?.dispose();
  files?.cleanup();
});

/** Every file under the data folder whose raw bytes hold `needle` (UTF-8, or UTF-16 as FTS and SQLite never use). */
function holders(dir: string, needle: string): string[] {
  const found: string[] = [];
  const variants = [
    Buffer.from(needle, 'utf8'),
    Buffer.from(needle.toLowerCase(), 'utf8'),
    Buffer.from(needle, 'utf16le'),
  ];
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
      return;
    }
    const bytes = readFileSync(path);
    if (variants.some((v) => bytes.includes(v))) found.push(path.slice(dir.length + 1));
  };
  visit(dir);
  return found;
}

function done(engine: TestEngine, messageId: string): Promise<Message> {
  return new Promise((resolve) => {
    const off = engine.api.on('chat.done', ({ message }) => {
      if (message.id === messageId) {
        off();
        resolve(message);
      }
    });
  });
}

describe('deletion', () => {
  it('leaves no trace of a removed document or a deleted chat in the database, its WAL or the audit log', async () => {
    t = openTestEngine();
    files = tempDataDir('cellar-del-');
    const bert = await t.api.call('models.import', { path: modelPath('tiny-random-bert.gguf'), mode: 'reference' });
    await t.api.call('models.import', { path: stageModel(files.dir, 'stories260K-chatml.gguf'), mode: 'reference' });
    const collection = await t.api.call('collections.create', { name: 'Clinic', embeddingModelId: bert.id });
    // Another document stays, so the library keeps live pages beside the freed ones.
    const keep = join(files.dir, 'rota.md');
    writeFileSync(keep, '# Rota\n\nThe night rota changes on Friday.\n');
    const secret = join(files.dir, `${DOC_NAME}.md`);
    const body = Array.from({ length: 40 }, (_, i) => `Line ${i}: the patient ${DOC_TEXT} takes ${i} mg.`).join('\n\n');
    writeFileSync(secret, `# ${DOC_TEXT}\n\n${body}\n`);
    const added = await t.api.call('documents.add', { paths: [keep, secret], collectionId: collection.id });
    await t.engine.documents.queue.whenIdle();
    const doc = added.documents.find((d) => d.name === `${DOC_NAME}.md`)!;
    expect((await t.api.call('documents.list', {})).find((d) => d.id === doc.id)?.status).toBe('ready');
    expect((await t.api.call('search.query', { query: DOC_TEXT, mode: 'keyword' })).length).toBeGreaterThan(0);

    const thread = await t.api.call('threads.create', {});
    const started = await t.api.call('chat.send', { threadId: thread.id, text: `Tell me about ${CHAT_TEXT}.` });
    await done(t, started.assistantMessage.id);
    expect((await t.api.call('chat.search', { query: CHAT_TEXT })).length).toBeGreaterThan(0);
    // Before deleting, the markers are in the library (so the test can see them).
    expect(holders(t.dataDir, DOC_TEXT).length).toBeGreaterThan(0);
    expect(holders(t.dataDir, CHAT_TEXT).length).toBeGreaterThan(0);

    await t.api.call('documents.remove', { id: doc.id });
    await t.api.call('threads.delete', { id: thread.id });

    // While the engine is still open: the WAL and the database hold nothing of them.
    expect(holders(t.dataDir, DOC_TEXT), 'document text').toEqual([]);
    expect(holders(t.dataDir, DOC_NAME), 'document name').toEqual([]);
    expect(holders(t.dataDir, CHAT_TEXT), 'chat text').toEqual([]);

    // The audit log records the removal by id and hash.
    const removed = (await t.api.call('audit.list', {})).find((e) => e.event === 'document.removed')!;
    expect(removed.subject).toBe(doc.id);
    expect(removed.detail).toMatchObject({ id: doc.id, sha256: doc.sha256 });

    const dataDir = t.dataDir;
    await t.runtime.shutdown();
    expect(holders(dataDir, DOC_TEXT), 'document text, closed').toEqual([]);
    expect(holders(dataDir, DOC_NAME), 'document name, closed').toEqual([]);
    expect(holders(dataDir, CHAT_TEXT), 'chat text, closed').toEqual([]);
    const db = new Database(join(dataDir, 'cellar.db'), { readonly: true });
    expect(db.pragma('secure_delete', { simple: true })).toBe(0); // per connection: the engine sets it on its own
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    db.close();
    // The rest of the library still works.
    t = await t.reopen();
    const hits = await t.api.call('search.query', { query: 'rota', mode: 'keyword' });
    expect(hits.map((h) => h.name)).toEqual(['rota.md']);
  }, 120_000);

  it('scrubs what an older Cellar left behind when the library opens', async () => {
    t = openTestEngine();
    await t.api.call('models.import', { path: modelPath('stories260K-chatml.gguf'), mode: 'reference' });
    const thread = await t.api.call('threads.create', {});
    const started = await t.api.call('chat.send', { threadId: thread.id, text: `Tell me about ${CHAT_TEXT}.` });
    await done(t, started.assistantMessage.id);
    const dataDir = t.dataDir;
    await t.runtime.shutdown();

    // An older Cellar: no auto-vacuum, no secure delete, FTS5 delete markers; it deleted the chat like this.
    const old = new Database(join(dataDir, 'cellar.db'));
    old.pragma('secure_delete = OFF');
    old.pragma('foreign_keys = ON');
    old.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 0)").run();
    old.pragma('auto_vacuum = NONE');
    old.exec('VACUUM');
    old.prepare('DELETE FROM threads WHERE id = ?').run(thread.id);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    expect(holders(dataDir, CHAT_TEXT).length, 'the residue the test expects').toBeGreaterThan(0);

    t = openTestEngine(dataDir);
    expect(holders(dataDir, CHAT_TEXT)).toEqual([]);
    expect(await t.api.call('chat.search', { query: CHAT_TEXT })).toEqual([]);
  }, 120_000);
});
