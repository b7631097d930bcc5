/**
 * Retrieval at scale: synthetic collections of --sizes chunks (default 10,000 and
 * 100,000) written through the engine's own code (DocumentStore.insertDocument +
 * saveChunks: chunk rows, 384-dim vectors, FTS5 word rows), the HNSW built by
 * VectorIndex.rebuild (what the engine does when the index file is missing or stale),
 * then queries through search.query (hybrid, keyword, vector) on the engine's
 * dispatcher. Each size runs in a fresh process on a fresh library.
 *
 * The query embedding is the one thing replaced: the embedding model is stubbed to
 * return the query's precomputed vector (no 384-dim model is among the tiny test
 * models; a real one adds its own per-query embedding time, reported apart by
 * `ingestion`). Baselines from the same run: exact search (brute force over the same
 * vectors) for recall@10 and latency, and an ef sweep on the same index file.
 *
 * Options: --sizes 10000,100000[,1000000], --queries N (200), --dims N (384),
 * --rag-model CHAT.gguf with a real 384-dim --embedding-model: also the cost of grounding
 * an answer (measureRagCost) with real models.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import hnswlib from 'hnswlib-node';
import type { Chunk } from '../native/documents/chunker.js';
import type { EmbeddingHost } from '../native/documents/embedder.js';
import { groundedPrompt, retrieveSources, SOURCE_TOKEN_BUDGET } from '../native/documents/rag.js';
import { wordQuery } from '../native/documents/text.js';
import { EXACT_SEARCH_LIMIT, searchEf, VectorIndex } from '../native/documents/vector-index.js';
import { openDatabase } from '../native/storage/database.js';
import {
  DIST,
  int,
  log,
  median,
  mib,
  modelFile,
  options,
  percentile,
  procMemory,
  round,
  str,
  table,
  tempDir,
  writeResult,
  type Options,
} from './lib/common.js';
import { createCollection, importModel, openLibrary } from './lib/library.js';
import { exactTopK, SyntheticCorpus } from './lib/synthetic.js';

const { HierarchicalNSW } = hnswlib;
const CHUNKS_PER_DOCUMENT = 10;
const EF_SWEEP = [16, 32, 64, 100, 200, 400];
const K = 10;

const opts = options({
  phase: { type: 'string' },
  size: { type: 'string' },
  sizes: { type: 'string' },
  queries: { type: 'string' },
  dims: { type: 'string' },
  'embedding-model': { type: 'string' },
  'rag-model': { type: 'string' },
});
if (opts.phase === 'size') await sizeChild(opts);
else await main(opts);

interface Latencies {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/**
 * What a grounded answer costs before the model reads its prompt, with real models: the
 * question embedded by the real embedding model (--embedding-model, 384-dim like the
 * synthetic vectors), hybrid retrieval with the relevance gate (retrieveSources), and the
 * sources fitted to the budget with the chat model's own tokenizer (groundedPrompt): what
 * ChatService does before session.prompt. The chat model's prompt processing is not in it.
 */
async function measureRagCost(
  lib: ReturnType<typeof openLibrary>,
  realEmbed: EmbeddingHost['embed'],
  collectionId: string,
  queries: Array<{ text: string }>,
): Promise<{ retrieveMs: Latencies; promptMs: Latencies; totalMs: Latencies; sources: number }> {
  const embedder = lib.engine.documents.embedder as unknown as { embed: EmbeddingHost['embed'] };
  embedder.embed = realEmbed;
  const chat = await importModel(lib.api, resolve(opts['rag-model'] as string));
  await lib.api.call('models.load', { id: chat.id });
  const resident = lib.engine.host.resident!;
  const docs = lib.engine.documents;
  const count = (text: string): number => resident.model.tokenize(text).length;
  const budget = Math.min(SOURCE_TOKEN_BUDGET, Math.floor(resident.context.contextSize / 2));
  const retrieve: number[] = [];
  const prompt: number[] = [];
  const total: number[] = [];
  let sources = 0;
  for (const [q, { text }] of queries.entries()) {
    const t0 = performance.now();
    const found = await retrieveSources(docs.retriever, docs.store, text, [collectionId], (id) =>
      docs.relevanceThreshold(id),
    );
    const t1 = performance.now();
    const grounded = groundedPrompt(text, found, count, budget);
    const t2 = performance.now();
    if (q < 20) continue; // warm-up
    retrieve.push(t1 - t0);
    prompt.push(t2 - t1);
    total.push(t2 - t0);
    sources += grounded.citations.length;
  }
  return {
    retrieveMs: stats(retrieve),
    promptMs: stats(prompt),
    totalMs: stats(total),
    sources: round(sources / total.length, 1),
  };
}

