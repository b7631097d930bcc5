/**
 * Ingestion throughput, three parts, each against a baseline from the same run:
 *
 * 1. PDF text extraction (OCR off), pages/s: the app's parseDocument in its worker
 *    thread (as IngestQueue runs PDFs) and in-process, against raw pdf.js
 *    (getDocument + getTextContent per page, nothing else). Median of --pdf-runs.
 * 2. Embedding, chunks/s: the app's EmbeddingHost.embed (one text at a time) against
 *    node-llama-cpp's getEmbeddingFor one by one, concurrent calls on one context,
 *    one context with every core, and a pool of one-thread contexts. Chunks are the
 *    corpus's own, cut by the app's chunker with the model's tokenizer.
 * 3. End to end, files/min: `documents.add` of a folder through the real IngestQueue
 *    (parse in a worker, OCR, chunk, embed, SQLite + FTS5 + HNSW) until the queue is
 *    idle, each run in a fresh process on a fresh library (so VmHWM is that run's
 *    peak). The corpus as it is (OCR included), then its text-only files (those that
 *    needed no OCR) at 1x, 4x and 16x copies.
 *
 * Options: --embedding-model PATH (default tiny-random-bert.gguf), --copies 4,16,
 *          --embed-chunks N (200), --pdf-runs N (2), --skip-ocr (leave the 1x full-corpus run out),
 *          --embedding-only (the embedding table alone)
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LlamaEmbeddingContext } from 'node-llama-cpp';
import { chunkPages } from '../native/documents/chunker.js';
import { parseDocument } from '../native/documents/parse/index.js';
import { documentParams, loadPdfJs } from '../native/documents/parse/pdfjs.js';
import { sharedLlama } from '../native/system/llama.js';
import { defaultThreadCount } from '../native/system/threads.js';
import {
  CORPUS_DIR,
  int,
  log,
  median,
  mib,
  modelFile,
  options,
  procMemory,
  round,
  rssSampler,
  str,
  table,
  tempDir,
  writeResult,
  type Options,
} from './lib/common.js';
import { createCollection, importModel, openLibrary } from './lib/library.js';

/** The one encrypted corpus PDF's open password (from the corpus README), so it counts like the others. */
const PASSWORDS: Record<string, string> = { 'libreoffice-writer-password.pdf': 'openpassword' };

const opts = options({
  phase: { type: 'string' },
  source: { type: 'string' },
  'embedding-model': { type: 'string' },
  copies: { type: 'string' },
  'embed-chunks': { type: 'string' },
  'pdf-runs': { type: 'string' },
  'skip-ocr': { type: 'boolean' },
  'embedding-only': { type: 'boolean' },
});
if (opts.phase === 'e2e') await e2eChild(opts);
else await main(opts);

async function main(opts: Options): Promise<void> {
  const embeddingModel = modelFile(opts, 'embedding-model', 'tiny-random-bert.gguf');
  const tables: string[] = [];
  // --embedding-only: the embedding table alone (a real model's throughput, without the minutes of ingestion runs).
  const only = opts['embedding-only'] === true;
  const pdf = only ? null : await pdfExtraction(int(opts, 'pdf-runs', 2), tables);
  const embedding = await embeddingThroughput(embeddingModel, int(opts, 'embed-chunks', 200), tables);
  const e2e = only ? null : await endToEnd(embeddingModel, opts, tables);
  writeResult(
    only ? `ingestion-embedding-${basename(embeddingModel, '.gguf')}` : 'ingestion',
    { embeddingModel, corpus: CORPUS_DIR, cores: availableParallelism() },
    { pdf, embedding, e2e },
    tables,
  );
  process.exit(0);
}

// ---------------------------------------------------------------- 1. PDF text extraction

