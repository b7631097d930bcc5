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

  it('drops citations of sources that were not given, and a run of citations that backs nothing', () => {
    // Seen on the evaluation: Qwen2.5 0.5B listed [1] to [22] with 7 sources given.
    const run = Array.from({ length: 22 }, (_, i) => `[${i + 1}]`).join(' - ');
    const { text } = attribute(
      `Tamoxifen is taken daily for 5–10 years [2]. The answer is ${run}`,
      'Tamoxifen?',
      sources,
    );
    expect(text).toBe('Tamoxifen is taken daily for 5–10 years [2]. The answer is');
    // An unknown number inside a list goes, the known one stays.
    expect(attribute('Tamoxifen is taken daily for 5–10 years [2, 9].', 'Tamoxifen?', sources).text).toBe(
      'Tamoxifen is taken daily for 5–10 years [2].',
    );
    // A claim cited with a run is cut to the source that supports it, without the dashes between marks.
    expect(
      attribute('The first Herceptin infusion takes up to 90 minutes [1] - [2] - [3].', 'Herceptin?', sources).text,
    ).toBe('The first Herceptin infusion takes up to 90 minutes [3].');
  });

  it('shows a sentence repeated in a loop once', () => {
    const loop = 'Tamoxifen is taken daily for 5–10 years [2]. '.repeat(6);
    expect(attribute(`${loop}Radiotherapy follows surgery [1].`, 'Tamoxifen?', sources).text).toBe(
      'Tamoxifen is taken daily for 5–10 years [2]. Radiotherapy follows surgery [1].',
    );
  });

  it('flags a reply that only recites the sources’ names and pages', () => {
    const recital = 'Booklet.pdf, pages 41-42 [1] booklet.pdf, page 43 [3]. [2] booklet.pdf, pages 42';
    expect(attribute(recital, 'How common is it in men?', sources).empty).toBe(true);
    // Seen on the evaluation, with the file name's words spelled out.
    const named = sources.map((s) => ({ ...s, name: 'understanding-breast-cancer.pdf', pageStart: 10, pageEnd: 11 }));
    const spelled = 'Understanding breast cancer.pdf, pages 10-11 [3] Understanding breast cancer.pdf, pages 10 [2]';
    expect(attribute(spelled, 'How common is it in men?', named).empty).toBe(true);
  });

  it('leaves an answer without sources alone', () => {
    expect(attribute('Hello [1].', 'Hi', [])).toEqual({ text: 'Hello [1].', unsupported: null });
  });
});
