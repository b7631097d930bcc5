import type { ModelRecord } from '../api/models.js';

export type EmbedRole = 'query' | 'passage';

export interface EmbeddingPrefixes {
  query: string;
  passage: string;
}

/**
 * What each embedding family was trained to see before a text. Asymmetric retrieval
 * models compare a prefixed question with prefixed passages; without the prefixes
 * their similarities drift (multilingual-e5 model card: "otherwise you will see a
 * performance degradation"). Symmetric models (all-MiniLM, BGE-M3, BGE small) take none.
 * Matched on the file name and the GGUF's general.name, since a model imported from
 * disk says what it is only there.
 */
const FAMILIES: Array<{ pattern: RegExp; prefixes: EmbeddingPrefixes }> = [
  { pattern: /\be5\b|multilingual-e5|e5-(small|base|large)/i, prefixes: { query: 'query: ', passage: 'passage: ' } },
  {
    pattern: /nomic-embed/i,
    prefixes: { query: 'search_query: ', passage: 'search_document: ' },
  },
  {
    pattern: /embeddinggemma/i,
    prefixes: { query: 'task: search result | query: ', passage: 'title: none | text: ' },
  },
  {
    pattern: /qwen3-embedding/i,
    prefixes: {
      query: 'Instruct: Given a question, retrieve passages from documents that answer it\nQuery: ',
      passage: '',
    },
  },
];

const NONE: EmbeddingPrefixes = { query: '', passage: '' };

export function embeddingPrefixes(
  record: Pick<ModelRecord, 'fileName'> & { gguf: { name: string | null } },
): EmbeddingPrefixes {
  const names = modelNames(record);
  return FAMILIES.find((f) => f.pattern.test(names))?.prefixes ?? NONE;
}

/**
 * What a model says it is, to match a family on: its file name and the GGUF's general.name
 * (a model imported from disk says what it is only there), with underscores read as dashes.
 */
export function modelNames(record: Pick<ModelRecord, 'fileName'> & { gguf: { name: string | null } }): string {
  return `${record.fileName} ${record.gguf.name ?? ''}`.replace(/_/g, '-');
}
