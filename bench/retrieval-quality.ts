/**
 * Retrieval quality on BEIR SciFact and NFCorpus (test split), through the real
 * pipeline: each BEIR document written as <id>.txt ("title\n\ntext") and ingested
 * into a fresh library (parse, 256-token chunks, embeddings, SQLite + FTS5 + HNSW),
 * by default with the engine's own parse/chunk/embed/store code and one index build
 * (--via documents.add runs the whole IngestQueue instead: the same chunks, 2-3x the
 * time, see ingestDirect), then every test query through search.query on the engine's
 * dispatcher (what `cellar search --queries FILE.jsonl` calls), once per leg:
 * keyword, vector and hybrid (reciprocal-rank fusion). Chunks map to their document
 * (best rank wins); nDCG@10 and recall@100 as BEIR computes them (graded gains for
 * NFCorpus), over the queries with judgements.
 *
 * Baseline from the same run: plain BM25 over whole documents (one FTS5 row per
 * document, title + text, same tokenizer and the same query terms) on the same
 * data, next to the published BM25 figures. Prototypes of the changes that would
 * close a gap run on the same library (see the report's "prototypes" rows).
 *
 * The two datasets run at once in two processes (two cores); --sequential runs
 * them one after the other. Options: --embedding-model PATH (default
 * tiny-random-bert.gguf: its vectors are random, so its vector and hybrid numbers
 * mean nothing), --datasets scifact,nfcorpus, --k N (chunks asked per query, default 1000),
 * --library DIR (keep each dataset's ingested library in DIR/<dataset> and reuse it on the next run),
 * --via direct|documents.add.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { SearchMode } from '../native/api/contract.js';
import { chunkPages } from '../native/documents/chunker.js';
import { parseDocument } from '../native/documents/parse/index.js';
import { normalizeForIndex, wordQuery, wordTerms } from '../native/documents/text.js';
import { sharedLlama } from '../native/system/llama.js';
import { openDatabase } from '../native/storage/database.js';
import { dedupe, ndcg, readCorpus, readQrels, readQueries, recall, type Qrels } from './lib/beir.js';
import {
  BENCHMARKS_DIR,
  int,
  MODELS_DIR,
  log,
  modelFile,
  options,
  round,
  str,
  table,
  tempDir,
  writeResult,
  type Options,
} from './lib/common.js';
import { createCollection, importModel, openLibrary, type Library } from './lib/library.js';

const PUBLISHED: Record<string, { multifield: number; flat: number; recallFlat: number }> = {
  scifact: { multifield: 0.665, flat: 0.679, recallFlat: 0.925 },
  nfcorpus: { multifield: 0.325, flat: 0.322, recallFlat: 0.246 },
};
const MODES: SearchMode[] = ['keyword', 'vector', 'hybrid'];

const opts = options({
  phase: { type: 'string' },
  dataset: { type: 'string' },
  datasets: { type: 'string' },
  'embedding-model': { type: 'string' },
  k: { type: 'string' },
  sequential: { type: 'boolean' },
  library: { type: 'string' },
  via: { type: 'string' },
});
if (opts.phase === 'dataset') await datasetChild(opts);
else await main(opts);

interface Scores {
  ndcg10: number;
  recall100: number;
}

interface DatasetResult {
  dataset: string;
  documents: number;
  chunks: number;
  failed: number;
  queries: number;
  /** null when an ingested --library was reused. */
  ingestSeconds: number | null;
  queryMsMedian: Record<string, number>;
  app: Record<string, Scores>;
  /** The keyword leg with smaller scoring budgets (Retriever.fullScoreRows). */
  budgets: Record<string, Scores>;
  /** Judged queries whose words match more rows than the app's budget (the split applies to them). */
  overBudget: number;
  baselines: Record<string, Scores>;
  chunksPerDocument: number;
  /** Chunks per document when cut with a 32k-token vocabulary (the prototype). */
  realVocabularyChunksPerDocument: number | null;
}

