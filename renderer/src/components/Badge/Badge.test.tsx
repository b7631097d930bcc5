// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FitVerdict } from '../../api';
import { fitEstimate } from '../../test/fixtures';
import { FitBadge } from './Badge';

afterEach(cleanup);

describe('FitBadge', () => {
  const cases: Array<[FitVerdict, string, string]> = [
    ['gpu', 'Fits on GPU', 'badge--ok'],
    ['partial', 'Partly offloaded', 'badge--warn'],
    ['cpu', 'CPU only', 'badge--neutral'],
    ['no-fit', 'Does not fit', 'badge--danger'],
  ];

  it.each(cases)('shows %s as "%s" (%s) with the summary as its title', (verdict, label, tone) => {
    render(<FitBadge fit={fitEstimate({ verdict, summary: `Summary for ${verdict}` })} />);
    const badge = screen.getByTestId('fit-badge');
    expect(badge.textContent).toBe(label);
    expect(badge.className).toContain(tone);
    expect(badge.getAttribute('title')).toBe(`Summary for ${verdict}`);
  });
});