interface SizeResult {
  ragCost: { retrieveMs: Latencies; promptMs: Latencies; totalMs: Latencies; sources: number } | null;
  chunks: number;
  dims: number;
  topics: number;
  writeSeconds: number;
  buildSeconds: number;
  indexBytes: number;
  databaseBytes: number;
  rssAfterBuildBytes: number;
  vmHwmBytes: number;
  coldIndexLoadMs: number;
  /**
   * The same build on the app's builder thread (VectorIndex with dist/native/index-builder.js): how long until the
   * index is ready, the first query's answer meanwhile (exact search), and the longest the engine's event loop was
   * blocked during the build (inline, it is blocked for the whole build). Sizes up to 100,000 only.
   */
  threadBuild: { seconds: number; firstAnswerMs: number; maxStallMs: number } | null;
  latency: { hybrid: Latencies; keyword: Latencies; vector: Latencies; bruteForce: Latencies };
  /** The same queries over one of two collections (the keyword leg checks each row's collection). */
  filteredLatency: { hybrid: Latencies; keyword: Latencies };
  recall: { hybridVectorLeg: number; vectorK10: number; appEf: { hybridVectorLeg: number; vectorK10: number } };
  /** Top 10 of the keyword leg (depth 50) against FTS5's BM25 over the full OR query: what the common-terms split costs. */
  keywordTop10Agreement: number;
  efSweep: Array<{ ef: number; recall: number; p50: number; p95: number }>;
  perQueryOverheadMs: { countChunks: number; countUpTo: number; modelLookup: number; coversAll: number };
  keywordMatchesMedian: number;
  /** The keyword leg's SQL and variants of it, run directly (ms p50 / p95), to show where its time goes. */
  keywordVariants: Record<string, Latencies>;
  /** How hard the data is: cosine of the exact 1st and 10th neighbour of a query (means). */
  exactSimilarity: { top1: number; top10: number };
}

