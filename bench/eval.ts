/**
 * `npm run eval`: the team's own question set (bench/eval/questions.json) over
 * ../shared/corpus, run through the whole app path on real models: ingest the corpus
 * into a collection, `search.query` for retrieval, and `chat.send` in a chat bound to
 * the collection for the answer. Prints per kind: retrieval hit@1/5/10, answer
 * correctness, citation precision, abstention, time to first token and tokens/s.
 *
 * Models: --model and --embedding-model, else the real models that
 * `npm run models:real` fetches (scripts/real_models.py --json; fetched if missing).
 *
 * Options: --library DIR (keep the ingested library there and reuse it: ingestion with
 * OCR takes minutes), --kinds a,b, --ids a,b, --limit N, --every N [--offset I] (every Nth question from the Ith: a quick sample), --no-chat (retrieval only), --k 10,
 * --merge a.json,b.json (one report from runs over disjoint samples; with --rejudge, the stored
 * answers checked again by today's checkAnswer), --max-tokens 200, --threads N, --questions FILE, --label NAME (the results file is eval[-NAME].json),
 * --threshold T|none (the embedding model's relevance threshold for this run, to calibrate a new model).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CellarBridge, Message, ModelRecord } from '../native/api/contract.js';
import { checkAnswer } from '../native/chat/attribution.js';
import { answer as ask } from '../native/cli/commands/ask.js';
import {
  CORPUS_DIR,
  ROOT,
  int,
  log,
  mean,
  median,
  options,
  percentile,
  round,
  str,
  table,
  tempDir,
  writeResult,
} from './lib/common.js';
import { type RealModel, realModels } from '../native/testing/real-models.js';
import { type EvalQuestion, firstHit, isAbsent, judgeAnswer, type Passage } from '../native/testing/eval-score.js';
import { importModel, openLibrary } from './lib/library.js';

const opts = options({
  model: { type: 'string' },
  'embedding-model': { type: 'string' },
  library: { type: 'string' },
  kinds: { type: 'string' },
  ids: { type: 'string' },
  limit: { type: 'string' },
  every: { type: 'string' },
  offset: { type: 'string' },
  merge: { type: 'string' },
  rejudge: { type: 'boolean' },
  'no-chat': { type: 'boolean' },
  k: { type: 'string' },
  'max-tokens': { type: 'string' },
  questions: { type: 'string' },
  label: { type: 'string' },
  threads: { type: 'string' },
  threshold: { type: 'string' },
});

/** The real models from the fetch script (the same call as the real-model test; it downloads them on first use). */
function fetchedModels(): { chat: RealModel[]; embedding: RealModel[] } {
  const models = realModels();
  if (!models.ok) throw new Error(`${models.reason}; pass --model and --embedding-model instead`);
  return models;
}

interface Row {
  id: string;
  kind: string;
  lang: string;
  absent: boolean;
  hit: number | null;
  /** What the chat's own retrieval handed the model (after the relevance gate). */
  sources: number;
  answer?: string;
  notice?: string | null;
  citations?: Array<{ n: number; name: string; pageStart: number; pageEnd: number; text: string }>;
  abstained?: boolean;
  correct?: boolean | null;
  cited?: number;
  supported?: number;
  ttftMs?: number;
  tokensPerSecond?: number;
  ocrKnownBroken: boolean;
  /** What the chat's retrieval saw: the best vector similarity, and per fused source whether keyword search found it and its similarity. */
  topSimilarity: number | null;
  fused: Array<{ keyword: boolean; similarity: number | null }>;
}

/** Threads for both models (--threads; default: the app's own choice for this machine). */
async function useThreads(api: CellarBridge, model: ModelRecord): Promise<ModelRecord> {
  if (typeof opts.threads !== 'string') return model;
  return api.call('models.update', { id: model.id, settings: { threads: int(opts, 'threads', 1) } });
}

async function ingest(api: CellarBridge, embeddingPath: string, libraryDir: string, reuse: boolean) {
  const model = await useThreads(api, await importModel(api, embeddingPath));
  const existing = (await api.call('collections.list')).find((c) => c.name === 'eval');
  if (existing && reuse && existing.embeddingModelId === model.id && existing.documentCount > 0) {
    log(`reusing the ingested library in ${libraryDir} (${existing.chunkCount} chunks)`);
    return existing;
  }
  if (existing) await api.call('collections.delete', { id: existing.id });
  const collection = await api.call('collections.create', { name: 'eval', embeddingModelId: model.id });
  // The corpus's folders, not its README (which describes every document).
  const folders = readdirSync(CORPUS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory());
  const paths = folders.map((e) => join(CORPUS_DIR, e.name));
  const result = await api.call('documents.add', { paths, collectionId: collection.id });
  log(`ingesting ${result.batch.total} files from ${CORPUS_DIR} ...`);
  return collection;
}

