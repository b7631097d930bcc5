import { describe, expect, it } from 'vitest';
import {
  abstains,
  citedNumbers,
  containsAny,
  type EvalQuestion,
  firstHit,
  judgeAnswer,
  normalise,
} from './eval-score.js';

const q: EvalQuestion = {
  id: 'med-11',
  kind: 'medical',
  question: 'For how many years is tamoxifen usually taken?',
  document: 'pdf/understanding-breast-cancer.pdf',
  page: 49,
  expect: ['daily tablet for 5–10 years'],
  answer: ['5–10', '5-10'],
  lang: 'en',
};
const passage = (page: number, text: string, name = 'understanding-breast-cancer.pdf') => ({
  document: `/corpus/pdf/${name}`,
  pageStart: page,
  pageEnd: page,
  text,
});

describe('the evaluation scoring rules', () => {
  it('compares text without case, spacing, width or decimal commas', () => {
    expect(normalise('Take  2,5 mg\nDaily')).toBe('take2.5mgdaily');
    expect(containsAny('蒸 汽 织 布 机', ['蒸汽织布机'])).toBe(true);
    expect(containsAny('Tâ\u0301t', ['Tất'])).toBe(true);
  });

  it('a hit is the right document, the right page and an expected string', () => {
    const right = passage(49, 'Tamoxifen is taken as a daily tablet for 5–10 years.');
    expect(firstHit([passage(48, 'daily tablet for 5–10 years'), right], q)).toBe(2);
    expect(firstHit([passage(49, 'daily tablet for 5–10 years', 'other.pdf')], q)).toBeNull();
    expect(firstHit([passage(49, 'Tamoxifen is a hormone therapy.')], q)).toBeNull();
  });

  it('reads citation numbers in their usual forms', () => {
    expect(citedNumbers('It is 5 mg [1]. Also [2, 3] and [4][5] and 【6】.')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(citedNumbers('No citation here (1).')).toEqual([]);
  });

  it('recognises abstentions in the users’ languages, and not answers', () => {
    expect(abstains('The documents do not contain this information.')).toBe(true);
    expect(abstains('The sources don’t mention a dose.')).toBe(true);
    expect(abstains('文档中没有提到这个信息。')).toBe(true);
    expect(abstains('Tài liệu không có thông tin về điều này.')).toBe(true);
    expect(abstains('문서에 포함되어 있지 않습니다.')).toBe(true);
    expect(abstains('Tamoxifen is usually taken for 5–10 years [1].')).toBe(false);
  });

  it('judges correctness and citation support', () => {
    const cited = [passage(49, 'Tamoxifen: a daily tablet for 5–10 years.'), passage(12, 'Unrelated page.')];
    const good = judgeAnswer('Usually for 5–10 years [1].', cited, q);
    expect(good).toEqual({ abstained: false, correct: true, cited: 1, supported: 1 });
    const bad = judgeAnswer('Usually for 2 years [2].', cited, q);
    expect(bad).toEqual({ abstained: false, correct: false, cited: 1, supported: 0 });
    expect(judgeAnswer('See [7].', cited, q).supported).toBe(0);
  });
});