async function main(opts: Options): Promise<void> {
  const sizes = str(opts, 'sizes', '10000,100000')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n) && n > 0);
  const queries = int(opts, 'queries', 200);
  const dims = int(opts, 'dims', 384);
  const results: SizeResult[] = [];
  for (const size of sizes) {
    log(`size ${size.toLocaleString('en-US')}: generating, writing, building, querying`);
    results.push(await runChild(size, queries, dims));
  }
  const lat = (l: Latencies) => `${l.p50} / ${l.p95} / ${l.p99}`;
  const tables: string[] = [];
  tables.push(
    table(
      `Retrieval at scale: build (${dims}-dim vectors, HNSW M 16 efConstruction 200, FTS5 porter unicode61)`,
      ['chunks', 'write s (chunks/s)', 'index build s', 'index MiB', 'db MiB', 'RSS after build MiB', 'peak RSS MiB'],
      results.map((r) => [
        r.chunks,
        `${r.writeSeconds} (${Math.round(r.chunks / r.writeSeconds).toLocaleString('en-US')})`,
        r.buildSeconds,
        mib(r.indexBytes),
        mib(r.databaseBytes),
        mib(r.rssAfterBuildBytes),
        mib(r.vmHwmBytes),
      ]),
    ),
  );
  tables.push(
    table(
      'Retrieval at scale: the index build inline (engine blocked throughout) and on the builder thread (the app)',
      [
        'chunks',
        'inline build s (= engine blocked s)',
        'builder thread: ready after s',
        'first query meanwhile (exact) ms',
        'longest event-loop stall during it ms',
      ],
      results.map((r) => [
        r.chunks,
        r.buildSeconds,
        r.threadBuild?.seconds ?? '–',
        r.threadBuild?.firstAnswerMs ?? '–',
        r.threadBuild?.maxStallMs ?? '–',
      ]),
    ),
  );
  tables.push(
    table(
      `Retrieval at scale: query latency through search.query, k ${K}, ms p50 / p95 / p99 (${queries} queries; goal: hybrid p95 < 50 ms)`,
      [
        'chunks',
        'hybrid',
        'keyword leg',
        'vector leg',
        'exact brute force (baseline)',
        'hybrid, 1 of 2 collections',
        'keyword, 1 of 2 collections',
        'cold index load ms',
      ],
      results.map((r) => [
        r.chunks,
        lat(r.latency.hybrid),
        lat(r.latency.keyword),
        lat(r.latency.vector),
        lat(r.latency.bruteForce),
        lat(r.filteredLatency.hybrid),
        lat(r.filteredLatency.keyword),
        r.coldIndexLoadMs,
      ]),
    ),
  );
  tables.push(
    table(
      `Retrieval at scale: HNSW recall@${K} against exact search (goal ≥ 0.95)`,
      [
        'chunks',
        'as hybrid runs it (k 50), top 10',
        'VectorIndex.search k 10',
        'exact top-1 / top-10 cosine',
        'FTS matches/query',
        'keyword top 10 = full BM25 top 10',
      ],
      results.map((r) => [
        r.chunks,
        `${r.recall.hybridVectorLeg} (ef ${r.recall.appEf.hybridVectorLeg})`,
        `${r.recall.vectorK10} (ef ${r.recall.appEf.vectorK10})`,
        `${r.exactSimilarity.top1} / ${r.exactSimilarity.top10}`,
        r.keywordMatchesMedian,
        r.keywordTop10Agreement,
      ]),
    ),
  );
  tables.push(
    table(
      `Retrieval at scale: ef sweep on the same index file (hnswlib searchKnn k ${K}; latency ms p50 / p95)`,
      ['chunks', ...EF_SWEEP.map((ef) => `ef ${ef}`)],
      results.map((r) => [r.chunks, ...r.efSweep.map((e) => `${e.recall} @ ${e.p50} / ${e.p95}`)]),
    ),
  );
  tables.push(
    table(
      'Retrieval at scale: fixed per-query costs inside search.query (ms, median)',
      [
        'chunks',
        'COUNT(*) of the collection (before: 1-2x per query)',
        'countUpTo(5,001) (now: 1x)',
        'embeddingModelId (1x)',
        'coversAllCollections (1x)',
      ],
      results.map((r) => [
        r.chunks,
        r.perQueryOverheadMs.countChunks,
        r.perQueryOverheadMs.countUpTo,
        r.perQueryOverheadMs.modelLookup,
        r.perQueryOverheadMs.coversAll,
      ]),
    ),
  );
  const variantNames = Object.keys(results[0]?.keywordVariants ?? {});
  tables.push(
    table(
      'Retrieval at scale: the keyword leg against the full OR query (depth 50, ms p50 / p95)',
      ['chunks', ...variantNames],
      results.map((r) => [
        r.chunks,
        ...variantNames.map((n) => `${r.keywordVariants[n]!.p50} / ${r.keywordVariants[n]!.p95}`),
      ]),
    ),
  );
  const rag = results.filter((r) => r.ragCost);
  if (rag.length)
    tables.push(
      table(
        `RAG cost before the model reads its prompt (${basename(String(opts['embedding-model']))} embeds the question, hybrid retrieval with the relevance gate, sources fitted with ${basename(String(opts['rag-model']))}'s tokenizer; ms; goal p95 <= 50 ms at 100k)`,
        ['chunks', 'retrieve p50 / p95', 'fit prompt p50 / p95', 'total p50 / p95 / p99', 'sources'],
        rag.map((r) => {
          const c = r.ragCost!;
          return [
            r.chunks,
            `${c.retrieveMs.p50} / ${c.retrieveMs.p95}`,
            `${c.promptMs.p50} / ${c.promptMs.p95}`,
            `${c.totalMs.p50} / ${c.totalMs.p95} / ${c.totalMs.p99}`,
            c.sources,
          ];
        }),
      ),
    );
  const largest = results.at(-1);
  let projection: string | null = null;
  if (largest && largest.chunks < 1_000_000) {
    // Measured here: 100k -> 1M took 16x the write time, 20x the build time, and the query phase
    // (brute force + every mode and variant per query) grows with the size.
    const f = 1_000_000 / largest.chunks;
    const write = (largest.writeSeconds * f * 1.6) / 60;
    const build = (largest.buildSeconds * f * 2) / 60;
    const query = ((queries + 20) * (largest.latency.bruteForce.p50 + 4 * largest.latency.hybrid.p50) * f) / 60_000;
    projection = `1M chunks: run with --sizes 1000000 (takes ~${Math.ceil(write + build + query)} min here: write ~${Math.round(write)} min, build ~${Math.round(build)} min, queries ~${Math.round(query)} min, extrapolated from ${largest.chunks.toLocaleString('en-US')}; needs ~${Math.ceil((mib(largest.vmHwmBytes) * f * 0.8) / 1024)} GiB RAM).`;
    console.log(projection);
  }
  // The default run writes retrieval-scale.json; other sizes get their own file beside it.
  const name = sizes.join(',') === '10000,100000' ? 'retrieval-scale' : `retrieval-scale-${sizes.join('-')}`;
  writeResult(name, { sizes, queries, dims, k: K, efSweep: EF_SWEEP }, { results, projection }, tables);
  process.exit(0);
}