async function main(): Promise<void> {
  if (typeof opts.merge === 'string') {
    // Runs over disjoint samples (--every 2 --offset 0 and 1) reported as one.
    const parts = opts.merge
      .split(',')
      .map(
        (f) =>
          JSON.parse(readFileSync(resolve(f), 'utf8')) as { config: Record<string, unknown>; results: { rows: Row[] } },
      );
    const all = (
      JSON.parse(readFileSync(join(ROOT, 'bench', 'eval', 'questions.json'), 'utf8')) as { questions: EvalQuestion[] }
    ).questions;
    const questionsById = new Map(all.map((q) => [q.id, q]));
    const order = new Map(all.map((q, i) => [q.id, i]));
    let rows = parts.flatMap((p) => p.results.rows).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    if (opts.rejudge) rows = rows.map((row) => rejudge(row, questionsById.get(row.id)!));
    report(rows, { ...parts[0]!.config, merged: opts.merge, rejudged: opts.rejudge === true });
    return;
  }
  const questionsFile = resolve(str(opts, 'questions', join(ROOT, 'bench', 'eval', 'questions.json')));
  let questions = (JSON.parse(readFileSync(questionsFile, 'utf8')) as { questions: EvalQuestion[] }).questions;
  if (typeof opts.ids === 'string') {
    const ids = new Set(opts.ids.split(','));
    questions = questions.filter((q) => ids.has(q.id));
  }
  if (typeof opts.kinds === 'string') {
    const kinds = new Set(opts.kinds.split(','));
    questions = questions.filter((q) => kinds.has(q.kind));
  }
  const every = int(opts, 'every', 1);
  const offset = int(opts, 'offset', 0);
  questions = questions.filter((_, i) => i % every === offset).slice(0, int(opts, 'limit', questions.length));
  const k = int(opts, 'k', 10);
  const chat = !opts['no-chat'];

  const given = (flag: string): string | null =>
    typeof opts[flag] === 'string' ? resolve(opts[flag] as string) : null;
  const real = given('model') && given('embedding-model') ? null : fetchedModels();
  const chatPath = given('model') ?? real!.chat[0]?.path;
  const embeddingPath = given('embedding-model') ?? real!.embedding[0]?.path;
  if (!chatPath || !embeddingPath) throw new Error('no real chat or embedding model: run npm run models:real');
  for (const p of [chatPath, embeddingPath]) if (!existsSync(p)) throw new Error(`model not found: ${p}`);

  const libraryDir = typeof opts.library === 'string' ? resolve(opts.library) : null;
  const temp = libraryDir ? null : tempDir('eval');
  const dir = libraryDir ?? temp!.dir;
  const lib = openLibrary(dir);
  const { api, engine } = lib;
  // --threshold T: the run uses T as the embedding model's relevance threshold (for calibrating a
  // model before it has one; 'none' runs it as uncalibrated), in fusion and the relevance gate alike.
  const threshold = typeof opts.threshold === 'string' ? opts.threshold : null;
  if (threshold !== null) {
    const t = threshold === 'none' ? null : Number(threshold);
    if (t !== null && !(t > 0 && t < 1)) throw new Error('--threshold takes a number between 0 and 1, or none');
    engine.documents.relevanceThreshold = () => t;
  }
  try {
    const collection = await ingest(api, embeddingPath, dir, libraryDir !== null);
    await engine.documents.queue.whenIdle();
    const docs = await api.call('documents.list', { collectionId: collection.id });
    const failed = docs.filter((d) => d.status === 'failed').map((d) => `${d.name}: ${d.errorCode}`);
    const fresh = await api.call('collections.list');
    const chunks = fresh.find((c) => c.id === collection.id)?.chunkCount ?? 0;
    if (!docs.length) throw new Error(`no documents were ingested from ${CORPUS_DIR} (set CELLAR_CORPUS_DIR)`);
    log(`library: ${docs.length} documents, ${chunks} chunks; failed: ${failed.join(', ') || 'none'}`);

    const chatModel: ModelRecord | null = chat ? await useThreads(api, await importModel(api, chatPath)) : null;
    const embeddingModel = await importModel(api, embeddingPath);

    const rows: Row[] = [];
    for (const [i, q] of questions.entries()) {
      const results = await api.call('search.query', { query: q.question, collectionIds: [collection.id], k });
      const passages: Passage[] = results;
      const retriever = engine.documents.retriever;
      const top = await retriever.rank({ query: q.question, collectionIds: [collection.id], k: 1, mode: 'vector' });
      const fused = await retriever.rank({ query: q.question, collectionIds: [collection.id], k: 8, mode: 'hybrid' });
      const row: Row = {
        topSimilarity: top[0]?.similarity ?? null,
        fused: fused.map((r) => ({ keyword: r.keyword, similarity: r.similarity ?? null })),
        id: q.id,
        kind: q.kind,
        lang: q.lang,
        absent: isAbsent(q),
        hit: firstHit(passages, q),
        sources: 0,
        ocrKnownBroken: q.ocrKnownBroken === true,
      };
      if (chat) {
        // Each question in a chat of its own (no history), with greedy decoding: the same
        // answers on every run, so before/after figures compare.
        const thread = await api.call('threads.create', { modelId: chatModel!.id, title: q.id });
        await api.call('threads.update', {
          id: thread.id,
          collectionIds: [collection.id],
          sampling: { temperature: 0, maxTokens: int(opts, 'max-tokens', 200) },
        });
        const message: Message = await ask(api, thread.id, q.question);
        await api.call('threads.delete', { id: thread.id });
        const judged = judgeAnswer(message.content, message.citations, q);
        Object.assign(row, {
          answer: message.content,
          notice: message.notice,
          citations: message.citations.map(({ n, name, pageStart, pageEnd, text }) => ({
            n,
            name,
            pageStart,
            pageEnd,
            text,
          })),
          sources: message.citations.length,
          ...judged,
          ttftMs: message.stats?.ttftMs,
          tokensPerSecond: message.stats?.tokensPerSecond,
        });
      }
      rows.push(row);
      log(
        `${String(i + 1).padStart(3)}/${questions.length} ${q.id.padEnd(12)} hit@${row.hit ?? '-'}` +
          (chat
            ? ` ${row.abstained ? 'ABSTAIN' : row.correct ? 'correct' : row.absent ? 'answered' : 'wrong'} cites ${row.supported}/${row.cited}`
            : ''),
      );
    }
    report(rows, {
      questions: questionsFile,
      corpus: CORPUS_DIR,
      k,
      chat,
      chatModel: chat ? { name: basename(chatPath), sha256: chatModel!.sha256 } : null,
      embeddingModel: { name: basename(embeddingPath), sha256: embeddingModel.sha256 },
      relevanceThreshold: engine.documents.relevanceThreshold(collection.id),
      documents: docs.length,
      chunks,
      failed,
    });
  } finally {
    await lib.close();
    temp?.cleanup();
  }
}