async function pdfExtraction(runs: number, tables: string[]) {
  const dir = join(CORPUS_DIR, 'pdf');
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.pdf'))
    .sort();
  const pdfjs = await loadPdfJs();
  const raw = async (path: string): Promise<number> => {
    const data = new Uint8Array(readFileSync(path));
    const doc = await pdfjs.getDocument(documentParams({ data, password: PASSWORDS[basename(path)] })).promise;
    try {
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
        page.cleanup();
      }
      return doc.numPages;
    } finally {
      await doc.destroy();
    }
  };
  const app = async (path: string, worker: boolean): Promise<number> => {
    const parsed = await parseDocument(path, {
      ocr: false,
      password: PASSWORDS[basename(path)],
      ...(worker ? {} : { worker: false as const }),
    });
    return parsed.pages.length;
  };
  const arms = {
    raw: (p: string) => raw(p),
    inProcess: (p: string) => app(p, false),
    worker: (p: string) => app(p, true),
  };
  type Arm = keyof typeof arms;
  const perFile: Array<{ file: string; pages: Record<Arm, number | null>; ms: Record<Arm, number | null> }> = [];
  // Warm the module caches once (pdf.js import, fonts) so the first file does not pay for them.
  await raw(join(dir, files[0]!)).catch(() => 0);
  await app(join(dir, files[0]!), false).catch(() => 0);
  for (const file of files) {
    const path = join(dir, file);
    const samples: Record<Arm, number[]> = { raw: [], inProcess: [], worker: [] };
    const pages: Record<Arm, number | null> = { raw: null, inProcess: null, worker: null };
    for (let r = 0; r < runs; r++) {
      for (const arm of Object.keys(arms) as Arm[]) {
        const t0 = performance.now();
        try {
          pages[arm] = await arms[arm](path);
          samples[arm].push(performance.now() - t0);
        } catch {
          // Unreadable for this arm (pdf.js throws on the truncated file; the app recovers it): no timing.
        }
      }
    }
    const ms = Object.fromEntries(
      (Object.keys(arms) as Arm[]).map((a) => [a, samples[a].length ? round(median(samples[a]), 1) : null]),
    ) as Record<Arm, number | null>;
    perFile.push({ file, pages, ms });
  }
  // Totals over the files every arm could read, so the page counts match.
  const common = perFile.filter((f) => f.ms.raw !== null && f.ms.inProcess !== null && f.ms.worker !== null);
  const total = (arm: Arm) => ({
    pages: common.reduce((n, f) => n + (f.pages[arm] ?? 0), 0),
    ms: common.reduce((n, f) => n + (f.ms[arm] ?? 0), 0),
  });
  const totals = Object.fromEntries(
    (Object.keys(arms) as Arm[]).map((a) => {
      const t = total(a);
      return [a, { pages: t.pages, ms: round(t.ms, 1), pagesPerSecond: round(t.pages / (t.ms / 1000), 1) }];
    }),
  ) as Record<Arm, { pages: number; ms: number; pagesPerSecond: number }>;
  const rows: Array<Array<string | number | null>> = perFile.map((f) => [
    f.file,
    f.pages.worker ?? f.pages.inProcess ?? f.pages.raw,
    f.ms.raw,
    f.ms.inProcess,
    f.ms.worker,
  ]);
  const pps = (a: Arm) => totals[a].pagesPerSecond;
  rows.push([
    `TOTAL (${common.length} files all arms read)`,
    totals.raw.pages,
    totals.raw.ms,
    totals.inProcess.ms,
    totals.worker.ms,
  ]);
  tables.push(
    table(
      `PDF text extraction, OCR off (median of ${runs} runs per file, ms)`,
      ['file', 'pages', 'raw pdf.js', 'app in-process', 'app worker (as ingested)'],
      rows,
    ),
  );
  tables.push(
    table(
      'PDF text extraction: pages/s',
      ['arm', 'pages/s', 'vs raw pdf.js'],
      [
        ['raw pdf.js getTextContent', pps('raw'), 1],
        ['app parseDocument in-process', pps('inProcess'), round(pps('inProcess') / pps('raw'), 3)],
        ['app parseDocument in worker', pps('worker'), round(pps('worker') / pps('raw'), 3)],
      ],
    ),
  );
  return { runs, perFile, totals };
}

