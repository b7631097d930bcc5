import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../api/errors.js';
import type { Message } from '../api/contract.js';
import { openDatabase } from '../storage/database.js';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../storage/migrations.js';
import { CORPUS_DIR, modelPath, tempDataDir } from '../testing/fixtures.js';
import { openTestEngine, stageModel, type TestEngine } from '../testing/engine.js';
import { EngineLog } from './log.js';

let t: TestEngine;
let files: { dir: string; cleanup: () => void };

beforeEach(() => {
  t = openTestEngine();
  files = tempDataDir('cellar-trust-');
});
afterEach(async () => {
  await t.dispose();
  files.cleanup();
});

async function failure(promise: Promise<unknown>): Promise<Error & { code?: ApiError['code'] }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('the egress guard', () => {
  it('blocks a fetch to an outside host from the engine and records it in the ledger', async () => {
    const error = await failure(fetch('https://example.com/tracker?id=secret'));
    expect(String(error.cause ?? error.message)).toMatch(/Blocked by Cellar/);
    const other = await failure(
      new Promise((resolve, reject) => http.get('http://10.20.30.40/', resolve).on('error', reject)),
    );
    expect(other.message).toMatch(/Blocked by Cellar/);
    const ledger = await t.api.call('privacy.ledger', {});
    expect(ledger.blocked).toBe(2);
    expect(ledger.allowed).toBe(0);
    expect(ledger.entries.map((e) => [e.host, e.process, e.allowed, e.purpose])).toEqual([
      ['10.20.30.40', 'engine', false, 'unexpected'],
      ['example.com', 'engine', false, 'unexpected'],
    ]);
    // Only the host is kept: no path, no query.
    expect(JSON.stringify(ledger)).not.toContain('secret');
  });

  it('lets loopback through without a ledger entry', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    server.close();
    expect((await t.api.call('privacy.ledger', {})).entries).toEqual([]);
  });

  it('allows a started download to its host and its redirect target only, only while it runs, never offline', async () => {
    const guard = t.engine.egress;
    const fake = (async (input: Parameters<typeof fetch>[0]) => {
      const url = new URL(String(input));
      if (url.hostname === 'huggingface.co')
        return new Response(null, { status: 302, headers: { location: 'https://cdn-lfs.hf.co/file' } });
      return new Response('bytes');
    }) as typeof fetch;
    expect(guard.check('huggingface.co').allowed).toBe(false); // nothing started yet
    const gate = guard.download('dl-1', 'model download: Tiny Q4', fake);
    expect(guard.check('cdn-lfs.hf.co').allowed).toBe(false); // not until the download is redirected there
    await gate.fetch('https://huggingface.co/org/repo/resolve/main/tiny.gguf');
    expect(guard.check('huggingface.co').allowed).toBe(true);
    expect(guard.check('cdn-lfs.hf.co').allowed).toBe(true);
    await gate.fetch('https://cdn-lfs.hf.co/file');
    expect(guard.check('cdn-lfs.hf.co').allowed).toBe(true);
    expect((await failure(gate.fetch('https://evil.example/x'))).message).toMatch(/not part of this download/);
    await t.api.call('settings.update', { offline: true });
    expect(guard.check('huggingface.co')).toMatchObject({ allowed: false, reason: 'offline mode is on' });
    await t.api.call('settings.update', { offline: false });
    gate.close();
    expect(guard.check('huggingface.co').allowed).toBe(false);
    const ledger = await t.api.call('privacy.ledger', {});
    expect(ledger.entries.find((e) => e.allowed)?.purpose).toBe('model download: Tiny Q4');
  });

  it('records what the window reports as blocked', async () => {
    await t.api.call('privacy.report', { host: 'fonts.example.com', purpose: 'a remote font in a document' });
    const [entry] = (await t.api.call('privacy.ledger', {})).entries;
    expect(entry).toMatchObject({ process: 'renderer', host: 'fonts.example.com', allowed: false });
  });
});