const rate = (n: number, d: number): number | null => (d ? round(n / d, 3) : null);

function summarise(rows: Row[]) {
  const answerable = rows.filter((r) => !r.absent);
  const absent = rows.filter((r) => r.absent);
  const chatted = rows.filter((r) => r.answer !== undefined);
  const within = (n: number): number => answerable.filter((r) => r.hit !== null && r.hit <= n).length;
  const cited = answerable.reduce((s, r) => s + (r.cited ?? 0), 0);
  const supported = answerable.reduce((s, r) => s + (r.supported ?? 0), 0);
  const ttft = chatted.map((r) => r.ttftMs ?? 0).filter((t) => t > 0);
  const tps = chatted.map((r) => r.tokensPerSecond ?? 0).filter((t) => t > 0);
  return {
    questions: rows.length,
    answerable: answerable.length,
    absent: absent.length,
    hit1: rate(within(1), answerable.length),
    hit5: rate(within(5), answerable.length),
    hit10: rate(within(10), answerable.length),
    correct: chatted.length ? rate(answerable.filter((r) => r.correct).length, answerable.length) : null,
    citationPrecision: chatted.length ? rate(supported, cited) : null,
    citedAnswers: chatted.length ? rate(answerable.filter((r) => (r.cited ?? 0) > 0).length, answerable.length) : null,
    abstainOnAbsent: chatted.length ? rate(absent.filter((r) => r.abstained).length, absent.length) : null,
    falseAbstention: chatted.length ? rate(answerable.filter((r) => r.abstained).length, answerable.length) : null,
    ttftMsP50: ttft.length ? round(median(ttft), 0) : null,
    ttftMsP95: ttft.length ? round(percentile(ttft, 95), 0) : null,
    tokensPerSecond: tps.length ? round(mean(tps), 1) : null,
  };
}

