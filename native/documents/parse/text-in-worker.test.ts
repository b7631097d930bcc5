// CSV, HTML, Markdown and TXT are parsed in the parse thread, like PDF and DOCX: a large or
// pathological text file neither blocks the engine (it answers other calls meanwhile) nor
// escapes the parse time limit. The engine here is the built one (dist/native/engine.js, with
// parse-worker.js beside it), run as a child process the way the app runs it.
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridge } from '../../api/client.js';
import type { DocumentRecord } from '../../api/contract.js';
import { modelPath } from '../../testing/fixtures.js';
import { childChannel } from '../../transports/process-ipc.js';
import { parseDocument, type ParseError } from './index.js';
import { buildParseWorker } from './test-support.js';

const ENGINE = fileURLToPath(new URL('../../../dist/native/engine.js', import.meta.url));

let dir: string;
let csv: string;
let worker: Awaited<ReturnType<typeof buildParseWorker>>;

/** A 24 MB CSV of 400,000 quoted rows: seconds of work for papaparse and the row formatter. */
async function writeBigCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,name,notes,amount\n');
  for (let block = 0; block < 400; block++) {
    let text = '';
    for (let i = block * 1000; i < (block + 1) * 1000; i++) {
      text += `${i},Patient ${i},"a note, with a comma and ""quotes"" ${i}",${i * 3.5}\n`;
    }
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cellar-text-worker-'));
  csv = join(dir, 'ledger.csv');
  await writeBigCsv(csv);
  worker = await buildParseWorker();
});
afterAll(() => {
  worker?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string, ms = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('text formats in the parse thread', () => {
  it('the engine answers other calls while it reads a 24 MB CSV, and removing it stops the parse at once', async () => {
    const child: ChildProcess = fork(ENGINE, [], {
      env: { ...process.env, CELLAR_DATA_DIR: join(dir, 'library') },
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const client = createBridge({ timeoutMs: 60_000 });
    try {
      await new Promise<void>((resolve, reject) => {
        child.on('message', (m) => {
          if ((m as { type?: string } | null)?.type === 'ready') resolve();
        });
        child.once('exit', (code) => reject(new Error(`the engine exited (${code})`)));
      });
      client.attach(childChannel(child));
      const api = client.bridge;
      const bert = await api.call('models.import', { path: modelPath('tiny-random-bert.gguf'), mode: 'reference' });
      const collection = await api.call('collections.create', { name: 'Ledgers', embeddingModelId: bert.id });
      const parsing: DocumentRecord[] = [];
      api.on('documents.progress', (d) => {
        if (d.status === 'parsing') parsing.push(d);
      });
      await api.call('documents.add', { paths: [csv], collectionId: collection.id });
      const doc = await until(() => parsing[0], 'the parse to start');

      // While the file is parsed, every call is answered promptly (on the engine's own thread
      // it waited for the whole parse: seconds).
      const latencies: number[] = [];
      for (let i = 0; i < 8; i++) {
        const started = Date.now();
        expect((await api.call('system.ping', { echo: `ping ${i}` })).echo).toBe(`ping ${i}`);
        latencies.push(Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Bounds far above a quiet machine's (a few ms) and far below the old blocking (3.5-18 s), so
      // a loaded CI machine does not fail them.
      expect(Math.max(...latencies), `ping latencies ${latencies.join(', ')} ms`).toBeLessThan(1_500);
      const [still] = await api.call('documents.list', { collectionId: collection.id });
      expect(still?.status, 'the parse should still be running after the pings').toBe('parsing');

      // Removing it aborts the parse: the thread is terminated, not waited for.
      const started = Date.now();
      await api.call('documents.remove', { id: doc.id });
      expect(await api.call('documents.list', { collectionId: collection.id })).toEqual([]);
      expect((await api.call('system.ping', { echo: 'after' })).echo).toBe('after');
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      client.detach('test over');
      child.kill('SIGKILL');
    }
  }, 120_000);

  it('the parse time limit fires on a CSV, and the calling thread stays free meanwhile', async () => {
    let ticks = 0;
    let worstGap = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
      ticks++;
    }, 20);
    const started = Date.now();
    try {
      const error = (await parseDocument(csv, { ocr: false, worker: worker.url, timeoutMs: 500 }).catch(
        (e: unknown) => e,
      )) as ParseError;
      expect(error.code).toBe('TIMEOUT');
      expect(error.message).toMatch(/ledger\.csv took longer than 1 s to read and was stopped/);
    } finally {
      clearInterval(timer);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(ticks).toBeGreaterThan(10);
    expect(worstGap).toBeLessThan(1_000);
  });
});
