#!/usr/bin/env node
// `npm run bench`: build the app (scripts/build.js: the engine, CLI, harness
// and renderer the benchmarks drive), bundle each benchmark with esbuild into
// bench/results/.build/ (git-ignored), then run them one after another, each
// in its own Node process. Every table is printed and each benchmark writes
// bench/results/<name>.json.
//
// Usage: node bench/run.js [generation] [ingestion] [retrieval-scale] [retrieval-quality] [startup]
//          [--model PATH] [--embedding-model PATH] [--sizes 10000,100000] [--no-build] [...]
// Names pick benchmarks (default: all, in the order above); every other
// argument is passed to each benchmark, which ignores flags it does not know.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}bench/results/.build`;
const BENCHMARKS = ['generation', 'ingestion', 'retrieval-scale', 'retrieval-quality', 'startup'];
// Run only when named: `npm run eval` (real models, bench/eval.ts).
const ON_REQUEST = ['eval'];

const args = process.argv.slice(2);
const known = [...BENCHMARKS, ...ON_REQUEST];
const chosen = args.filter((a) => known.includes(a));
const forwarded = args.filter((a) => !known.includes(a) && a !== '--no-build');
const names = chosen.length ? chosen : BENCHMARKS;

const started = Date.now();
if (!args.includes('--no-build')) {
  const app = spawnSync(process.execPath, ['scripts/build.js'], { cwd: root, stdio: 'inherit' });
  if (app.status !== 0) process.exit(app.status ?? 1);
}
mkdirSync(out, { recursive: true });
await build({
  entryPoints: {
    ...Object.fromEntries(names.map((name) => [name, `bench/${name}.ts`])),
    // Beside the bundles, so parseDocument runs PDFs and DOCX in a worker thread as the engine does.
    'parse-worker': 'native/documents/parse/worker.ts',
  },
  outdir: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
});

const summary = [];
for (const name of names) {
  console.log(`\n=== bench: ${name}`);
  const t0 = Date.now();
  const run = spawnSync(process.execPath, ['--expose-gc', `${out}/${name}.js`, ...forwarded], {
    cwd: root,
    stdio: 'inherit',
  });
  summary.push({ name, status: run.status ?? run.signal, seconds: Math.round((Date.now() - t0) / 1000) });
}
console.log('\n=== bench summary');
for (const s of summary)
  console.log(`${s.name.padEnd(18)} ${s.status === 0 ? 'ok    ' : `FAILED (${s.status})`} ${s.seconds} s`);
console.log(`total ${Math.round((Date.now() - started) / 1000)} s; results in bench/results/`);
process.exit(summary.every((s) => s.status === 0) ? 0 : 1);
