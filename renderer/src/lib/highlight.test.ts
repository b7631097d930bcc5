import { describe, expect, it } from 'vitest';
import { splitHighlight } from './highlight';

describe('splitHighlight', () => {
  it('splits a snippet into plain text and matches', () => {
    expect(splitHighlight('…the [[cat]] sat on the [[mat]]…')).toEqual([
      { text: '…the ', match: false },
      { text: 'cat', match: true },
      { text: ' sat on the ', match: false },
      { text: 'mat', match: true },
      { text: '…', match: false },
    ]);
  });

  it('handles matches at either end and no match at all', () => {
    expect(splitHighlight('[[dose]] given')).toEqual([
      { text: 'dose', match: true },
      { text: ' given', match: false },
    ]);
    expect(splitHighlight('given [[dose]]')).toEqual([
      { text: 'given ', match: false },
      { text: 'dose', match: true },
    ]);
    expect(splitHighlight('nothing here')).toEqual([{ text: 'nothing here', match: false }]);
    expect(splitHighlight('')).toEqual([]);
  });

  it('keeps markup as text and survives broken markers', () => {
    expect(splitHighlight('<b>[[x]]</b>')).toEqual([
      { text: '<b>', match: false },
      { text: 'x', match: true },
      { text: '</b>', match: false },
    ]);
    expect(splitHighlight('a [[b')).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
    ]);
    expect(splitHighlight('a ]] b')).toEqual([{ text: 'a ]] b', match: false }]);
    expect(splitHighlight('[[]]x')).toEqual([{ text: 'x', match: false }]);
  });
});
