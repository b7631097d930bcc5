/**
 * Start-up and footprint, each against a baseline from the same run:
 *
 *  - Engine start to ready: dist/native/engine.js forked with an IPC channel, as the
 *    Node supervisor launches it, timed from fork() to its {type: 'ready'} message
 *    (and to the first answered call, system.info). First start (new library: schema
 *    created) and restart (existing library), against a bare Node child that says
 *    ready at once (the cost of a Node process itself).
 *  - Renderer first paint: the built UI served by the harness (dist/native/harness.js)
 *    in Chromium (Playwright, /usr/bin/chromium), first-contentful-paint from
 *    performance.getEntriesByType('paint'), against a one-line static page from a
 *    loopback server in this process. A fresh browser context per run (cold cache).
 *  - Idle RSS of the engine process (VmRSS from /proc) with no model, then with a chat
 *    model loaded (--model, default stories260K.gguf), against the bare Node child.
 *
 * Options: --runs N (5), --model PATH
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';
import { createBridge } from '../native/api/client.js';
import { childChannel } from '../native/transports/process-ipc.js';
import {
  int,
  log,
  median,
  mib,
  modelFile,
  options,
  procMemory,
  requireDist,
  ROOT,
  round,
  sleep,
  table,
  tempDir,
  writeResult,
} from './lib/common.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.js';
import { stopChild, waitForReady } from './lib/engine-client.js';

const opts = options({ runs: { type: 'string' }, model: { type: 'string' } });
const runs = Math.max(3, int(opts, 'runs', 5));
const modelPath = modelFile(opts, 'model', 'stories260K.gguf');
const work = tempDir('startup');
const tables: string[] = [];

// ---------------------------------------------------------------- engine start to ready

const bare = join(work.dir, 'bare-child.mjs');
writeFileSync(
  bare,
  "process.send({ type: 'ready', pid: process.pid });\nprocess.on('disconnect', () => process.exit(0));\n",
);
const engineEntry = requireDist('native/engine.js');
const restartDir = join(work.dir, 'restart-library');

async function start(kind: 'bare' | 'first' | 'restart', dataDir?: string) {
  const t0 = performance.now();
  const child = fork(kind === 'bare' ? bare : engineEntry, [], {
    env: { ...process.env, ...(dataDir ? { CELLAR_DATA_DIR: dataDir } : {}) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await waitForReady(child);
  let answered = ready;
  if (kind !== 'bare') {
    const client = createBridge();
    client.attach(childChannel(child));
    await client.bridge.call('system.info');
    answered = performance.now();
    client.detach('done');
  }
  return { child, readyMs: ready - t0, answeredMs: answered - t0 };
}

async function stop(child: ChildProcess, kind: 'bare' | 'engine'): Promise<void> {
  if (kind === 'bare') {
    child.disconnect();
    await new Promise((resolve) => child.once('exit', resolve));
  } else await stopChild(child);
}

log('engine start to ready');
// The restart library exists before the runs (created by one untimed start).
await stop((await start('restart', restartDir)).child, 'engine');
const startTimes = { bare: [] as number[], first: [] as number[], restart: [] as number[] };
const answerTimes = { first: [] as number[], restart: [] as number[] };
for (let r = 0; r < runs; r++) {
  for (const kind of ['bare', 'first', 'restart'] as const) {
    const dir = kind === 'first' ? join(work.dir, `first-${r}`) : kind === 'restart' ? restartDir : undefined;
    const s = await start(kind, dir);
    startTimes[kind].push(s.readyMs);
    if (kind !== 'bare') answerTimes[kind].push(s.answeredMs);
    await stop(s.child, kind === 'bare' ? 'bare' : 'engine');
  }
}
const med = (v: number[]) => round(median(v), 1);
const engineStart = {
  bareNodeMs: med(startTimes.bare),
  firstStartMs: med(startTimes.first),
  restartMs: med(startTimes.restart),
  firstStartAnsweredMs: med(answerTimes.first),
  restartAnsweredMs: med(answerTimes.restart),
  runs: { ...startTimes, answered: answerTimes },
};
tables.push(
  table(
    `Engine start to ready (fork → {type: 'ready'}; → first answered call), median of ${runs}`,
    ['process', 'ready ms', 'first call answered ms', 'vs bare Node child'],
    [
      ['bare Node child (baseline)', engineStart.bareNodeMs, null, 1],
      [
        'engine, new library (schema created)',
        engineStart.firstStartMs,
        engineStart.firstStartAnsweredMs,
        round(engineStart.firstStartMs / engineStart.bareNodeMs, 2),
      ],
      [
        'engine, existing library (restart)',
        engineStart.restartMs,
        engineStart.restartAnsweredMs,
        round(engineStart.restartMs / engineStart.bareNodeMs, 2),
      ],
    ],
  ),
);

// What the engine's start pays for: each package its bundle imports, loaded alone in a fresh Node.
log("import cost of the engine bundle's packages");
const bundle = readFileSync(engineEntry, 'utf8');
const packages = [...new Set([...bundle.matchAll(/\bfrom "([^"./][^"]*)";/g)].map((m) => m[1]!))]
  .filter((p) => !p.startsWith('node:'))
  .sort();
const importMs = async (pkg: string | null): Promise<number> => {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const code = pkg ? `await import(${JSON.stringify(pkg)});` : '';
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, stdio: 'ignore' });
    child.once('exit', (c) => (c === 0 ? resolve() : reject(new Error(`import ${pkg} failed (${c})`))));
  });
  return performance.now() - t0;
};
const importSamples = new Map<string, number[]>([['(none)', []], ...packages.map((p): [string, number[]] => [p, []])]);
for (let r = 0; r < 3; r++) {
  for (const name of importSamples.keys())
    importSamples.get(name)!.push(await importMs(name === '(none)' ? null : name));
}
const nodeAlone = median(importSamples.get('(none)')!);
const imports = packages
  .map((p) => ({ package: p, ms: round(median(importSamples.get(p)!), 0), addedMs: 0 }))
  .map((i) => ({ ...i, addedMs: round(i.ms - nodeAlone, 0) }))
  .sort((a, b) => b.addedMs - a.addedMs);
tables.push(
  table(
    'What engine start pays for: each package of dist/native/engine.js imported alone in a fresh Node (median of 3)',
    ['package', 'node + import ms', 'added to an empty node ms'],
    [['(empty node, baseline)', round(nodeAlone, 0), 0], ...imports.map((i) => [i.package, i.ms, i.addedMs])],
  ),
);

// ---------------------------------------------------------------- idle RSS

log('idle RSS');
const settle = async (pid: number) => {
  await sleep(1500);
  global.gc?.();
  return procMemory(pid).rss;
};
const bareChild = await start('bare');
const bareRss = await settle(bareChild.child.pid!);
await stop(bareChild.child, 'bare');
const engine = await start('restart', restartDir);
const idleRss = await settle(engine.child.pid!);
const client = createBridge({ timeoutMs: 600_000 });
client.attach(childChannel(engine.child));
const record = await client.bridge.call('models.import', { path: modelPath, mode: 'reference' });
const state = await client.bridge.call('models.load', { id: record.id });
const loadedRss = await settle(engine.child.pid!);
client.detach('done');
await stopChild(engine.child);
const rss = {
  bareNodeMiB: mib(bareRss),
  engineIdleMiB: mib(idleRss),
  engineWithModelMiB: mib(loadedRss),
  model: basename(modelPath),
  modelFileMiB: mib(record.sizeBytes),
  contextSize: state.state === 'ready' ? state.model.contextSize : null,
};
tables.push(
  table(
    'Idle RSS of the engine process (VmRSS 1.5 s after the step)',
    ['process', 'RSS MiB', 'vs bare Node child'],
    [
      ['bare Node child (baseline)', rss.bareNodeMiB, null],
      ['engine, no model', rss.engineIdleMiB, `+${round(rss.engineIdleMiB - rss.bareNodeMiB, 1)} MiB`],
      [
        `engine, ${rss.model} loaded (${rss.modelFileMiB} MiB file, context ${rss.contextSize})`,
        rss.engineWithModelMiB,
        `+${round(rss.engineWithModelMiB - rss.bareNodeMiB, 1)} MiB`,
      ],
    ],
  ),
);

// ---------------------------------------------------------------- renderer first paint

log('renderer first paint in Chromium');
const harness = spawn(process.execPath, [requireDist('native/harness.js'), '--data-dir', join(work.dir, 'harness')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const appUrl = await new Promise<string>((resolve, reject) => {
  createInterface({ input: harness.stdout! }).once('line', (line) =>
    resolve((JSON.parse(line) as { url: string }).url),
  );
  harness.once('exit', (code) => reject(new Error(`the harness exited (${code})`)));
});
const plain = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end('<!doctype html><html><head><title>baseline</title></head><body><h1>Cellar</h1></body></html>');
});
await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
interface Paint {
  fcp: number;
  domContentLoaded: number;
  load: number;
}
const paint = async (url: string): Promise<Paint> => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const result = await page.evaluate(
    () =>
      new Promise<{ fcp: number; domContentLoaded: number; load: number }>((resolve) => {
        const read = () => {
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          if (!fcp) return false;
          resolve({
            fcp: fcp.startTime,
            domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN,
            load: nav?.loadEventEnd ?? NaN,
          });
          return true;
        };
        if (read()) return;
        new PerformanceObserver(() => read()).observe({ type: 'paint', buffered: true });
      }),
  );
  await context.close();
  return result;
};
await paint(plainUrl); // warm the browser process itself
await paint(appUrl);
const paints = { baseline: [] as Paint[], app: [] as Paint[] };
for (let r = 0; r < runs; r++) {
  paints.baseline.push(await paint(plainUrl));
  paints.app.push(await paint(appUrl));
}
await browser.close();
plain.close();
await stopChild(harness);
const pm = (list: Paint[], key: keyof Paint) => med(list.map((p) => p[key]));
const firstPaint = {
  baseline: { fcp: pm(paints.baseline, 'fcp'), dcl: pm(paints.baseline, 'domContentLoaded') },
  app: { fcp: pm(paints.app, 'fcp'), dcl: pm(paints.app, 'domContentLoaded'), load: pm(paints.app, 'load') },
  runs: paints,
};
tables.push(
  table(
    `Renderer first paint in Chromium (${CHROMIUM}), fresh context per run, median of ${runs}`,
    ['page', 'first-contentful-paint ms', 'DOMContentLoaded ms', 'FCP vs baseline'],
    [
      ['one-line static page (baseline)', firstPaint.baseline.fcp, firstPaint.baseline.dcl, null],
      [
        'Cellar UI from the harness',
        firstPaint.app.fcp,
        firstPaint.app.dcl,
        `+${round(firstPaint.app.fcp - firstPaint.baseline.fcp, 1)} ms`,
      ],
    ],
  ),
);

writeResult(
  'startup',
  { runs, model: modelPath, chromium: CHROMIUM },
  { engineStart, imports: { nodeAloneMs: round(nodeAlone, 0), packages: imports }, rss, firstPaint },
  tables,
);
work.cleanup();
process.exit(0);
