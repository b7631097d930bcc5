// parseDocument through the real worker-thread bundle (built here with esbuild, as scripts/build.js does
// for dist/native/parse-worker.js): results and errors cross the thread, timeouts and aborts kill it,
// and OCR in that thread (and tesseract's own thread) opens no socket and makes no fetch.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../../testing/fixtures.js';
import { parseDocument, parseDocumentInProcess, parseThreadsStarted } from './index.js';
import { buildParseWorker } from './test-support.js';

const pdf = (name: string) => join(CORPUS_DIR, 'pdf', name);
let worker: Awaited<ReturnType<typeof buildParseWorker>>;

beforeAll(async () => {
  worker = await buildParseWorker();
});
afterAll(() => worker?.cleanup());

describe('parseDocument in a worker thread', () => {
  it('returns the same document as in-process parsing', async () => {
    const [threaded, inline] = await Promise.all([
      parseDocument(pdf('tracemonkey.pdf'), { ocr: false, worker: worker.url }),
      parseDocumentInProcess(pdf('tracemonkey.pdf'), { ocr: false }),
    ]);
    expect(threaded).toEqual(inline);
    expect(threaded.pages).toHaveLength(14);
  });

  it('brings typed errors back across the thread', async () => {
    await expect(
      parseDocument(pdf('libreoffice-writer-password.pdf'), {
        ocr: false,
        worker: worker.url,
        displayName: 'Contract.pdf',
      }),
    ).rejects.toMatchObject({
      name: 'ParseError',
      code: 'PASSWORD_REQUIRED',
      message: 'Contract.pdf needs a password: enter it to index this file.',
    });
    // Checks that need no parsing happen before any thread starts.
    await expect(
      parseDocument(pdf('tracemonkey.pdf'), { ocr: false, worker: worker.url, maxBytes: 10 }),
    ).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('on timeout throws TIMEOUT promptly and kills the thread mid-OCR', async () => {
    const progress: string[] = [];
    const started = performance.now();
    await expect(
      parseDocument(pdf('TAMReview.pdf'), {
        ocr: true,
        pages: [2, 3, 4],
        timeoutMs: 1500,
        worker: worker.url,
        onProgress: (p) => progress.push(`${p.page}:${p.phase}`),
      }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/^TAMReview\.pdf took longer than 2 s .*page 2/),
    });
    expect(performance.now() - started).toBeLessThan(2500);
    const atTimeout = [...progress];
    expect(atTimeout[0]).toBe('2:text');
    // A live thread would go on to page 3 within ~3 s (OCR of page 2 takes ~2.5 s); a terminated one says nothing more.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(progress).toEqual(atTimeout);
  });

  it('on abort rejects with the signal reason', async () => {
    const controller = new AbortController();
    const parsing = parseDocument(pdf('loremipsum-flat.pdf'), {
      ocr: true,
      worker: worker.url,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('user cancelled')), 200);
    await expect(parsing).rejects.toThrow('user cancelled');
    const already = AbortSignal.abort();
    await expect(
      parseDocument(pdf('tracemonkey.pdf'), { ocr: false, worker: worker.url, signal: already }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reads file after file in one thread, and starts a new one after an abort', async () => {
    // Its own heap size, so no thread left idle by the tests above is taken.
    const options = { ocr: false, worker: worker.url, workerHeapMb: 2048 };
    const before = parseThreadsStarted();
    const first = await parseDocument(pdf('tracemonkey.pdf'), options);
    expect((await parseDocument(pdf('issue16538.pdf'), options)).pages).toHaveLength(1);
    await expect(parseDocument(pdf('libreoffice-writer-password.pdf'), options)).rejects.toMatchObject({
      code: 'PASSWORD_REQUIRED',
    });
    // Nothing carries over from one file to the next.
    expect(await parseDocument(pdf('tracemonkey.pdf'), options)).toEqual(first);
    expect(parseThreadsStarted() - before).toBe(1);

    const controller = new AbortController();
    const parsing = parseDocument(pdf('TAMReview.pdf'), { ...options, ocr: true, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 100);
    await expect(parsing).rejects.toThrow('user cancelled');
    expect(parseThreadsStarted() - before).toBe(1);
    expect((await parseDocument(pdf('issue16538.pdf'), options)).pages).toHaveLength(1);
    expect(parseThreadsStarted() - before).toBe(2);
  });

  it('without a built worker beside the module (vitest on sources) falls back to in-process', async () => {
    const doc = await parseDocument(join(CORPUS_DIR, 'csv', 'stanley-cups.csv'), { ocr: false });
    expect(doc.title).toBe('Stanley Cups');
  });

  it('in-process, timeoutMs still applies', async () => {
    await expect(
      parseDocument(pdf('loremipsum-flat.pdf'), { ocr: true, worker: false, timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});

// Loaded with --require into the main thread AND every worker thread (Node runs preloads in workers):
// any socket, DNS lookup, HTTP request or fetch is written to a log and refused.
const GUARD = `
const fs = require('node:fs');
const { threadId } = require('node:worker_threads');
const log = process.env.CELLAR_NET_GUARD_LOG;
const record = (what) => { fs.appendFileSync(log, threadId + ' ' + what + '\\n'); return new Error('network blocked: ' + what); };
const net = require('node:net');
net.Socket.prototype.connect = function (...args) { throw record('socket ' + JSON.stringify(args[0] && (args[0].host || args[0].path || args[0]))); };
const tls = require('node:tls');
tls.connect = () => { throw record('tls'); };
const dns = require('node:dns');
dns.lookup = (host) => { throw record('dns ' + host); };
dns.promises.lookup = async (host) => { throw record('dns ' + host); };
for (const mod of [require('node:http'), require('node:https')]) {
  mod.request = (u) => { throw record('http ' + String(u && (u.href || u.host || u))); };
  mod.get = mod.request;
}
globalThis.fetch = async (u) => { throw record('fetch ' + String(u)); };
`;

// Runs the worker bundle on one file; proves the guard is live in the main thread and in a worker first.
const RUNNER = `
import { Worker } from 'node:worker_threads';
const [workerPath, file] = process.argv.slice(2);
await fetch('http://guard-check.invalid/main').catch(() => {});
await new Promise((resolve) => new Worker("fetch('http://guard-check.invalid/worker').catch(() => {})", { eval: true }).on('exit', resolve));
const w = new Worker(new URL(workerPath));
w.postMessage({ path: file, options: { ocr: true } });
w.on('message', (m) => {
  if (m.type === 'done') {
    const page = m.result.pages[0];
    console.log(JSON.stringify({ ok: true, ocr: page.ocr, lorem: page.text.startsWith('Lorem ipsum') }));
    process.exit(0);
  }
  if (m.type === 'error') {
    console.log(JSON.stringify({ ok: false, code: m.code }));
    process.exit(1);
  }
});
w.on('error', (e) => { console.log(JSON.stringify({ ok: false, crash: e.name })); process.exit(2); });
`;

describe('offline', () => {
  it('OCR in the worker thread (and tesseract.js thread) makes no network call at all', async () => {
    const guard = join(worker.dir, 'net-guard.cjs');
    const runner = join(worker.dir, 'run-ocr.mjs');
    const log = join(worker.dir, 'net.log');
    writeFileSync(guard, GUARD);
    writeFileSync(runner, RUNNER);
    writeFileSync(log, '');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--require', guard, runner, worker.url.href, pdf('loremipsum-flat.pdf')],
      {
        env: { ...process.env, CELLAR_NET_GUARD_LOG: log },
        timeout: 60_000,
      },
    );
    expect(JSON.parse(stdout.trim())).toEqual({ ok: true, ocr: true, lorem: true });
    const attempts = readFileSync(log, 'utf8').trim().split('\n');
    // Only the two deliberate probes: the guard was live in both kinds of thread, and nothing else called out.
    expect(attempts).toHaveLength(2);
    expect(attempts.every((line) => line.includes('guard-check.invalid'))).toBe(true);
    expect(fileURLToPath(worker.url)).toMatch(/parse-worker\.js$/);
  });
});
