/**
 * Real downloads from a local HTTP server on 127.0.0.1 that behaves like
 * Hugging Face: the resolve URL answers 302 with X-Linked-Etag/X-Linked-Size
 * and the file itself is served with Range support, optionally trickled so a
 * download can be paused halfway.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogEntry, DownloadRecord } from '../api/models.js';
import { openDatabase } from '../storage/database.js';
import { sharedLlama } from '../system/llama.js';
import { modelPath, tempDataDir } from '../testing/fixtures.js';
import { DownloadManager, OFFLINE_MESSAGE, parseSha256Etag } from './downloads.js';
import { ModelLibrary } from './library.js';

const FIXTURE = readFileSync(modelPath('stories260K.gguf'));
const FIXTURE_SHA = createHash('sha256').update(FIXTURE).digest('hex');
const WRONG_SHA = 'f'.repeat(64);

interface ServedRequest {
  path: string;
  range: string | undefined;
}

/** How the fake Hugging Face behaves; each test sets what it needs. */
interface ServerBehaviour {
  linkedEtag: string | null;
  /** Bytes per write and pause between writes; null sends the file at once. */
  trickle: { chunk: number; delayMs: number } | null;
  ignoreRange: boolean;
}

class FakeHub {
  readonly requests: ServedRequest[] = [];
  behaviour: ServerBehaviour = { linkedEtag: `"${FIXTURE_SHA}"`, trickle: null, ignoreRange: false };
  #server: Server = createServer((req, res) => void this.#handle(req, res));
  base = '';

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    this.requests.push({ path, range: req.headers.range });
    if (path === '/test/tiny/resolve/main/stories260K.gguf') {
      // Hugging Face answers the resolve URL with a redirect to its CDN, and the LFS hash in X-Linked-Etag.
      const headers: Record<string, string> = {
        location: '/cdn/stories260K.gguf',
        'x-linked-size': String(FIXTURE.length),
      };
      if (this.behaviour.linkedEtag) headers['x-linked-etag'] = this.behaviour.linkedEtag;
      res.writeHead(302, headers).end();
      return;
    }
    if (path === '/cdn/stories260K.gguf') return this.#serveFile(req, res);
    if (path === '/test/broken/resolve/main/broken.gguf') {
      res.writeHead(500, 'Internal Server Error').end('boom');
      return;
    }
    res.writeHead(404, 'Not Found').end('no such file');
  }

  async #serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (match && !this.behaviour.ignoreRange) {
      start = Number(match[1]);
      if (start >= FIXTURE.length) {
        res.writeHead(416, { 'content-range': `bytes */${FIXTURE.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-length': String(FIXTURE.length - start),
        'content-range': `bytes ${start}-${FIXTURE.length - 1}/${FIXTURE.length}`,
        'accept-ranges': 'bytes',
      });
    } else {
      res.writeHead(200, { 'content-length': String(FIXTURE.length), 'accept-ranges': 'bytes' });
    }
    const trickle = this.behaviour.trickle;
    if (!trickle) {
      res.end(FIXTURE.subarray(start));
      return;
    }
    for (let at = start; at < FIXTURE.length && !res.destroyed; at += trickle.chunk) {
      res.write(FIXTURE.subarray(at, Math.min(at + trickle.chunk, FIXTURE.length)));
      await new Promise((resolve) => setTimeout(resolve, trickle.delayMs));
    }
    res.end();
  }
}

const hub = new FakeHub();

function testCatalog(sha256: string | null = null): CatalogEntry[] {
  return [
    {
      id: 'stories',
      name: 'Stories 260K',
      publisher: 'Test',
      kind: 'chat',
      parameters: '260K',
      license: 'mit',
      description: 'A tiny test model.',
      recommended: true,
      files: [
        {
          quantization: 'F32',
          url: `${hub.base}/test/tiny/resolve/main/stories260K.gguf`,
          fileName: 'stories260K.gguf',
          sizeBytes: FIXTURE.length,
          sha256,
        },
      ],
    },
    {
      id: 'missing',
      name: 'Missing',
      publisher: 'Test',
      kind: 'chat',
      parameters: '0',
      license: 'mit',
      description: 'Not on the server.',
      recommended: false,
      files: [
        {
          quantization: 'Q4_K_M',
          url: `${hub.base}/test/missing/resolve/main/missing.gguf`,
          fileName: 'missing.gguf',
          sizeBytes: 1,
          sha256: null,
        },
      ],
    },
    {
      id: 'broken',
      name: 'Broken',
      publisher: 'Test',
      kind: 'chat',
      parameters: '0',
      license: 'mit',
      description: 'The server fails.',
      recommended: false,
      files: [
        {
          quantization: 'Q4_K_M',
          url: `${hub.base}/test/broken/resolve/main/broken.gguf`,
          fileName: 'broken.gguf',
          sizeBytes: 1,
          sha256: null,
        },
      ],
    },
  ];
}

interface Harness {
  dir: string;
  db: Database;
  library: ModelLibrary;
  manager: DownloadManager;
  events: DownloadRecord[];
  offline: { value: boolean };
  make(catalog?: CatalogEntry[]): DownloadManager;
}

let h: Harness;
let cleanup: () => void;

beforeAll(() => hub.listen());
afterAll(() => hub.close());

beforeEach(() => {
  const temp = tempDataDir('cellar-downloads-');
  cleanup = temp.cleanup;
  const { db } = openDatabase(temp.dir);
  const library = new ModelLibrary(db, temp.dir, sharedLlama);
  const events: DownloadRecord[] = [];
  const offline = { value: false };
  const make = (catalog = testCatalog()): DownloadManager =>
    new DownloadManager(db, temp.dir, library, {
      isOffline: () => offline.value,
      emit: (record) => events.push(record),
      catalog,
      progressIntervalMs: 10,
    });
  h = { dir: temp.dir, db, library, manager: make(), events, offline, make };
  hub.requests.length = 0;
  hub.behaviour = { linkedEtag: `"${FIXTURE_SHA}"`, trickle: null, ignoreRange: false };
});

afterEach(async () => {
  await h.manager.pauseAll();
  h.db.close();
  cleanup();
});

/** Resolve once an emitted record satisfies the condition. */
function waitForEvent(predicate: (record: DownloadRecord) => boolean, timeoutMs = 20_000): Promise<DownloadRecord> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      const hit = h.events.find(predicate);
      if (hit) return resolve(hit);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting for a download event'));
      setTimeout(poll, 5);
    };
    poll();
  });
}

describe('DownloadManager', () => {
  it('downloads a catalog file, verifies it against X-Linked-Etag and registers it in the library', async () => {
    const started = h.manager.start('stories', 'F32');
    expect(started.state).toBe('downloading');
    expect(started.url).toBe(`${hub.base}/test/tiny/resolve/main/stories260K.gguf`);

    const done = await h.manager.settled(started.id);
    expect(done.state).toBe('done');
    expect(done.doneBytes).toBe(FIXTURE.length);
    expect(done.totalBytes).toBe(FIXTURE.length);
    expect(done.error).toBeNull();

    const model = h.library.get(done.modelId ?? '');
    expect(model.sha256).toBe(FIXTURE_SHA);
    expect(model.source).toBe('catalog:stories');
    expect(model.storage).toBe('copied');
    expect(readFileSync(model.path).equals(FIXTURE)).toBe(true);
    expect(existsSync(h.manager.partialPath(started.id))).toBe(false);

    // The redirect was followed by hand, and the verified hash is recorded.
    expect(hub.requests.map((r) => r.path)).toEqual([
      '/test/tiny/resolve/main/stories260K.gguf',
      '/cdn/stories260K.gguf',
    ]);
    const row = h.db.prepare('SELECT expected_sha256 FROM downloads WHERE id = ?').get(started.id) as {
      expected_sha256: string;
    };
    expect(row.expected_sha256).toBe(FIXTURE_SHA);
    const states = h.events.filter((e) => e.id === started.id).map((e) => e.state);
    expect(states[0]).toBe('downloading');
    expect(states).toContain('verifying');
    expect(states.at(-1)).toBe('done');
    expect(h.manager.list()).toEqual([done]);
  });

  it('pauses midway, keeps the partial, and resumes with a Range request to a byte-identical file', async () => {
    hub.behaviour.trickle = { chunk: 16 * 1024, delayMs: 15 };
    const { id } = h.manager.start('stories', 'F32');
    await waitForEvent((e) => e.id === id && e.doneBytes >= 128 * 1024);

    const paused = await h.manager.pause(id);
    expect(paused.state).toBe('paused');
    expect(paused.doneBytes).toBeGreaterThan(0);
    expect(paused.doneBytes).toBeLessThan(FIXTURE.length);
    const partial = readFileSync(h.manager.partialPath(id));
    expect(partial.length).toBe(paused.doneBytes);
    expect(partial.equals(FIXTURE.subarray(0, partial.length))).toBe(true);

    hub.behaviour.trickle = null;
    hub.requests.length = 0;
    expect(h.manager.resume(id).state).toBe('downloading');
    const done = await h.manager.settled(id);
    expect(done.state).toBe('done');
    expect(hub.requests.every((r) => r.range === `bytes=${paused.doneBytes}-`)).toBe(true);
    expect(hub.requests).toHaveLength(2);
    const model = h.library.get(done.modelId ?? '');
    expect(model.sha256).toBe(FIXTURE_SHA);
    expect(readFileSync(model.path).equals(FIXTURE)).toBe(true);
  });

  it('starts over when the server ignores the Range request', async () => {
    mkdirSync(h.manager.downloadsDir, { recursive: true });
    const { id } = h.manager.start('stories', 'F32');
    await h.manager.settled(id);
    // A second download of the same file with a stale partial: the server answers 200, not 206.
    h.db.prepare("UPDATE downloads SET state = 'paused', model_id = NULL WHERE id = ?").run(id);
    writeFileSync(h.manager.partialPath(id), Buffer.from('stale bytes that are not the model'));
    hub.behaviour.ignoreRange = true;
    h.manager.resume(id);
    const done = await h.manager.settled(id);
    expect(done.state).toBe('done');
    expect(h.library.get(done.modelId ?? '').sha256).toBe(FIXTURE_SHA);
  });

  it('fails with CHECKSUM_MISMATCH when the server announces a different hash, registers nothing and deletes the partial', async () => {
    hub.behaviour.linkedEtag = `"${WRONG_SHA}"`;
    const { id } = h.manager.start('stories', 'F32');
    await expect(h.manager.settled(id)).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    const record = h.manager.get(id);
    expect(record.state).toBe('failed');
    expect(record.error).toContain(WRONG_SHA);
    expect(record.error).toContain(FIXTURE_SHA);
    expect(record.modelId).toBeNull();
    expect(h.library.list()).toEqual([]);
    expect(existsSync(h.manager.partialPath(id))).toBe(false);
  });

  it('fails with CHECKSUM_MISMATCH when the file does not match the catalog hash', async () => {
    hub.behaviour.linkedEtag = null;
    h.manager = h.make(testCatalog(WRONG_SHA));
    const { id } = h.manager.start('stories', 'F32');
    const error = await h.manager.settled(id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect((error as Error).message).toMatch(new RegExp(`should have SHA-256 ${WRONG_SHA} but has ${FIXTURE_SHA}`));
    expect(h.library.list()).toEqual([]);
    expect(existsSync(h.manager.partialPath(id))).toBe(false);
  });

  it('accepts a file that matches the catalog hash', async () => {
    h.manager = h.make(testCatalog(FIXTURE_SHA));
    const { id } = h.manager.start('stories', 'F32');
    expect((await h.manager.settled(id)).state).toBe('done');
  });

  it('refuses to start or resume while offline, and sends no request', async () => {
    h.offline.value = true;
    expect(() => h.manager.start('stories', 'F32')).toThrow(OFFLINE_MESSAGE);
    try {
      h.manager.start('stories', 'F32');
    } catch (error) {
      expect(error).toMatchObject({ code: 'OFFLINE' });
    }
    h.db
      .prepare(
        "INSERT INTO downloads (id, catalog_id, quantization, url, file_name, state) VALUES ('p1', 'stories', 'F32', 'x', 'stories260K.gguf', 'paused')",
      )
      .run();
    expect(() => h.manager.resume('p1')).toThrow(expect.objectContaining({ code: 'OFFLINE' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hub.requests).toEqual([]);
  });

  it('reports a 404 and a 500 as DOWNLOAD_FAILED with the status', async () => {
    const missing = h.manager.start('missing', 'Q4_K_M');
    await expect(h.manager.settled(missing.id)).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: expect.stringContaining('404 Not Found'),
    });
    expect(h.manager.get(missing.id)).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('missing.gguf'),
    });

    const broken = h.manager.start('broken', 'Q4_K_M');
    await expect(h.manager.settled(broken.id)).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: expect.stringContaining('500'),
    });
    expect(h.library.list()).toEqual([]);
  });

  it('only downloads what the catalog lists', () => {
    expect(() => h.manager.start('nope', 'Q4_K_M')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => h.manager.start('stories', 'Q2_K')).toThrow(/not offered as Q2_K; the catalog has F32/);
    expect(hub.requests).toEqual([]);
  });

  it('uses the catalog URL on resume, never the one stored in the row', async () => {
    h.db
      .prepare(
        "INSERT INTO downloads (id, catalog_id, quantization, url, file_name, state) VALUES ('r1', 'stories', 'F32', 'http://127.0.0.1:1/evil', 'stories260K.gguf', 'paused')",
      )
      .run();
    h.manager.resume('r1');
    expect((await h.manager.settled('r1')).state).toBe('done');
    expect(hub.requests[0]?.path).toBe('/test/tiny/resolve/main/stories260K.gguf');
  });

  it('lists a download interrupted by a restart as paused, and resumes it from its partial file', async () => {
    const half = Math.floor(FIXTURE.length / 2);
    h.db
      .prepare(
        `INSERT INTO downloads (id, catalog_id, quantization, url, file_name, state, done_bytes, total_bytes)
         VALUES ('d1', 'stories', 'F32', ?, 'stories260K.gguf', 'downloading', ?, ?)`,
      )
      .run(testCatalog()[0]?.files[0]?.url, half, FIXTURE.length);
    mkdirSync(h.manager.downloadsDir, { recursive: true });
    writeFileSync(h.manager.partialPath('d1'), FIXTURE.subarray(0, half));

    h.manager = h.make(); // a new engine on the same library
    expect(h.manager.list()).toEqual([expect.objectContaining({ id: 'd1', state: 'paused', doneBytes: half })]);

    h.manager.resume('d1');
    const done = await h.manager.settled('d1');
    expect(done.state).toBe('done');
    expect(hub.requests.map((r) => r.range)).toEqual([`bytes=${half}-`, `bytes=${half}-`]);
    expect(readFileSync(h.library.get(done.modelId ?? '').path).equals(FIXTURE)).toBe(true);
  });

  it('finishes a download whose bytes had all arrived before the interruption (416)', async () => {
    mkdirSync(h.manager.downloadsDir, { recursive: true });
    h.db
      .prepare(
        "INSERT INTO downloads (id, catalog_id, quantization, url, file_name, state) VALUES ('full', 'stories', 'F32', 'x', 'stories260K.gguf', 'paused')",
      )
      .run();
    writeFileSync(h.manager.partialPath('full'), FIXTURE);
    h.manager.resume('full');
    const done = await h.manager.settled('full');
    expect(done.state).toBe('done');
    expect(h.library.get(done.modelId ?? '').sha256).toBe(FIXTURE_SHA);
  });

  it('cancels a running download: the partial and the row are gone', async () => {
    hub.behaviour.trickle = { chunk: 8 * 1024, delayMs: 20 };
    const { id } = h.manager.start('stories', 'F32');
    await waitForEvent((e) => e.id === id && e.doneBytes > 0);
    await h.manager.cancel(id);
    expect(existsSync(h.manager.partialPath(id))).toBe(false);
    expect(h.manager.list()).toEqual([]);
    expect(() => h.manager.get(id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('survives the database closing under a running download, and the next engine lists it as paused', async () => {
    const other = tempDataDir('cellar-downloads-close-');
    try {
      const first = openDatabase(other.dir).db;
      const library = new ModelLibrary(first, other.dir, sharedLlama);
      const options = { isOffline: () => false, emit: () => {}, catalog: testCatalog(), progressIntervalMs: 10 };
      hub.behaviour.trickle = { chunk: 8 * 1024, delayMs: 20 };
      const manager = new DownloadManager(first, other.dir, library, options);
      const { id } = manager.start('stories', 'F32');
      await new Promise((resolve) => setTimeout(resolve, 100));
      first.close(); // shutdown without pauseAll: the transfer's next write to the table fails
      await new Promise((resolve) => setTimeout(resolve, 100));

      const second = openDatabase(other.dir).db;
      try {
        const restarted = new DownloadManager(second, other.dir, library, options);
        expect(restarted.get(id).state).toBe('paused');
      } finally {
        second.close();
      }
    } finally {
      other.cleanup();
    }
  });

  it('returns the running download instead of starting a second one', async () => {
    hub.behaviour.trickle = { chunk: 64 * 1024, delayMs: 10 };
    const first = h.manager.start('stories', 'F32');
    const second = h.manager.start('stories', 'F32');
    expect(second.id).toBe(first.id);
    await h.manager.settled(first.id);
    expect(h.manager.list()).toHaveLength(1);
  });
});

describe('parseSha256Etag', () => {
  it('accepts quoted, weak and bare SHA-256 values and ignores anything else', () => {
    expect(parseSha256Etag(`"${FIXTURE_SHA}"`)).toBe(FIXTURE_SHA);
    expect(parseSha256Etag(`W/"${FIXTURE_SHA.toUpperCase()}"`)).toBe(FIXTURE_SHA);
    expect(parseSha256Etag(FIXTURE_SHA)).toBe(FIXTURE_SHA);
    expect(parseSha256Etag('"5d41402abc4b2a76b9719d911017c592aabbccdd"')).toBeNull();
    expect(parseSha256Etag(null)).toBeNull();
  });
});