async function main(opts: Options): Promise<void> {
  const datasets = str(opts, 'datasets', 'scifact,nfcorpus').split(',');
  const embeddingModel = modelFile(opts, 'embedding-model', 'tiny-random-bert.gguf');
  const k = int(opts, 'k', 1000);
  const via = str(opts, 'via', 'direct');
  if (via !== 'direct' && via !== 'documents.add') throw new Error('--via must be direct or documents.add');
  log(
    `${datasets.join(' and ')}: ingesting (${via}) and querying${opts.sequential ? '' : ' (in parallel, one process each)'}`,
  );
  const results: DatasetResult[] = [];
  if (opts.sequential) for (const d of datasets) results.push(await runChild(d, embeddingModel, k, via));
  else results.push(...(await Promise.all(datasets.map((d) => runChild(d, embeddingModel, k, via)))));

  const tables: string[] = [];
  const random = basename(embeddingModel) === 'tiny-random-bert.gguf';
  const rows: Array<Array<string | number | null>> = [];
  for (const r of results) {
    const pub = PUBLISHED[r.dataset];
    const add = (label: string, s: Scores, note: string | null = null) =>
      rows.push([r.dataset, label, s.ndcg10, s.recall100, pub ? round(s.ndcg10 - pub.flat, 3) : null, note]);
    add('app keyword leg (chunks → best rank per doc)', r.app.keyword!, goal(r.app.keyword!.ndcg10, pub));
    add(`app vector leg${random ? ' (random tiny model: meaningless)' : ''}`, r.app.vector!);
    add(`app hybrid (RRF)${random ? ' (random vectors: meaningless)' : ''}`, r.app.hybrid!);
    rows.push([
      r.dataset,
      `(queries over the app's 10,000-row budget: ${r.overBudget} of ${r.queries})`,
      null,
      null,
      null,
      null,
    ]);
    for (const [label, s] of Object.entries(r.budgets)) add(label, s, goal(s.ndcg10, pub));
    for (const [label, s] of Object.entries(r.baselines))
      add(label, s, label.startsWith('prototype') ? goal(s.ndcg10, pub) : null);
    if (pub) {
      rows.push([r.dataset, 'published BM25 flat (Anserini)', pub.flat, pub.recallFlat, 0, null]);
      rows.push([r.dataset, 'published BM25 multifield (BEIR paper / Anserini)', pub.multifield, null, null, null]);
    }
  }
  tables.push(
    table(
      `Retrieval quality, BEIR test split (embedding model ${basename(embeddingModel)}; goal: keyword leg within 0.02 of published BM25: SciFact 0.665–0.679, NFCorpus 0.322–0.325)`,
      ['dataset', 'system', 'nDCG@10', 'R@100', 'Δ nDCG vs BM25 flat', 'goal'],
      rows,
    ),
  );
  tables.push(
    table(
      `Retrieval quality: ingestion (${via === 'direct' ? "the engine's parse/chunk/embed/store code, one index build" : 'documents.add + IngestQueue'}${opts.sequential ? '' : ', both datasets at once'}) and query cost`,
      [
        'dataset',
        'documents',
        'chunks (per doc; with a 32k vocabulary)',
        'failed',
        'ingest s',
        'docs/s',
        'queries',
        'ms/query keyword / vector / hybrid',
      ],
      results.map((r) => [
        r.dataset,
        r.documents,
        `${r.chunks.toLocaleString('en-US')} (${r.chunksPerDocument}; ${r.realVocabularyChunksPerDocument ?? '–'})`,
        r.failed,
        r.ingestSeconds ?? 'reused',
        r.ingestSeconds ? round(r.documents / r.ingestSeconds, 1) : null,
        r.queries,
        MODES.map((m) => r.queryMsMedian[m]).join(' / '),
      ]),
    ),
  );
  writeResult(
    'retrieval-quality',
    { datasets, embeddingModel, k, via, parallel: !opts.sequential, published: PUBLISHED },
    results,
    tables,
  );
  process.exit(0);
}

/** Within 0.02 of the published BM25 range (its low end). */
function goal(value: number, pub: { multifield: number; flat: number } | undefined): string | null {
  if (!pub) return null;
  const low = Math.min(pub.multifield, pub.flat);
  const gap = round(low - value, 3);
  return gap <= 0.02
    ? `met (${gap <= 0 ? 'at or above' : `${gap} below`} ${low})`
    : `missed by ${round(gap - 0.02, 3)}`;
}

