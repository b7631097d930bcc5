import type { FitVerdict } from '../api';

export type FitTone = 'ok' | 'warn' | 'neutral' | 'danger';

const BADGES: Record<FitVerdict, { label: string; tone: FitTone }> = {
  gpu: { label: 'Fits on GPU', tone: 'ok' },
  partial: { label: 'Partly offloaded', tone: 'warn' },
  cpu: { label: 'CPU only', tone: 'neutral' },
  'no-fit': { label: 'Does not fit', tone: 'danger' },
};

/** The badge for a fit verdict: what it says and its colour. */
export function fitBadge(verdict: FitVerdict): { label: string; tone: FitTone } {
  return BADGES[verdict] ?? { label: verdict, tone: 'neutral' };
}