/**
 * A stored answer checked again with today's checkAnswer (what the chat service does after
 * generation): greedy answers do not change, so this is what a new run would save.
 */
function rejudge(row: Row, q: EvalQuestion): Row {
  if (row.answer === undefined || row.notice || !row.citations?.length) return row;
  const citations = row.citations.map((c) => ({ ...c, chunkId: 0, documentId: '', document: `/${c.name}` }));
  const { content, notice } = checkAnswer(row.answer, q.question, citations);
  return { ...row, answer: content, notice, ...judgeAnswer(content, citations, q) };
}

type Gate = (row: Row, threshold: number) => boolean;
/** Relevance rules for "is anything in the documents?", each with a threshold on the vector similarity. */
const GATES: Record<string, Gate> = {
  'keyword or similar (app before)': (r, t) => r.fused.some((f) => f.keyword || (f.similarity ?? -1) >= t),
  'similar only': (r, t) => (r.topSimilarity ?? -1) >= t,
  'similar, or keyword and nearly similar (t - 0.1)': (r, t) =>
    r.fused.some((f) => (f.similarity ?? -1) >= t || (f.keyword && (f.similarity ?? -1) >= t - 0.1)),
};

/**
 * For each rule, the threshold that blocks the most absent questions while blocking at
 * most 5 % of the answerable ones (the false-abstention bound).
 */
function calibrate(rows: Row[]) {
  const answerable = rows.filter((r) => !r.absent);
  const absent = rows.filter((r) => r.absent);
  return Object.entries(GATES).map(([rule, gate]) => {
    let best: { threshold: number | null; absentBlocked: number | null; answerableBlocked: number | null } = {
      threshold: null,
      absentBlocked: null,
      answerableBlocked: null,
    };
    for (let t = 0.05; t <= 0.951; t += 0.01) {
      const absentBlocked = absent.filter((r) => !gate(r, t)).length / (absent.length || 1);
      const answerableBlocked = answerable.filter((r) => !gate(r, t)).length / (answerable.length || 1);
      if (answerableBlocked <= 0.05 && (best.absentBlocked === null || absentBlocked > best.absentBlocked))
        best = {
          threshold: round(t, 2),
          absentBlocked: round(absentBlocked, 3),
          answerableBlocked: round(answerableBlocked, 3),
        };
    }
    return { rule, ...best };
  });
}

function report(rows: Row[], config: Record<string, unknown>): void {
  const kinds = [...new Set(rows.map((r) => r.kind))];
  const groups: Array<[string, Row[]]> = [
    ...kinds.map((kind): [string, Row[]] => [kind, rows.filter((r) => r.kind === kind)]),
    ['all answerable', rows.filter((r) => !r.absent)],
    ['all but known-broken OCR', rows.filter((r) => !r.ocrKnownBroken)],
    ['all', rows],
  ];
  const summaries = Object.fromEntries(groups.map(([name, group]) => [name, summarise(group)]));
  const tables = [
    table(
      `Evaluation: ${rows.length} questions (${(config.chatModel as { name: string } | null)?.name ?? 'retrieval only'}; ${(config.embeddingModel as { name: string }).name})`,
      [
        'kind',
        'n',
        'hit@1',
        'hit@5',
        'hit@10',
        'correct',
        'cite prec.',
        'cited',
        'abstain (absent)',
        'false abstain',
        'TTFT p50 ms',
        'tok/s',
      ],
      groups.map(([name]) => {
        const s = summaries[name]!;
        return [
          name,
          s.questions,
          s.hit1,
          s.hit5,
          s.hit10,
          s.correct,
          s.citationPrecision,
          s.citedAnswers,
          s.abstainOnAbsent,
          s.falseAbstention,
          s.ttftMsP50,
          s.tokensPerSecond,
        ];
      }),
    ),
  ];
  const calibration = calibrate(rows.filter((r) => !r.ocrKnownBroken));
  tables.push(
    table(
      'Relevance threshold calibration (retrieval gate only: does any source reach the model?)',
      ['rule', 'threshold', 'absent blocked', 'answerable blocked'],
      calibration.map((c) => [c.rule, c.threshold, c.absentBlocked, c.answerableBlocked]),
    ),
  );
  const label = typeof opts.label === 'string' ? `eval-${opts.label}` : 'eval';
  writeResult(label, config, { summaries, calibration, rows }, tables);
}

await main();