function runChild(dataset: string, embeddingModel: string, k: number, via: string): Promise<DatasetResult> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const args = ['--phase', 'dataset', '--dataset', dataset, '--embedding-model', embeddingModel, '--k', String(k)];
    if (typeof opts.library === 'string') args.push('--library', resolvePath(opts.library));
    args.push('--via', via);
    const child = spawn(process.execPath, [self, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as DatasetResult);
      else reject(new Error(`the ${dataset} child exited with ${code}`));
    });
  });
}

async function datasetChild(opts: Options): Promise<void> {
  const dataset = str(opts, 'dataset', 'scifact');
  const embeddingModel = modelFile(opts, 'embedding-model', 'tiny-random-bert.gguf');
  const k = int(opts, 'k', 1000);
  const via = str(opts, 'via', 'direct');
  const dir = join(BENCHMARKS_DIR, dataset);
  const corpus = readCorpus(dir);
  const queries = readQueries(dir);
  const qrels = readQrels(dir, 'test');
  const kept = typeof opts.library === 'string' ? join(opts.library, dataset) : null;
  const temp = tempDir(`beir-${dataset}`);
  const root = kept ?? temp.dir;
  const files = join(root, 'files');
  const libraryDir = join(root, 'library');
  mkdirSync(libraryDir, { recursive: true });
  const idOf = (path: string) => decodeURIComponent(basename(path).replace(/\.txt$/, ''));

  const lib = openLibrary(libraryDir);
  let collection = (await lib.api.call('collections.list')).find((c) => c.name === dataset);
  let ingestSeconds = NaN;
  if (!collection || collection.documentCount !== corpus.length) {
    mkdirSync(files, { recursive: true });
    const fileName = (id: string) => `${encodeURIComponent(id)}.txt`;
    for (const doc of corpus) writeFileSync(join(files, fileName(doc.id)), `${doc.title}\n\n${doc.text}`);
    if (collection) await lib.api.call('collections.delete', { id: collection.id });
    collection = await createCollection(lib.api, dataset, embeddingModel);
    const collectionId = collection.id;
    const t0 = performance.now();
    let last = 0;
    const progress = setInterval(() => {
      const done = lib.engine.documents.store.documents(collectionId).filter((d) => d.status === 'ready').length;
      if (done !== last) log(`  ${dataset}: ${done}/${corpus.length} documents indexed`);
      last = done;
    }, 20_000);
    if (via === 'documents.add') {
      await lib.api.call('documents.add', { paths: [files], collectionId });
      await lib.engine.documents.queue.whenIdle();
    } else {
      await ingestDirect(lib, collectionId, embeddingModel, files);
    }
    clearInterval(progress);
    ingestSeconds = round((performance.now() - t0) / 1000, 1);
  } else log(`  ${dataset}: reusing the library in ${libraryDir}`);
  const docs = await lib.api.call('documents.list', { collectionId: collection.id });
  const chunks = docs.reduce((n, d) => n + d.chunks, 0);
  log(`  ${dataset}: ${docs.length} documents, ${chunks} chunks in ${ingestSeconds} s; querying`);

  const judgedQueries = [...qrels.keys()].filter((q) => queries.has(q));
  const runs: Record<string, Map<string, string[]>> = {};
  const queryMs: Record<string, number[]> = {};
  for (const mode of MODES) {
    const ranked = new Map<string, string[]>();
    const times: number[] = [];
    for (const q of judgedQueries) {
      const s = performance.now();
      const results = await lib.api.call('search.query', {
        query: queries.get(q)!,
        collectionIds: [collection.id],
        k,
        mode,
      });
      times.push(performance.now() - s);
      ranked.set(q, dedupe(results.map((r) => idOf(r.document))));
    }
    runs[mode] = ranked;
    queryMs[mode] = times;
  }
  const app = Object.fromEntries(MODES.map((m) => [m, evaluate(runs[m]!, qrels, judgedQueries)]));

  // The keyword leg's scoring budget (Retriever.fullScoreRows, 10,000 rows): above it, a query's common words
  // only score rows that hold a rarer one. Few queries reach it at this size, so the app rows above are mostly
  // exact BM25; smaller budgets show what the split costs where a library is that many times larger.
  const retriever = lib.engine.documents.retriever;
  const appBudget = retriever.fullScoreRows;
  const db = openDatabase(libraryDir).db;
  const countRows = db.prepare('SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?').pluck();
  const overBudget = judgedQueries.filter(
    (q) => wordTerms(queries.get(q)!).reduce((n, term) => n + (countRows.get(term) as number), 0) > appBudget,
  ).length;
  const budgets: Record<string, Scores> = {};
  for (const budget of [2000, 500]) {
    retriever.fullScoreRows = budget;
    const ranked = new Map<string, string[]>();
    for (const q of judgedQueries) {
      const results = await lib.api.call('search.query', {
        query: queries.get(q)!,
        collectionIds: [collection.id],
        k,
        mode: 'keyword',
      });
      ranked.set(q, dedupe(results.map((r) => idOf(r.document))));
    }
    budgets[
      `app keyword leg, scoring budget ${budget.toLocaleString('en-US')} rows (as a ${Math.round(appBudget / budget)}× larger library meets it)`
    ] = evaluate(ranked, qrels, judgedQueries);
  }
  retriever.fullScoreRows = appBudget;

  // ---- baseline and prototypes on the same library's database
  const llamaVocabulary = join(MODELS_DIR, 'llama-2-tiny-random.gguf');
  const tokenizerModel = existsSync(llamaVocabulary)
    ? await (await sharedLlama()).loadModel({ modelPath: llamaVocabulary, gpuLayers: 0 })
    : null;
  const realTokenizer: { count: (text: string) => number; chunksPerDocument?: number } | null = tokenizerModel
    ? { count: (text) => tokenizerModel.tokenize(text).length }
    : null;
  const baselines = prototypes(db, corpus, queries, qrels, judgedQueries, collection.id, idOf, realTokenizer);
  for (const name of ['bench_docs', 'bench_titled', 'bench_real', 'bench_real_titled'])
    db.exec(`DROP TABLE IF EXISTS ${name}`); // leave a kept --library as the app made it
  await tokenizerModel?.dispose();
  db.close();

  const result: DatasetResult = {
    dataset,
    documents: docs.length,
    chunks,
    failed: docs.filter((d) => d.status === 'failed').length,
    queries: judgedQueries.length,
    ingestSeconds: Number.isFinite(ingestSeconds) ? ingestSeconds : null,
    queryMsMedian: Object.fromEntries(
      Object.entries(queryMs).map(([m, t]) => [m, round(t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!, 1)]),
    ),
    app,
    budgets,
    overBudget,
    baselines,
    chunksPerDocument: round(chunks / docs.length, 2),
    realVocabularyChunksPerDocument: realTokenizer?.chunksPerDocument ?? null,
  };
  await lib.close();
  temp.cleanup();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

/**
 * One level below documents.add, with the engine's own code: parseDocument (in-process, as the
 * queue parses text files), chunkPages with the embedding model's tokenizer at the queue's
 * 256/32 tokens (constants mirrored from native/documents/ingest.ts), EmbeddingHost.embed,
 * DocumentStore.insertDocument + saveChunks (with the parsed title, as the queue passes it), and
 * one VectorIndex.rebuild at the end. What it leaves out: the copy into the library, hashing,
 * status events, and the queue's incremental index updates and saves.
 */
async function ingestDirect(lib: Library, collectionId: string, embeddingModel: string, dir: string): Promise<void> {
  const { store, embedder } = lib.engine.documents;
  const record = await importModel(lib.api, embeddingModel);
  const counter = await embedder.tokenCounter(record);
  const batchId = store.createBatch(collectionId);
  for (const name of readdirSync(dir).sort((a, b) => a.localeCompare(b))) {
    const path = join(dir, name);
    const parsed = await parseDocument(path, { ocr: true, worker: false });
    const chunks = chunkPages(parsed.pages, {
      maxTokens: Math.min(256, counter.contextSize - 8),
      overlapTokens: 32,
      countTokens: counter.count,
    });
    const vectors = await embedder.embed(
      record,
      chunks.map((c) => (c.heading ? `${c.heading}\n${c.text}` : c.text)),
      'passage',
    );
    const bytes = readFileSync(path);
    const doc = store.insertDocument({
      collectionId,
      path,
      name,
      kind: 'text',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      batchId,
    });
    store.saveChunks(doc, chunks, vectors, {
      pages: parsed.pages.length,
      ocrPages: 0,
      warnings: parsed.warnings,
      title: parsed.title,
    });
  }
  lib.engine.documents.indexFor(collectionId).rebuild();
}

function evaluate(run: Map<string, string[]>, qrels: Qrels, queries: string[]): Scores {
  let n = 0;
  let r = 0;
  for (const q of queries) {
    const ranked = run.get(q) ?? [];
    n += ndcg(ranked, qrels.get(q)!, 10);
    r += recall(ranked, qrels.get(q)!, 100);
  }
  return { ndcg10: round(n / queries.length, 4), recall100: round(r / queries.length, 4) };
}

/**
 * The same-run baseline (whole-document BM25) and what the keyword leg would
 * score with each candidate change, all on the data the app indexed.
 */
/** An FTS5 table over the given chunk texts; each query ranks documents by their best chunk. */
function chunkIndex(
  db: Database.Database,
  name: string,
  chunks: Array<{ doc: string; text: string }>,
  queries: Map<string, string>,
  qrels: Qrels,
  judged: string[],
): Scores {
  db.exec(
    `DROP TABLE IF EXISTS ${name}; CREATE VIRTUAL TABLE ${name} USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2')`,
  );
  const insert = db.prepare(`INSERT INTO ${name} (rowid, text) VALUES (?, ?)`);
  db.transaction(() => chunks.forEach((c, i) => insert.run(i + 1, normalizeForIndex(c.text))))();
  const search = db
    .prepare(`SELECT rowid FROM ${name} WHERE ${name} MATCH ? ORDER BY bm25(${name}) LIMIT 4000`)
    .pluck();
  return evaluate(
    new Map(
      judged.map((q) => [
        q,
        dedupe((search.all(wordQuery(queries.get(q)!)) as number[]).map((r) => chunks[r - 1]!.doc)),
      ]),
    ),
    qrels,
    judged,
  );
}

function prototypes(
  db: Database.Database,
  corpus: Array<{ id: string; title: string; text: string }>,
  queries: Map<string, string>,
  qrels: Qrels,
  judged: string[],
  collectionId: string,
  idOf: (path: string) => string,
  realTokenizer: { count: (text: string) => number; chunksPerDocument?: number } | null,
): Record<string, Scores> {
  const out: Record<string, Scores> = {};
  const tokenizer = "tokenize = 'porter unicode61 remove_diacritics 2'";
  // 1. Baseline: one FTS5 row per document (title + text), BM25, the app's own query terms.
  db.exec(`DROP TABLE IF EXISTS bench_docs; CREATE VIRTUAL TABLE bench_docs USING fts5(text, ${tokenizer})`);
  const insertDoc = db.prepare('INSERT INTO bench_docs (rowid, text) VALUES (?, ?)');
  db.transaction(() => corpus.forEach((d, i) => insertDoc.run(i + 1, normalizeForIndex(`${d.title}\n\n${d.text}`))))();
  const docSearch = db.prepare(
    'SELECT rowid FROM bench_docs WHERE bench_docs MATCH ? ORDER BY bm25(bench_docs) LIMIT 100',
  );
  out['baseline: BM25 over whole documents (same tokenizer + query terms)'] = evaluate(
    new Map(
      judged.map((q) => [
        q,
        (docSearch.pluck().all(wordQuery(queries.get(q)!)) as number[]).map((r) => corpus[r - 1]!.id),
      ]),
    ),
    qrels,
    judged,
  );

  // 2. The app's chunk index, ranked by the best chunk per document (what the keyword leg does) at depth 4000.
  const chunkDocs = new Map<number, string>(
    (
      db
        .prepare('SELECT c.id, d.path FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.collection_id = ?')
        .all(collectionId) as Array<{ id: number; path: string }>
    ).map((r) => [r.id, idOf(r.path)]),
  );
  const chunkSearch = db.prepare(
    'SELECT rowid AS id, bm25(chunks_fts) AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score LIMIT 4000',
  );
  const aggregate = (how: 'max' | 'sum') =>
    new Map(
      judged.map((q) => {
        const rows = chunkSearch.all(wordQuery(queries.get(q)!)) as Array<{ id: number; score: number }>;
        const perDoc = new Map<string, number>();
        for (const row of rows) {
          const doc = chunkDocs.get(row.id);
          if (!doc) continue;
          const s = -row.score;
          perDoc.set(doc, how === 'max' ? Math.max(perDoc.get(doc) ?? -Infinity, s) : (perDoc.get(doc) ?? 0) + s);
        }
        return [q, [...perDoc.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d)];
      }),
    );
  out['check: chunk FTS5, best chunk per doc (= keyword leg, direct SQL)'] = evaluate(aggregate('max'), qrels, judged);
  // The latency prototype of retrieval-scale: drop query terms found in more than a share of the chunks.
  const total = chunkDocs.size;
  const df = new Map<string, number>();
  const countMatches = db.prepare('SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?').pluck();
  const pruned = (text: string, share: number): string => {
    const terms = wordQuery(text).split(' OR ').filter(Boolean);
    for (const t of terms) if (!df.has(t)) df.set(t, countMatches.get(t) as number);
    const kept = terms.filter((t) => df.get(t)! <= total * share);
    const rarest = [...terms].sort((a, b) => df.get(a)! - df.get(b)!)[0];
    return (kept.length ? kept : rarest ? [rarest] : []).join(' OR ');
  };
  for (const share of [0.02, 0.1]) {
    out[`prototype: query terms in > ${share * 100}% of chunks dropped (a latency fix not taken), best chunk per doc`] =
      evaluate(
        new Map(
          judged.map((q) => {
            const match = pruned(queries.get(q)!, share);
            const rows = match ? (chunkSearch.all(match) as Array<{ id: number }>) : [];
            return [q, dedupe(rows.map((r) => chunkDocs.get(r.id)).filter((d): d is string => Boolean(d)))];
          }),
        ),
        qrels,
        judged,
      );
  }
  out['prototype: chunk FTS5, sum of chunk scores per doc'] = evaluate(aggregate('sum'), qrels, judged);

  // 3. Chunks with the document title repeated in each chunk's indexed text (the title is in chunk 1 only today).
  const titles = new Map(corpus.map((d) => [d.id, d.title]));
  const chunkRows = db
    .prepare('SELECT c.id, c.seq, c.heading, c.text, d.path FROM chunks c JOIN documents d ON d.id = c.document_id')
    .all() as Array<{ id: number; seq: number; heading: string | null; text: string; path: string }>;
  out['prototype: chunk FTS5 with the title in every chunk, best chunk per doc'] = chunkIndex(
    db,
    'bench_titled',
    chunkRows.map((c) => ({
      doc: idOf(c.path),
      text: `${c.seq === 0 ? '' : `${titles.get(idOf(c.path)) ?? ''}\n`}${[c.heading, c.text].filter(Boolean).join('\n')}`,
    })),
    queries,
    qrels,
    judged,
  );

  // 4. Chunk sizes as a real vocabulary cuts them: the tiny test embedding model's 594-word vocabulary
  //    splits most words into letters, so its 256-token chunks hold ~60 words. Re-cut with a real
  //    32,000-token vocabulary (Llama 2's, from llama-2-tiny-random.gguf) by the app's own chunker.
  if (realTokenizer) {
    const { count } = realTokenizer;
    const cut = (d: { title: string; text: string }) =>
      chunkPages([{ page: 1, text: `${d.title}\n\n${d.text}`, headings: [] }], {
        maxTokens: 256,
        overlapTokens: 32,
        countTokens: count,
      });
    const real = corpus.flatMap((d) => cut(d).map((c) => ({ doc: d.id, seq: c.seq, text: c.text, title: d.title })));
    out['prototype: chunks cut by a 32k-vocabulary tokenizer (~190 words), best chunk per doc'] = chunkIndex(
      db,
      'bench_real',
      real,
      queries,
      qrels,
      judged,
    );
    out['prototype: both (32k-vocabulary chunks + title in every chunk)'] = chunkIndex(
      db,
      'bench_real_titled',
      real.map((c) => ({ doc: c.doc, text: c.seq === 0 ? c.text : `${c.title}\n${c.text}` })),
      queries,
      qrels,
      judged,
    );
    realTokenizer.chunksPerDocument = round(real.length / corpus.length, 2);
  }
  return out;
}
