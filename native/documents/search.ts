import type { Database } from 'better-sqlite3';
import type { SearchMode, SearchResult } from '../api/documents.js';
import { ApiError } from '../api/errors.js';
import type { ModelLibrary } from '../models/library.js';
import type { EmbeddingHost } from './embedder.js';
import type { DocumentStore } from './store.js';
import { hasCjk, shortCjkTerms, trigramQuery, wordTerms } from './text.js';
import type { VectorIndex } from './vector-index.js';

/** Reciprocal-rank fusion constant (the usual 60: rank matters, score scales do not). */
const RRF_K = 60;

/**
 * How much a vector neighbour counts in the fusion, against 1 for a keyword hit.
 * An embedding model whose similarities mean something (a calibrated relevance
 * threshold) counts fully above its threshold and less below it. An uncalibrated one
 * (a model the catalog does not know, or a random test model) only fills the list
 * after the keyword hits: 0.001/61 is below the gap between any two keyword ranks
 * up to rank ~180, so it neither reorders nor pushes out a keyword hit. With equal
 * weights the tiny random model took half the fused top 10 and dropped a chunk that
 * keyword search ranked 4th (FACTS.md, 2026-12-03).
 */
export const VECTOR_WEIGHT = { calibrated: 0.5, belowThreshold: 0.1, uncalibrated: 0.001 };

/**
 * The most rows a keyword query scores with BM25 before it keeps its common words for
 * scoring only (see Retriever.#words): about 5 ms here. Libraries below ~100,000
 * chunks rarely reach it, so their ranking is FTS5's exact BM25.
 */
