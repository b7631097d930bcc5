import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SearchMode, SearchResult } from '../../api/contract.js';
import { collectionIdsFor } from '../collection-ref.js';
import { UsageError, type Command } from '../command.js';

const MODES: readonly SearchMode[] = ['hybrid', 'keyword', 'vector'];

/**
 * `cellar search "QUERY" [--collection NAME] [--k 10] [--mode hybrid|keyword|vector] --json`, or
 * `cellar search --queries FILE.jsonl ...`: one {"id", "results"} line per {"id", "query"} line,
 * from one process (for evaluations). A stable contract: tools depend on these fields.
 */
export const searchCommand: Command = async ({ api, args, options, out }) => {
  const mode = (options.mode ?? 'hybrid') as SearchMode;
  if (!MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}`);
  const k = options.k ? Number(options.k) : 10;
  if (!Number.isInteger(k) || k < 1) throw new UsageError('--k must be a positive whole number');
  const collectionIds = await collectionIdsFor(api, options.collection);
  const run = (query: string): Promise<SearchResult[]> => api.call('search.query', { query, collectionIds, k, mode });

  if (options.queries) {
    const lines = createInterface({ input: createReadStream(options.queries), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const { id, query } = JSON.parse(line) as { id: string; query: string };
      out(JSON.stringify({ id, results: (await run(query)).map(contract) }));
    }
    return 0;
  }
  const query = args.join(' ').trim();
  if (!query)
    throw new UsageError('cellar search "QUERY" [--collection NAME] [--k 10] [--mode hybrid|keyword|vector] [--json]');
  const results = await run(query);
  if (options.json) out(JSON.stringify(results.map(contract), null, 2));
  else if (!results.length) out('No matches.');
  else
    for (const r of results)
      out(`${r.score.toFixed(3)}  ${r.name} p.${pages(r)}\n       ${r.text.replace(/\s+/g, ' ').slice(0, 160)}…`);
  return 0;
};

export function contract(r: SearchResult) {
  return {
    document: r.document,
    name: r.name,
    pageStart: r.pageStart,
    pageEnd: r.pageEnd,
    text: r.text,
    score: r.score,
  };
}

const pages = (r: { pageStart: number; pageEnd: number }): string =>
  r.pageStart === r.pageEnd ? `${r.pageStart}` : `${r.pageStart}-${r.pageEnd}`;