// ---------------------------------------------------------------- 2. embedding

async function embeddingThroughput(modelPath: string, wanted: number, tables: string[]) {
  const temp = tempDir('embed');
  const lib = openLibrary(temp.dir);
  try {
    const record = await importModel(lib.api, modelPath);
    const embedder = lib.engine.documents.embedder;
    const counter = await embedder.tokenCounter(record);
    // The corpus's own chunks: text formats and text-layer PDFs, cut as IngestQueue cuts them.
    const texts: string[] = [];
    for (const sub of ['txt', 'md', 'html', 'pdf']) {
      for (const file of readdirSync(join(CORPUS_DIR, sub)).sort()) {
        if (texts.length >= wanted) break;
        try {
          const parsed = await parseDocument(join(CORPUS_DIR, sub, file), {
            ocr: false,
            password: PASSWORDS[file],
            worker: false,
          });
          const chunks = chunkPages(parsed.pages, {
            maxTokens: Math.min(256, counter.contextSize - 8),
            overlapTokens: 32,
            countTokens: counter.count,
          });
          texts.push(...chunks.map((c) => (c.heading ? `${c.heading}\n${c.text}` : c.text)));
        } catch {
          // unreadable without OCR or a password: not needed here
        }
      }
    }
    texts.length = Math.min(texts.length, wanted);
    const tokens = texts.reduce((n, t) => n + counter.count(t), 0);
    log(`embedding ${texts.length} chunks (${tokens} tokens)`);

    const llama = await sharedLlama();
    const appThreads = record.settings.threads ?? defaultThreadCount(llama.cpuMathCores);
    const cores = availableParallelism();
    const model = await llama.loadModel({ modelPath, gpuLayers: 'auto' });
    const contextSize = counter.contextSize;
    const context = (threads: number) => model.createEmbeddingContext({ contextSize, threads });
    const fit = (text: string) => {
      const t = model.tokenize(text);
      return t.length > contextSize - 2 ? t.slice(0, contextSize - 2) : t;
    };
    const inputs = texts.map(fit);
    const one = await context(appThreads);
    const wide = await context(cores);
    const pool: LlamaEmbeddingContext[] = [];
    for (let i = 0; i < cores; i++) pool.push(await context(1));

    const methods: Array<{ name: string; run: () => Promise<unknown> }> = [
      {
        name: `getEmbeddingFor one by one (${appThreads} thread${appThreads === 1 ? '' : 's'}, the app before the pool)`,
        run: async () => {
          for (const input of inputs) await one.getEmbeddingFor(input);
        },
      },
      {
        name: `app EmbeddingHost.embed (pool of ${embedder.poolSize}; tokenizes, normalises)`,
        run: () => embedder.embed(record, texts, 'passage'),
      },
      {
        name: 'concurrent getEmbeddingFor on one context (Promise.all)',
        run: () => Promise.all(inputs.map((input) => one.getEmbeddingFor(input))),
      },
      {
        name: `one by one, one context with ${cores} threads`,
        run: async () => {
          for (const input of inputs) await wide.getEmbeddingFor(input);
        },
      },
      {
        name: `pool of ${cores} one-thread contexts, concurrent`,
        run: () =>
          Promise.all(
            pool.map(async (ctx, w) => {
              for (let i = w; i < inputs.length; i += pool.length) await ctx.getEmbeddingFor(inputs[i]!);
            }),
          ),
      },
    ];
    for (const m of methods) await m.run(); // warm-up
    const samples = new Map<string, number[]>(methods.map((m) => [m.name, []]));
    for (let r = 0; r < 3; r++) {
      for (const m of methods) {
        const t0 = performance.now();
        await m.run();
        samples.get(m.name)!.push(performance.now() - t0);
      }
    }
    const base = median(samples.get(methods[0]!.name)!);
    const results = methods.map((m) => {
      const ms = median(samples.get(m.name)!);
      return {
        method: m.name,
        chunks: texts.length,
        ms: round(ms, 1),
        chunksPerSecond: round(texts.length / (ms / 1000), 1),
        speedup: round(base / ms, 3),
      };
    });
    tables.push(
      table(
        `Embedding ${texts.length} corpus chunks (${tokens} tokens) with ${basename(modelPath)}, median of 3`,
        ['method', 'chunks/s', 'vs one by one'],
        results.map((r) => [r.method, r.chunksPerSecond, r.speedup]),
      ),
    );
    for (const ctx of [one, wide, ...pool]) await ctx.dispose();
    await model.dispose();
    return {
      chunks: texts.length,
      tokens,
      appThreads,
      note: 'node-llama-cpp 3.21.1 LlamaEmbeddingContext has no batch API: getEmbeddingFor takes one input and runs under a per-context lock on one sequence, so concurrent calls on one context are serialised.',
      results,
    };
  } finally {
    await lib.close();
    temp.cleanup();
  }
}

