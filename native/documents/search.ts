import type { Database } from 'better-sqlite3';
import type { SearchMode, SearchResult } from '../api/documents.js';
import { ApiError } from '../api/errors.js';
import type { ModelLibrary } from '../models/library.js';
import type { EmbeddingHost } from './embedder.js';
import type { DocumentStore } from './store.js';
import { hasCjk, shortCjkTerms, trigramQuery, wordQuery } from './text.js';
import type { VectorIndex } from './vector-index.js';

/** Reciprocal-rank fusion constant (the usual 60: rank matters, score scales do not). */
const RRF_K = 60;

export interface SearchRequest {
  query: string;
  collectionIds: string[];
  k: number;
  mode: SearchMode;
}

export interface Ranked {
  id: number;
  /** Best cosine similarity from the vector leg, when it found the chunk. */
  similarity?: number;
  /** Whether the keyword leg found it. */
  keyword: boolean;
  score: number;
}

/**
 * Hybrid retrieval: SQLite FTS5 BM25 (words, stemmed and diacritic-folded;
 * trigrams for CJK) and k-NN over each collection's vectors, fused by
 * reciprocal rank. Each collection's vectors are searched with its own
 * embedding model.
 */
export class Retriever {
  constructor(
    private readonly db: Database,
    private readonly store: DocumentStore,
    private readonly library: ModelLibrary,
    private readonly embedder: EmbeddingHost,
    private readonly indexFor: (collectionId: string) => VectorIndex,
  ) {}

  async search(request: SearchRequest): Promise<SearchResult[]> {
    const ranked = await this.rank(request);
    const rows = this.store.chunksByIds(ranked.map((r) => r.id));
    const top = ranked[0]?.score || 1;
    return ranked.flatMap((r) => {
      const row = rows.get(r.id);
      if (!row) return [];
      return [
        {
          chunkId: row.id,
          documentId: row.document_id,
          collectionId: row.collection_id,
          document: row.path,
          name: row.name,
          pageStart: row.page_start,
          pageEnd: row.page_end,
          heading: row.heading,
          text: row.text,
          score: Math.round((r.score / top) * 1e4) / 1e4,
        },
      ];
    });
  }

  /** Fused ranking of chunk ids, best first, with what each leg said. */
  async rank({ query, collectionIds, k, mode }: SearchRequest): Promise<Ranked[]> {
    const collections = collectionIds.length ? collectionIds : this.store.collections().map((c) => c.id);
    if (!query.trim() || !collections.length) return [];
    const depth = Math.max(k * 4, 50);
    const lists: number[][] = [];
    const keywordIds = new Set<number>();
    const similarities = new Map<number, number>();
    if (mode !== 'vector') {
      const ids = this.keyword(query, collections, depth);
      ids.forEach((id) => keywordIds.add(id));
      lists.push(ids);
    }
    if (mode !== 'keyword') {
      for (const collectionId of collections) {
        const neighbors = await this.vector(query, collectionId, depth);
        neighbors.forEach((n) => similarities.set(n.id, Math.max(n.similarity, similarities.get(n.id) ?? -1)));
        lists.push(neighbors.map((n) => n.id));
      }
    }
    const scores = new Map<number, number>();
    for (const list of lists)
      list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + rank + 1)));
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([id, score]) => ({ id, score, keyword: keywordIds.has(id), similarity: similarities.get(id) }));
  }

  /** BM25 over the word index, plus trigrams (and LIKE for two-character words) when the query has CJK. */
  keyword(query: string, collectionIds: string[], limit: number): number[] {
    const marks = collectionIds.map(() => '?').join(',');
    const results = new Map<number, number>();
    const run = (table: 'chunks_fts' | 'chunks_trigram', match: string): void => {
      if (!match) return;
      const rows = this.db
        .prepare(
          `SELECT f.rowid AS id, bm25(${table}) AS rank FROM ${table} f JOIN chunks c ON c.id = f.rowid
           WHERE ${table} MATCH ? AND c.collection_id IN (${marks}) ORDER BY rank LIMIT ?`,
        )
        .all(match, ...collectionIds, limit) as Array<{ id: number; rank: number }>;
      for (const row of rows) results.set(row.id, Math.min(row.rank, results.get(row.id) ?? 0));
    };
    try {
      run('chunks_fts', wordQuery(query));
      if (hasCjk(query)) {
        run('chunks_trigram', trigramQuery(query));
        for (const term of shortCjkTerms(query)) {
          const rows = this.db
            .prepare(`SELECT id FROM chunks WHERE collection_id IN (${marks}) AND instr(text, ?) > 0 LIMIT ?`)
            .pluck()
            .all(...collectionIds, term, limit) as number[];
          for (const id of rows) results.set(id, (results.get(id) ?? 0) - 1);
        }
      }
    } catch (error) {
      throw new ApiError('BAD_PARAMS', `The search could not be run: ${(error as Error).message}`);
    }
    return [...results.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  }

  async vector(query: string, collectionId: string, limit: number) {
    // Per query: one count of the collection's chunks and one id lookup (not the
    // whole collection listing, which counts every collection's rows).
    const index = this.indexFor(collectionId);
    const total = index.count();
    if (total === 0) return [];
    const model = this.library.get(this.store.embeddingModelId(collectionId));
    const [vector] = await this.embedder.embed(model, [query]);
    return index.search(vector!, limit, total);
  }
}