function runChild(size: number, queries: number, dims: number): Promise<SizeResult> {
  const self = fileURLToPath(import.meta.url);
  const args = [self, '--phase', 'size', '--size', String(size), '--queries', String(queries), '--dims', String(dims)];
  if (typeof opts['embedding-model'] === 'string') args.push('--embedding-model', opts['embedding-model']);
  if (typeof opts['rag-model'] === 'string') args.push('--rag-model', opts['rag-model']);
  return new Promise((resolve, reject) => {
    // Room for 1M x 384 floats three times over (the matrix, the rows read back, hnswlib's own copy).
    const child = spawn(process.execPath, ['--max-old-space-size=16384', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as SizeResult);
      else reject(new Error(`the size ${size} child exited with ${code}`));
    });
  });
}

function stats(values: number[]): Latencies {
  return {
    p50: round(percentile(values, 50), 2),
    p95: round(percentile(values, 95), 2),
    p99: round(percentile(values, 99), 2),
    mean: round(values.reduce((a, b) => a + b, 0) / values.length, 2),
  };
}

function overlap(found: number[], exact: number[]): number {
  const truth = new Set(exact);
  return found.slice(0, K).filter((id) => truth.has(id)).length / K;
}

async function sizeChild(opts: Options): Promise<void> {
  const size = int(opts, 'size', 10_000);
  const queryCount = int(opts, 'queries', 200);
  const dims = int(opts, 'dims', 384);
  // Any model will do for the collection's row: the vectors are written directly.
  const modelPath = modelFile(opts, 'embedding-model', 'tiny-random-bert.gguf');
  const temp = tempDir(`scale-${size}`);
  const lib = openLibrary(temp.dir);
  const record = await importModel(lib.api, modelPath);
  const collection = await createCollection(lib.api, 'scale', modelPath);
  const store = lib.engine.documents.store;

  // ---- generate and write through DocumentStore.saveChunks, keeping the vectors for exact search
  const corpus = new SyntheticCorpus(size, dims);
  const matrix = new Float32Array(size * dims);
  const ids = new Int32Array(size);
  const queryRows = new Set<number>();
  while (queryRows.size < Math.min(queryCount + 20, size)) queryRows.add(Math.floor(corpus.random() * size));
  const queryTexts = new Map<number, Int32Array>();
  const batchId = store.createBatch(collection.id);
  let writeMs = 0;
  for (let start = 0, d = 0; start < size; start += CHUNKS_PER_DOCUMENT, d++) {
    const chunks: Chunk[] = [];
    const vectors: Float32Array[] = [];
    for (let i = start; i < Math.min(size, start + CHUNKS_PER_DOCUMENT); i++) {
      const ranks = corpus.text();
      if (queryRows.has(i)) queryTexts.set(i, ranks);
      const vector = matrix.subarray(i * dims, (i + 1) * dims);
      corpus.vector(i, vector);
      const text = corpus.render(ranks);
      chunks.push({ seq: i - start, pageStart: 1, pageEnd: 1, heading: null, text, tokenCount: ranks.length * 2 });
      vectors.push(vector);
    }
    const t0 = performance.now();
    const doc = store.insertDocument({
      collectionId: collection.id,
      path: `/synthetic/doc-${d}.txt`,
      name: `doc-${d}.txt`,
      kind: 'text',
      sizeBytes: chunks.reduce((n, c) => n + c.text.length, 0),
      sha256: d.toString(16).padStart(64, '0'),
      batchId,
    });
    const added = store.saveChunks(doc, chunks, vectors, { pages: 1, ocrPages: 0, warnings: [] });
    writeMs += performance.now() - t0;
    added.forEach((a, j) => (ids[start + j] = a.id));
    if (d % 10_000 === 0 && d) log(`  wrote ${start.toLocaleString('en-US')} chunks`);
  }
  log(`  wrote ${size.toLocaleString('en-US')} chunks in ${(writeMs / 1000).toFixed(1)} s; building the index`);

  // ---- build: VectorIndex.rebuild, as after a missing or stale index file
  const index = lib.engine.documents.indexFor(collection.id);
  const b0 = performance.now();
  index.rebuild();
  const buildMs = performance.now() - b0;
  log(`  built in ${(buildMs / 1000).toFixed(1)} s`);
  const indexBytes = statSync(index.file).size;
  const dbFile = join(temp.dir, 'cellar.db');
  const databaseBytes = [dbFile, `${dbFile}-wal`].reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0);
  const rssAfterBuildBytes = process.memoryUsage.rss();

  // ---- queries
  const rows = [...queryTexts.keys()];
  const queries = rows.map((row) => corpus.query(queryTexts.get(row)!, matrix.subarray(row * dims, (row + 1) * dims)));
  const byText = new Map(queries.map((q) => [q.text, q.vector]));
  // The one stub: the query's embedding is looked up instead of computed.
  const embedder = lib.engine.documents.embedder;
  const realEmbed = embedder.embed.bind(embedder);
  (lib.engine.documents.embedder as unknown as { embed: (r: unknown, t: string[]) => Promise<Float32Array[]> }).embed =
    (_record, texts) => Promise.resolve(texts.map((t) => byText.get(t)!));

  // A second connection, as a restarted engine would have, to time reading the index file back.
  const db2 = openDatabase(temp.dir).db;
  const cold = new VectorIndex(db2, join(temp.dir, 'indexes'), collection.id, record.sha256);
  const c0 = performance.now();
  cold.search(queries[0]!.vector, K);
  const coldIndexLoadMs = round(performance.now() - c0, 1);

  const modes = ['hybrid', 'keyword', 'vector'] as const;
  const latency: Record<(typeof modes)[number] | 'bruteForce', number[]> = {
    hybrid: [],
    keyword: [],
    vector: [],
    bruteForce: [],
  };
  const recall = { hybridVectorLeg: [] as number[], vectorK10: [] as number[] };
  const keywordMatches: number[] = [];
  const variantTimes: Record<string, number[]> = {};
  const appSql = db2.prepare(
    `SELECT f.rowid AS id, bm25(chunks_fts) AS rank FROM chunks_fts f JOIN chunks c ON c.id = f.rowid
     WHERE chunks_fts MATCH ? AND c.collection_id IN (?) ORDER BY rank LIMIT ?`,
  );
  const appSqlIndexed = db2.prepare(
    `SELECT f.rowid AS id, bm25(chunks_fts) AS rank FROM chunks_fts f JOIN chunks c INDEXED BY chunks_collection ON c.id = f.rowid
     WHERE chunks_fts MATCH ? AND c.collection_id IN (?) ORDER BY rank LIMIT ?`,
  );
  const ftsOnly = db2.prepare(
    'SELECT rowid AS id, bm25(chunks_fts) AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score LIMIT ?',
  );
  const ftsRank = db2.prepare('SELECT rowid AS id FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?');
  const countMs: number[] = [];
  const top1: number[] = [];
  const top10: number[] = [];
  const cosine = (id: number, q: Float32Array): number => {
    const row = rowOf.get(id)!;
    let dot = 0;
    for (let j = 0; j < dims; j++) dot += matrix[row * dims + j]! * q[j]!;
    return dot;
  };
  const rowOf = new Map<number, number>();
  ids.forEach((id, row) => rowOf.set(id, row));
  const collectionMs: number[] = [];
  const countUpToMs: number[] = [];
  const coversAllMs: number[] = [];
  const agreement: number[] = [];
  const retriever = lib.engine.documents.retriever;
  const countStmt = db2.prepare('SELECT COUNT(*) FROM chunks WHERE collection_id = ?').pluck();
  const matchStmt = db2.prepare('SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?').pluck();
  const sweep = new HierarchicalNSW('cosine', dims);
  sweep.readIndexSync(index.file);
  const efTimes = new Map<number, number[]>(EF_SWEEP.map((ef) => [ef, []]));
  const efRecall = new Map<number, number[]>(EF_SWEEP.map((ef) => [ef, []]));
  for (let q = 0; q < queries.length; q++) {
    const warm = q < 20;
    const { text, vector } = queries[q]!;
    for (let m = 0; m < modes.length; m++) {
      const mode = modes[(q + m) % modes.length]!;
      const t0 = performance.now();
      await lib.api.call('search.query', { query: text, collectionIds: [collection.id], k: K, mode });
      if (!warm) latency[mode].push(performance.now() - t0);
    }
    if (warm) continue;
    const e0 = performance.now();
    const exact = exactTopK(matrix, dims, ids, vector, K);
    latency.bruteForce.push(performance.now() - e0);
    top1.push(cosine(exact[0]!, vector));
    top10.push(cosine(exact[K - 1]!, vector));
    recall.hybridVectorLeg.push(
      overlap(
        index.search(vector, Math.max(K * 4, 50)).map((n) => n.id),
        exact,
      ),
    );
    recall.vectorK10.push(
      overlap(
        index.search(vector, K).map((n) => n.id),
        exact,
      ),
    );
    const asArray = Array.from(vector);
    for (const ef of EF_SWEEP) {
      sweep.setEf(ef);
      const s0 = performance.now();
      const found = sweep.searchKnn(asArray, K).neighbors;
      efTimes.get(ef)!.push(performance.now() - s0);
      efRecall.get(ef)!.push(overlap(found, exact));
    }
    let t = performance.now();
    countStmt.get(collection.id);
    countMs.push(performance.now() - t);
    t = performance.now();
    index.countUpTo(EXACT_SEARCH_LIMIT + 1);
    countUpToMs.push(performance.now() - t);
    t = performance.now();
    store.embeddingModelId(collection.id);
    collectionMs.push(performance.now() - t);
    t = performance.now();
    store.coversAllCollections([collection.id]);
    coversAllMs.push(performance.now() - t);
    keywordMatches.push(matchStmt.get(wordQuery(text)) as number);
    // The keyword leg before and now (depth 50), and variants of the full OR query.
    const match = wordQuery(text);
    const time = <T>(name: string, run: () => T): T => {
      const v0 = performance.now();
      const out = run();
      (variantTimes[name] ??= []).push(performance.now() - v0);
      return out;
    };
    time('full OR, bm25 + JOIN chunks (the app before)', () => appSql.all(match, collection.id, 50));
    time('full OR, JOIN through chunks_collection', () => appSqlIndexed.all(match, collection.id, 50));
    const full = time(
      'full OR, FTS5 alone (no collection check)',
      () => ftsOnly.all(match, 50) as Array<{ id: number }>,
    );
    time("full OR, FTS5's ORDER BY rank", () => ftsRank.all(match, 50));
    const mine = time('Retriever.keyword (the app: common terms split)', () => retriever.keyword(text, [], 50));
    agreement.push(overlap(mine, full.map((r) => r.id).slice(0, K)));
  }
  // A second (empty) collection: searches of the first now check each keyword row's collection.
  await createCollection(lib.api, 'other', modelPath);
  const filtered = { hybrid: [] as number[], keyword: [] as number[] };
  for (const { text } of queries.slice(20)) {
    for (const mode of ['hybrid', 'keyword'] as const) {
      const t0 = performance.now();
      await lib.api.call('search.query', { query: text, collectionIds: [collection.id], k: K, mode });
      filtered[mode].push(performance.now() - t0);
    }
  }
  // The app's way to build: on the builder thread, while the engine goes on (not at 1M: 14 more minutes).
  let threadBuild: SizeResult['threadBuild'] = null;
  const builder = join(DIST, 'native', 'index-builder.js');
  if (size <= 100_000 && existsSync(builder)) {
    const threaded = new VectorIndex(db2, join(temp.dir, 'indexes-thread'), collection.id, record.sha256, builder);
    const t0 = performance.now();
    threaded.search(queries[0]!.vector, K); // starts the build; answered by exact search
    const firstAnswerMs = performance.now() - t0;
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    stalls.enable();
    await threaded.warm();
    stalls.disable();
    threadBuild = {
      seconds: round((performance.now() - t0) / 1000, 1),
      firstAnswerMs: round(firstAnswerMs, 1),
      maxStallMs: round(stalls.max / 1e6, 1),
    };
  } else if (size <= 100_000) log(`  ${builder} is missing (run without --no-build): builder-thread row skipped`);
  const ragCost =
    typeof opts['rag-model'] === 'string' ? await measureRagCost(lib, realEmbed, collection.id, queries) : null;
  const avg = (v: number[]) => round(v.reduce((a, b) => a + b, 0) / v.length, 3);
  const result: SizeResult = {
    ragCost,
    chunks: size,
    dims,
    topics: corpus.topics,
    writeSeconds: round(writeMs / 1000, 1),
    buildSeconds: round(buildMs / 1000, 1),
    indexBytes,
    databaseBytes,
    rssAfterBuildBytes,
    vmHwmBytes: procMemory().hwm,
    coldIndexLoadMs,
    threadBuild,
    latency: {
      hybrid: stats(latency.hybrid),
      keyword: stats(latency.keyword),
      vector: stats(latency.vector),
      bruteForce: stats(latency.bruteForce),
    },
    filteredLatency: { hybrid: stats(filtered.hybrid), keyword: stats(filtered.keyword) },
    keywordTop10Agreement: avg(agreement),
    recall: {
      hybridVectorLeg: avg(recall.hybridVectorLeg),
      vectorK10: avg(recall.vectorK10),
      appEf: { hybridVectorLeg: Math.max(4 * 50, searchEf(size)), vectorK10: Math.max(4 * K, searchEf(size)) },
    },
    efSweep: EF_SWEEP.map((ef) => ({
      ef,
      recall: avg(efRecall.get(ef)!),
      p50: round(percentile(efTimes.get(ef)!, 50), 3),
      p95: round(percentile(efTimes.get(ef)!, 95), 3),
    })),
    perQueryOverheadMs: {
      countChunks: round(median(countMs), 2),
      countUpTo: round(median(countUpToMs), 3),
      modelLookup: round(median(collectionMs), 3),
      coversAll: round(median(coversAllMs), 3),
    },
    keywordMatchesMedian: median(keywordMatches),
    exactSimilarity: { top1: avg(top1), top10: avg(top10) },
    keywordVariants: Object.fromEntries(Object.entries(variantTimes).map(([k, v]) => [k, stats(v)])),
  };
  db2.close();
  await lib.close();
  temp.cleanup();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}