// ---------------------------------------------------------------- 3. end to end

interface E2eResult {
  files: number;
  ready: number;
  failed: number;
  pages: number;
  ocrPages: number;
  chunks: number;
  seconds: number;
  peakRssBytes: number;
  vmHwmBytes: number;
  documents: Array<{ path: string; status: string; pages: number; ocrPages: number; chunks: number }>;
}

async function endToEnd(embeddingModel: string, opts: Options, tables: string[]) {
  const copies = str(opts, 'copies', '4,16')
    .split(',')
    .map(Number)
    .filter((n) => n >= 1);
  const work = tempDir('ingest-copies');
  const runs: Array<{ label: string; copies: number; distinctFiles: number } & E2eResult> = [];
  try {
    let textOnly: string[];
    if (!opts['skip-ocr']) {
      log('end to end: the whole corpus, OCR on (scanned pages take ~2.5 s each)');
      const full = await runChild(CORPUS_DIR, embeddingModel);
      runs.push({ label: 'corpus 1x (all files, OCR on)', copies: 1, distinctFiles: full.files, ...full });
      textOnly = full.documents.filter((d) => d.ocrPages === 0).map((d) => relative(CORPUS_DIR, d.path));
    } else {
      textOnly = listFiles(CORPUS_DIR).filter((p) => !/\.pdf$/i.test(p) || !SCANNED.has(basename(p)));
    }
    for (const n of [1, ...copies.filter((c) => c !== 1)]) {
      const dir = join(work.dir, `x${n}`);
      const distinct = makeCopies(textOnly, dir, n);
      log(`end to end: text-only files x${n} (${textOnly.length * n} files)`);
      const result = await runChild(dir, embeddingModel);
      runs.push({ label: `text-only ${n}x`, copies: n, distinctFiles: distinct, ...result });
    }
  } finally {
    work.cleanup();
  }
  const baseline = runs.find((r) => r.label === 'text-only 1x')!;
  const perMinute = (r: E2eResult) => r.files / (r.seconds / 60);
  const summary = runs.map((r) => ({
    label: r.label,
    files: r.files,
    distinctFiles: r.distinctFiles,
    ready: r.ready,
    failed: r.failed,
    pages: r.pages,
    ocrPages: r.ocrPages,
    chunks: r.chunks,
    seconds: round(r.seconds, 1),
    filesPerMinute: round(perMinute(r), 1),
    chunksPerSecond: round(r.chunks / r.seconds, 1),
    vsTextOnly1x: round(perMinute(r) / perMinute(baseline), 3),
    peakRssMiB: mib(r.peakRssBytes),
    vmHwmMiB: mib(r.vmHwmBytes),
  }));
  tables.push(
    table(
      'End-to-end ingestion through documents.add + IngestQueue (fresh process and library per row)',
      [
        'run',
        'files (distinct bytes)',
        'ready/failed',
        'pages (OCR)',
        'chunks',
        's',
        'files/min',
        'chunks/s',
        'files/min vs text-only 1x',
        'peak RSS MiB',
      ],
      summary.map((s) => [
        s.label,
        `${s.files} (${s.distinctFiles})`,
        `${s.ready}/${s.failed}`,
        `${s.pages.toLocaleString('en-US')} (${s.ocrPages})`,
        s.chunks,
        s.seconds,
        s.filesPerMinute,
        s.chunksPerSecond,
        s.vsTextOnly1x,
        Math.max(s.peakRssMiB, s.vmHwmMiB),
      ]),
    ),
  );
  return {
    note: 'Text-only = the files that needed no OCR in the 1x run. Copies of UTF-8/UTF-16 text formats get a unique last line (distinct hashes); PDF and DOCX copies are byte-identical, so the library stores one copy of their bytes, but each is still parsed, chunked, embedded and indexed as its own document.',
    textOnlyFiles: baseline.files,
    summary,
  };
}

