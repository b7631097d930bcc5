import { describe, expect, it } from 'vitest';
import { chunkPages } from './chunker.js';
import { normalizeForIndex, trigramQuery, wordQuery } from './text.js';

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

describe('chunkPages', () => {
  const pages = [
    {
      page: 1,
      text: 'Introduction\nThe cat sat on the mat. It was warm. '.repeat(10),
      headings: [{ offset: 0, level: 1, text: 'Introduction' }],
    },
    {
      page: 2,
      text: 'Results\nDogs barked loudly all night. Nobody slept. '.repeat(10),
      headings: [{ offset: 0, level: 1, text: 'Results' }],
    },
  ];

  it('keeps chunks within the token budget, with page spans and the nearest heading', () => {
    const chunks = chunkPages(pages, { maxTokens: 40, overlapTokens: 8, countTokens: words });
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks) {
      expect(c.tokenCount).toBeLessThanOrEqual(40);
      expect(c.pageEnd).toBeGreaterThanOrEqual(c.pageStart);
    }
    expect(chunks[0]).toMatchObject({ pageStart: 1, heading: 'Introduction' });
    expect(chunks.at(-1)).toMatchObject({ pageEnd: 2, heading: 'Results' });
    expect(chunks.some((c) => c.pageStart === 1 && c.pageEnd === 2)).toBe(true);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
  });

  it('overlaps consecutive chunks', () => {
    const chunks = chunkPages(pages, { maxTokens: 40, overlapTokens: 10, countTokens: words });
    const [a, b] = chunks;
    // The first words of b repeat the end of a.
    const head = b!.text.split(/\s+/).slice(0, 4).join(' ');
    const tail = a!.text.split(/\s+/).slice(-10).join(' ');
    expect(tail).toContain(head);
  });

  it('cuts a sentence longer than a chunk (CJK text has no spaces)', () => {
    const cjk = '化学方程式'.repeat(200);
    const chunks = chunkPages([{ page: 1, text: cjk, headings: [] }], {
      maxTokens: 50,
      overlapTokens: 0,
      countTokens: (t) => [...t].length,
    });
    expect(chunks.length).toBeGreaterThanOrEqual(20);
    expect(chunks.every((c) => [...c.text].length <= 50)).toBe(true);
    expect(chunks.map((c) => c.text).join('')).toBe(cjk);
  });
});

describe('sentence splitting keeps every character', () => {
  const all = (text: string): string =>
    chunkPages([{ page: 1, text, headings: [] }], { maxTokens: 1000, overlapTokens: 0, countTokens: (t) => t.length })
      .map((c) => c.text)
      .join(' ');

  it('keeps decimals, web addresses and abbreviations', () => {
    expect(all('Take 2.5 mg of drug X twice daily. Then rest.')).toBe('Take 2.5 mg of drug X twice daily. Then rest.');
    expect(all('See www.nhs.uk for details, e.g. the leaflet.')).toBe('See www.nhs.uk for details, e.g. the leaflet.');
  });

  it('splits Chinese and Japanese sentences without losing any', () => {
    const pieces = chunkPages([{ page: 1, text: '中文句子。日本語の文！最後', headings: [] }], {
      maxTokens: 6,
      overlapTokens: 0,
      countTokens: (t) => [...t].length,
    }).map((c) => c.text);
    expect(pieces.join('')).toBe('中文句子。日本語の文！最後');
    expect(pieces[0]).toBe('中文句子。');
  });
});

describe('query text', () => {
  it('quotes words and drops stopwords, so punctuation cannot break FTS5 syntax', () => {
    expect(wordQuery('What is "NEAR" (mammogram)?')).toBe('"near" OR "mammogram"');
  });

  it('folds đ so Vietnamese without tones matches', () => {
    expect(normalizeForIndex('được đều Đông')).toBe('dược dều Dông');
  });

  it('builds trigram phrases for CJK', () => {
    expect(trigramQuery('化学方程式')).toBe('"化学方程式"');
    expect(trigramQuery('化学方程式的配平方法')).toContain('"化学方"');
  });
});
