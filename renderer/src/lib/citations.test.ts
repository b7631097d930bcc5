import { describe, expect, it } from 'vitest';
import { splitCitations } from './citations';

const known = new Set([1, 2, 3]);

describe('splitCitations', () => {
  it('turns known markers into numbers and keeps the text around them', () => {
    expect(splitCitations('Rent is due monthly [1]. Late fees apply [2][3].', known)).toEqual([
      'Rent is due monthly',
      { n: 1, raw: '[1]' },
      '. Late fees apply',
      { n: 2, raw: '[2]' },
      { n: 3, raw: '[3]' },
      '.',
    ]);
  });

  it('splits a list of numbers in one marker', () => {
    expect(splitCitations('See [1, 3].', known)).toEqual(['See', { n: 1, raw: '[1]' }, { n: 3, raw: '[3]' }, '.']);
  });

  it('leaves markers without a citation, and other brackets, as plain text', () => {
    expect(splitCitations('Not cited [99], nor [1, 99], nor [a] or [].', known)).toEqual([
      'Not cited [99], nor [1, 99], nor [a] or [].',
    ]);
  });
});
