import { describe, expect, it } from 'vitest';
import { findPassage, highlightItems } from './passage';

// Text items as pdf.js gives them: one per line, hyphens and spacing as on the page.
const PAGE = [
  'Glossary',
  'malignant',
  'Cancer.',
  'mammogram',
  'An x-ray of the breast to detect cancer.',
  'mastectomy',
  'Surgical removal of the whole breast.',
  'menopause',
  'When a woman stops having periods',
  '(menstruating).',
  'of the breast',
];

describe('highlightItems', () => {
  it('finds the items that hold the passage, despite different whitespace and line breaks', () => {
    const passage =
      'mammogram  An x-ray of the breast to detect\ncancer. mastectomy Surgical removal of the whole breast.';
    const ranges = highlightItems(PAGE, passage);
    expect(ranges.map((r) => r.index)).toEqual([3, 4, 5, 6]);
    expect(ranges.every((r) => r.from === 0 && r.to === 1)).toBe(true);
  });

  it('ignores a common phrase elsewhere on the page, and finds nothing when the passage is absent', () => {
    const ranges = highlightItems(PAGE, 'When a woman stops having periods (menstruating). Hormone levels change.');
    expect(ranges.map((r) => r.index)).toEqual([8, 9]);
    expect(highlightItems(PAGE, 'Radiotherapy uses high-energy rays to destroy cancer cells.')).toEqual([]);
  });

  it('marks part of an item when the passage starts inside it', () => {
    const [range] = highlightItems(
      ['Intro text. The tenant pays the rent on time.'],
      'The tenant pays the rent on time.',
    );
    expect(range!.from).toBeGreaterThan(0.2);
    expect(range!.to).toBe(1);
  });
});

describe('findPassage', () => {
  it('gives the character range of the passage in a whole text', () => {
    const text = 'Line one.\nThe tenant   pays the rent\non the first day.\nLine four.';
    const range = findPassage(text, 'the tenant pays the rent on the first day');
    expect(text.slice(range!.start, range!.end)).toBe('The tenant   pays the rent\non the first day');
    expect(findPassage(text, 'nothing like this at all')).toBeNull();
  });
});