/** The scanned PDFs (used only with --skip-ocr, when no 1x run says which files needed OCR). */
const SCANNED = new Set([
  'small_ocr.pdf',
  'loremipsum-flat.pdf',
  'pdf-with-ocr-text.pdf',
  'TAMReview.pdf',
  'TAMReview_truncated.pdf',
]);

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** n copies of the files under dir/copy-i/; returns how many distinct byte contents there are. */
function makeCopies(files: string[], dir: string, n: number): number {
  const contents = new Set<string>();
  for (let i = 1; i <= n; i++) {
    for (const file of files) {
      const source = join(CORPUS_DIR, file);
      const target = join(dir, `copy-${i}`, file);
      mkdirSync(join(target, '..'), { recursive: true });
      const ext = extname(file).toLowerCase();
      if (n > 1 && ['.txt', '.md', '.html', '.csv'].includes(ext)) {
        const bytes = readFileSync(source);
        const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
        const line = ext === '.html' || ext === '.md' ? `\n<!-- bench copy ${i} -->\n` : `\nbench copy ${i}\n`;
        writeFileSync(target, Buffer.concat([bytes, Buffer.from(line, utf16 ? 'utf16le' : 'utf8')]));
        contents.add(`${file}#${i}`);
      } else {
        copyFileSync(source, target);
        contents.add(`${file}#${statSync(source).size}`);
      }
    }
  }
  return contents.size;
}

function runChild(source: string, embeddingModel: string): Promise<E2eResult> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [self, '--phase', 'e2e', '--source', source, '--embedding-model', embeddingModel],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as E2eResult);
      else reject(new Error(`the ingestion child exited with ${code}`));
    });
  });
}

async function e2eChild(opts: Options): Promise<void> {
  const source = str(opts, 'source', CORPUS_DIR);
  const embeddingModel = modelFile(opts, 'embedding-model', 'tiny-random-bert.gguf');
  const temp = tempDir('ingest');
  const lib = openLibrary(temp.dir);
  const collection = await createCollection(lib.api, 'bench', embeddingModel);
  const sampler = rssSampler(50);
  const t0 = performance.now();
  const added = await lib.api.call('documents.add', { paths: [source], collectionId: collection.id });
  await lib.engine.documents.queue.whenIdle();
  const seconds = (performance.now() - t0) / 1000;
  const peakRssBytes = sampler.stop();
  const docs = await lib.api.call('documents.list', { collectionId: collection.id });
  const result: E2eResult = {
    files: added.documents.length,
    ready: docs.filter((d) => d.status === 'ready').length,
    failed: docs.filter((d) => d.status === 'failed').length,
    pages: docs.reduce((n, d) => n + d.pages, 0),
    ocrPages: docs.reduce((n, d) => n + d.ocrPages, 0),
    chunks: docs.reduce((n, d) => n + d.chunks, 0),
    seconds,
    peakRssBytes,
    vmHwmBytes: procMemory().hwm,
    documents: docs.map((d) => ({
      path: d.path,
      status: d.status,
      pages: d.pages,
      ocrPages: d.ocrPages,
      chunks: d.chunks,
    })),
  };
  await lib.close();
  temp.cleanup();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}