describe('the audit log', () => {
  it('records security-relevant changes, refuses edits, and exports CSV', async () => {
    const model = await t.api.call('models.import', {
      path: stageModel(files.dir, 'stories260K.gguf'),
      mode: 'reference',
    });
    await t.api.call('models.load', { id: model.id });
    const bert = await t.api.call('models.import', { path: modelPath('tiny-random-bert.gguf'), mode: 'reference' });
    const collection = await t.api.call('collections.create', { name: 'Patients', embeddingModelId: bert.id });
    const added = await t.api.call('documents.add', {
      paths: [join(CORPUS_DIR, 'md', 'simple-table.md')],
      collectionId: collection.id,
    });
    await t.engine.documents.queue.whenIdle();
    await t.api.call('documents.remove', { id: added.documents[0]!.id });
    const preset = await t.api.call('presets.save', { name: 'Triage', text: 'Be brief.' });
    await t.api.call('presets.save', { id: preset.id, name: 'Triage', text: 'Be brief and =cite.' });
    await t.api.call('settings.update', { offline: true });

    const entries = await t.api.call('audit.list', {});
    const events = entries.map((e) => e.event).reverse();
    expect(events).toEqual([
      'model.imported',
      'model.loaded',
      'model.imported',
      'collection.created',
      'document.added',
      'document.removed',
      'preset.saved',
      'preset.saved',
      'settings.changed',
    ]);
    const changed = entries.find((e) => e.event === 'preset.saved')!;
    expect(changed.detail).toMatchObject({ oldText: 'Be brief.', newText: 'Be brief and =cite.' });
    expect(entries[0]).toMatchObject({
      event: 'settings.changed',
      subject: 'offline',
      detail: { oldValue: false, newValue: true },
    });

    const db = new Database(join(t.dataDir, 'cellar.db'));
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_log SET subject = 'x'").run()).toThrow(/append-only/);
    db.close();

    const { csv, fileName } = await t.api.call('audit.export');
    expect(fileName).toMatch(/^cellar-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,time,event,subject,detail');
    expect(lines).toHaveLength(11); // the header, nine events, and the export itself
    expect(csv).not.toMatch(/,=cite/);
    expect((await t.api.call('audit.list', { limit: 1 }))[0]!.event).toBe('audit.exported');
  });
});

describe('nothing leaks at rest', () => {
  it('the engine log holds ids and sizes, never document text, prompts or answers', async () => {
    const bert = await t.api.call('models.import', { path: modelPath('tiny-random-bert.gguf'), mode: 'reference' });
    const collection = await t.api.call('collections.create', { name: 'Secret', embeddingModelId: bert.id });
    const secretFile = join(files.dir, 'patient.txt');
    writeFileSync(secretFile, 'Patient Jane Quixotic was diagnosed with zebrafish syndrome on March 3.');
    await t.api.call('documents.add', { paths: [secretFile], collectionId: collection.id });
    await t.engine.documents.queue.whenIdle();
    const chat = await t.api.call('models.import', {
      path: stageModel(files.dir, 'stories260K.gguf'),
      mode: 'reference',
    });
    const thread = await t.api.call('threads.create', { modelId: chat.id });
    await t.api.call('threads.update', { id: thread.id, collectionIds: [collection.id], sampling: { maxTokens: 30 } });
    const done = new Promise<Message>((resolve) => {
      const off = t.api.on('chat.done', ({ message }) => (off(), resolve(message)));
    });
    await t.api.call('chat.send', { threadId: thread.id, text: 'What about zebrafish syndrome for Quixotic?' });
    const answer = await done;

    const log = readFileSync(join(t.dataDir, 'logs', 'engine.log'), 'utf8');
    expect(log).toContain('"event":"document"');
    expect(log).toContain('"event":"answer"');
    for (const secret of ['Quixotic', 'zebrafish', 'patient.txt', answer.content.slice(0, 20)])
      expect(log).not.toContain(secret);
  });

  it('the log rotates at 1 MiB and keeps five files', () => {
    const log = new EngineLog(files.dir);
    for (let i = 0; i < 40_000; i++) log.write('tick', { i, padding: 'x'.repeat(150) });
    const names = readdirSync(join(files.dir, 'logs')).sort();
    expect(names).toEqual([
      'engine.log',
      'engine.log.1',
      'engine.log.2',
      'engine.log.3',
      'engine.log.4',
      'engine.log.5',
    ]);
    for (const name of names)
      expect(statSync(join(files.dir, 'logs', name)).size).toBeLessThanOrEqual(1024 * 1024 + 1024);
  });

  it('"Delete everything" wipes the library, indexes, copied models and documents, and logs; files used in place stay', async () => {
    const referenced = stageModel(files.dir, 'stories260K.gguf');
    await t.api.call('models.import', { path: referenced, mode: 'reference' });
    const bert = await t.api.call('models.import', { path: modelPath('tiny-random-bert.gguf'), mode: 'copy' });
    const collection = await t.api.call('collections.create', { name: 'Gone', embeddingModelId: bert.id });
    await t.api.call('documents.add', { paths: [join(CORPUS_DIR, 'md', 'codeblock.md')], collectionId: collection.id });
    await t.engine.documents.queue.whenIdle();
    expect(readdirSync(t.dataDir).sort()).toEqual(expect.arrayContaining(['cellar.db', 'documents', 'logs', 'models']));

    const refused = await failure(t.api.call('library.wipe', { confirm: 'yes' as never }));
    expect(refused.code).toBe('BAD_PARAMS');
    const wiped = new Promise((resolve) => t.api.on('library.wiped', resolve));
    await t.api.call('library.wipe', { confirm: 'DELETE EVERYTHING' });
    await wiped;
    expect(await t.api.call('models.list')).toEqual([]);
    expect(await t.api.call('collections.list')).toEqual([]);
    expect(existsSync(join(t.dataDir, 'documents'))).toBe(false);
    expect(existsSync(join(t.dataDir, 'models'))).toBe(false);
    expect(existsSync(referenced)).toBe(true);
    expect((await t.api.call('audit.list', {})).map((e) => e.event)).toEqual(['library.wiped']);
    expect(readFileSync(join(t.dataDir, 'logs', 'engine.log'), 'utf8')).not.toContain('"event":"document"');
  });
});

describe('storage faults', () => {
  it('a library from an older schema is backed up, then migrated', () => {
    const dir = tempDataDir();
    try {
      const old = new Database(join(dir.dir, 'cellar.db'));
      migrate(old, MIGRATIONS.slice(0, 1));
      old.prepare("INSERT INTO settings (key, value) VALUES ('offline', 'true')").run();
      old.close();
      const { db, schemaVersion } = openDatabase(dir.dir);
      expect(schemaVersion).toBe(SCHEMA_VERSION);
      expect(db.prepare("SELECT value FROM settings WHERE key = 'offline'").pluck().get()).toBe('true');
      db.close();
      const backups = readdirSync(dir.dir).filter((f) => f.endsWith('.bak'));
      expect(backups).toHaveLength(1);
      const backup = new Database(join(dir.dir, backups[0]!), { readonly: true });
      expect(backup.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(1);
      backup.close();
      // Opening an up-to-date library takes no further backup.
      openDatabase(dir.dir).db.close();
      expect(readdirSync(dir.dir).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
    } finally {
      dir.cleanup();
    }
  });
});
