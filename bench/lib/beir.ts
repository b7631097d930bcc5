/** BEIR files and the standard metrics (pytrec_eval's ndcg_cut and recall, as BEIR reports them). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}

export type Qrels = Map<string, Map<string, number>>;

export function readCorpus(dir: string): BeirDoc[] {
  return jsonl(join(dir, 'corpus.jsonl')).map((d) => ({
    id: String(d._id),
    title: String(d.title ?? ''),
    text: String(d.text ?? ''),
  }));
}

export function readQueries(dir: string): Map<string, string> {
  return new Map(jsonl(join(dir, 'queries.jsonl')).map((q) => [String(q._id), String(q.text)]));
}

export function readQrels(dir: string, split = 'test'): Qrels {
  const qrels: Qrels = new Map();
  const lines = readFileSync(join(dir, 'qrels', `${split}.tsv`), 'utf8')
    .split('\n')
    .slice(1);
  for (const line of lines) {
    const [query, doc, score] = line.split('\t');
    if (!query || !doc || score === undefined) continue;
    let judged = qrels.get(query);
    if (!judged) qrels.set(query, (judged = new Map()));
    judged.set(doc, Number(score));
  }
  return qrels;
}

function jsonl(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** nDCG@k with linear gain (trec_eval / pytrec_eval, as BEIR): gain = grade, discount log2(rank + 1). */
export function ndcg(ranked: string[], judged: Map<string, number>, k = 10): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((doc, i) => {
    const gain = judged.get(doc) ?? 0;
    if (gain > 0) dcg += gain / Math.log2(i + 2);
  });
  const ideal = [...judged.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

export function recall(ranked: string[], judged: Map<string, number>, k = 100): number {
  const relevant = [...judged.entries()].filter(([, g]) => g > 0).map(([d]) => d);
  if (!relevant.length) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((d) => top.has(d)).length / relevant.length;
}

/** Chunks to documents: the first (best) rank of each document, in order. */
export function dedupe(docIds: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of docIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}