export const FULL_SCORE_ROWS = 10_000;

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
  /** Rows a keyword query may score in full before its common words only score (FULL_SCORE_ROWS; benchmarks vary it). */
  fullScoreRows = FULL_SCORE_ROWS;

  constructor(
    private readonly db: Database,
    private readonly store: DocumentStore,
    private readonly library: ModelLibrary,
    private readonly embedder: EmbeddingHost,
    private readonly indexFor: (collectionId: string) => VectorIndex,
    /** The calibrated relevance threshold of a collection's embedding model; null when it has none. */
    private readonly thresholdFor: (collectionId: string) => number | null = () => null,
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
    const collections = collectionIds.length ? collectionIds : this.store.collectionIds();
    if (!query.trim() || !collections.length) return [];
    const depth = Math.max(k * 4, 50);
    const keywordIds = new Set<number>();
    const similarities = new Map<number, number>();
    const scores = new Map<number, number>();
    const add = (id: number, rank: number, weight: number): void => {
      scores.set(id, (scores.get(id) ?? 0) + weight / (RRF_K + rank + 1));
    };
    if (mode !== 'vector') {
      const ids = this.keyword(query, collections, depth);
      ids.forEach((id, rank) => {
        keywordIds.add(id);
        add(id, rank, 1);
      });
    }
    if (mode !== 'keyword') {
      for (const collectionId of collections) {
        const neighbors = await this.vector(query, collectionId, depth);
        // Vector search alone ranks by similarity whatever the calibration; hybrid weighs it.
        const threshold = mode === 'vector' ? null : this.thresholdFor(collectionId);
        for (const [rank, n] of neighbors.entries()) {
          similarities.set(n.id, Math.max(n.similarity, similarities.get(n.id) ?? -1));
          const weight =
            mode === 'vector'
              ? 1
              : threshold === null
                ? VECTOR_WEIGHT.uncalibrated
                : n.similarity >= threshold
                  ? VECTOR_WEIGHT.calibrated
                  : VECTOR_WEIGHT.belowThreshold;
          add(n.id, rank, weight);
        }
      }
    }
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([id, score]) => ({ id, score, keyword: keywordIds.has(id), similarity: similarities.get(id) }));
  }

  /**
   * BM25 over the word index, plus trigrams (and a substring match for two-character
   * words) when the query has CJK. Best first.
   */
  keyword(query: string, collectionIds: string[], limit: number): number[] {
    // Every collection searched (none named, or all of them): no per-row collection check.
    const filter = !collectionIds.length || this.store.coversAllCollections(collectionIds) ? null : collectionIds;
    const results = new Map<number, number>();
    const keep = (rows: Array<{ id: number; rank: number }>): void => {
      for (const row of rows) results.set(row.id, Math.min(row.rank, results.get(row.id) ?? 0));
    };
    try {
      keep(this.#words(wordTerms(query), filter, limit));
      if (hasCjk(query)) {
        const match = trigramQuery(query);
        if (match) keep(this.#bm25('chunks_trigram', match, filter, limit));
        const scope = collectionIds.length ? collectionIds : this.store.collectionIds();
        for (const term of shortCjkTerms(query)) {
          const marks = scope.map(() => '?').join(',');
          const rows = this.db
            .prepare(`SELECT id FROM chunks WHERE collection_id IN (${marks}) AND instr(text, ?) > 0 LIMIT ?`)
            .pluck()
            .all(...scope, term, limit) as number[];
          for (const id of rows) results.set(id, (results.get(id) ?? 0) - 1);
        }
      }
    } catch (error) {
      throw new ApiError('BAD_PARAMS', `The search could not be run: ${(error as Error).message}`);
    }
    return [...results.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  }

  /**
   * BM25 over an OR of the query's words, scoring at most ~`fullScoreRows` rows.
   *
   * FTS5 scores every row that matches any term, so a query with a common word costs
   * as much as that word is common (98,000 rows a query at 1M chunks: 44 ms p50,
   * 95 ms p95). When the terms match more rows than the budget, the rarest terms
   * whose rows fit in it choose the candidates, and the commoner terms only add to
   * the score of rows that have a rare one: Elasticsearch's "common terms" query.
   * Candidates are ranked by their exact BM25 over every term: rows with a common
   * term are scored by `rare AND common`, the rest by `rare` alone (a row without a
   * common term scores the same in both, and any row above it in `rare` is above
   * it overall, so the top `limit` of the two together is the candidates' exact top
   * `limit`). What is lost: rows that hold only common words, which rank below most
   * rows with a rare one (top 10 agreed with the full OR on 97 % at 1M chunks).
   */
  #words(terms: string[], filter: string[] | null, limit: number): Array<{ id: number; rank: number }> {
    if (!terms.length) return [];
    const counted = terms
      .map((term) => ({ term, rows: this.#rowsUpTo(term, this.fullScoreRows + 1) }))
      .sort((a, b) => a.rows - b.rows);
    const rare: string[] = [];
    const common: string[] = [];
    let rows = 0;
    for (const { term, rows: n } of counted) {
      if (!rare.length || rows + n <= this.fullScoreRows) {
        rare.push(term);
        rows += n;
      } else common.push(term);
    }
    if (!common.length) return this.#bm25('chunks_fts', rare.join(' OR '), filter, limit);
    const anyRare = `(${rare.join(' OR ')})`;
    const scored = new Map<number, number>();
    for (const row of this.#bm25('chunks_fts', anyRare, filter, limit)) scored.set(row.id, row.rank);
    for (const row of this.#bm25('chunks_fts', `${anyRare} AND (${common.join(' OR ')})`, filter, limit))
      scored.set(row.id, row.rank);
    return [...scored]
      .map(([id, rank]) => ({ id, rank }))
      .sort((a, b) => a.rank - b.rank)
      .slice(0, limit);
  }

  /** How many rows match a term, counted no further than `cap`. */
  #rowsUpTo(term: string, cap: number): number {
    return this.db
      .prepare('SELECT COUNT(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)')
      .pluck()
      .get(term, cap) as number;
  }

  /** The best `limit` rows of an FTS5 match by BM25 (lower is better), in the given collections or all. */
  #bm25(
    table: 'chunks_fts' | 'chunks_trigram',
    match: string,
    filter: string[] | null,
    limit: number,
  ): Array<{ id: number; rank: number }> {
    const sql = filter
      ? // The collection check goes through the (collection_id, rowid) index, not the wide chunk rows.
        `SELECT f.rowid AS id, bm25(${table}) AS rank FROM ${table} f
         JOIN chunks c INDEXED BY chunks_collection ON c.id = f.rowid
         WHERE ${table} MATCH ? AND c.collection_id IN (${filter.map(() => '?').join(',')}) ORDER BY rank LIMIT ?`
      : `SELECT rowid AS id, bm25(${table}) AS rank FROM ${table} WHERE ${table} MATCH ? ORDER BY rank LIMIT ?`;
    return this.db.prepare(sql).all(match, ...(filter ?? []), limit) as Array<{ id: number; rank: number }>;
  }

  async vector(query: string, collectionId: string, limit: number) {
    const index = this.indexFor(collectionId);
    if (index.countUpTo(1) === 0) return [];
    const model = this.library.get(this.store.embeddingModelId(collectionId));
    const [vector] = await this.embedder.embed(model, [query], 'query');
    await index.settled(); // an index file being read (engine start) is worth the wait: seconds at most
    return index.search(vector!, limit);
  }
}
