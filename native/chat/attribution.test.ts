import { describe, expect, it } from 'vitest';
import type { Citation } from '../api/documents.js';
import { attribute, numbersIn } from './attribution.js';

const source = (n: number, text: string): Citation => ({
  n,
  chunkId: n,
  documentId: 'd',
  document: '/docs/booklet.pdf',
  name: 'booklet.pdf',
  pageStart: 40 + n,
  pageEnd: 40 + n,
  text,
});
const sources = [
  source(1, 'Radiotherapy is usually given daily, Monday to Friday, for 4-6 weeks after surgery.'),
  source(2, 'Tamoxifen is taken as a daily tablet for 5–10 years to lower the risk of the cancer coming back.'),
  source(3, 'The first Herceptin infusion takes up to 90 minutes; later ones are shorter.'),
];

describe('attribute: citations checked against the sources', () => {
  it('keeps a citation whose source supports the sentence', () => {
    const text = 'Tamoxifen is taken daily for 5–10 years [2].';
    expect(attribute(text, 'How long is tamoxifen taken?', sources)).toEqual({ text, unsupported: null });
  });

  it('moves a citation to the source that supports the sentence', () => {
    const { text } = attribute('The first Herceptin infusion takes up to 90 minutes [1].', 'Herceptin?', sources);
    expect(text).toBe('The first Herceptin infusion takes up to 90 minutes [3].');
  });

  it('cuts a list of every source down to the one that supports it', () => {
    const { text } = attribute('Tamoxifen is a daily tablet taken for 5–10 years [1][2][3].', 'Tamoxifen?', sources);
    expect(text).toBe('Tamoxifen is a daily tablet taken for 5–10 years [2].');
  });

  it('cites an uncited sentence that one source clearly supports', () => {
    const { text } = attribute(
      'Radiotherapy is given daily for 4-6 weeks after surgery. I hope this helps.',
      'How long is radiotherapy?',
      sources,
    );
    expect(text).toBe('Radiotherapy is given daily for 4-6 weeks after surgery [1]. I hope this helps.');
  });

  it('withholds an answer whose numbers no source holds', () => {
    const result = attribute('The standard dose is 20 mg daily [2].', 'What is the tamoxifen dose in mg?', sources);
    expect(result.unsupported).toEqual(['20']);
  });

  it('does not count the question’s own numbers, and reads number words', () => {
    expect(numbersIn('five years, 2,900 dollars, 2,5 mg')).toEqual(expect.arrayContaining(['5', '2900', '2.5']));
    const result = attribute('Stage 2 tumours are treated with surgery [1].', 'How is stage 2 treated?', sources);
    expect(result.unsupported).toBeNull();
  });

  it('never loses text: dots inside words, and page references to the sources', () => {
    const text = '[2] booklet.pdf, pages 41-42 says 2.5 mg e.g. daily. Done';
    expect(attribute(text, 'q', sources).text).toBe(text);
    // Page numbers and file names the answer repeats from the source headers are not invented numbers.
    expect(attribute('See booklet.pdf, pages 42-43 [2].', 'Tamoxifen?', sources).unsupported).toBeNull();
  });

  it('flags a reply that only restates the question', () => {
    const question = 'What is the five-year survival rate for stage II breast cancer, in percent?';
    const said =
      'Based on the information provided in the sources, the five-year survival rate for stage II breast cancer is [1].';
    expect(attribute(said, question, sources).empty).toBe(true);
    expect(
      attribute('Tamoxifen is taken for 5–10 years [2].', 'How long is tamoxifen taken?', sources).empty,
    ).toBeUndefined();
  });

  it('leaves an answer without sources alone', () => {
    expect(attribute('Hello [1].', 'Hi', [])).toEqual({ text: 'Hello [1].', unsupported: null });
  });
});
