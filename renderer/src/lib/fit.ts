import type { FitEstimate, FitVerdict } from '../api';
import { currentLanguage, t } from '../i18n';
import { formatNumber } from './format';

export type FitTone = 'ok' | 'warn' | 'neutral' | 'danger';

const TONES: Record<FitVerdict, FitTone> = { gpu: 'ok', partial: 'warn', cpu: 'neutral', 'no-fit': 'danger' };

const KEYS = { gpu: 'gpu', partial: 'partial', cpu: 'cpu', 'no-fit': 'noFit' } as const satisfies Record<
  FitVerdict,
  string
>;

/** The badge for a fit verdict: what it says and its colour. */
export function fitBadge(verdict: FitVerdict): { label: string; tone: FitTone } {
  const key = (KEYS as Record<string, (typeof KEYS)[FitVerdict] | undefined>)[verdict];
  return key ? { label: t(`fit.badge.${key}`), tone: TONES[verdict] } : { label: verdict, tone: 'neutral' };
}

const GIB = 1024 ** 3;
const gib = (bytes: number): string => `${formatNumber(bytes / GIB, bytes < GIB ? 2 : 1)} GiB`;

/**
 * The estimate in one sentence. The engine writes it in English; other languages
 * say the same from the estimate's numbers.
 */
export function fitSummary(fit: FitEstimate): string {
  if (currentLanguage() === 'en') return fit.summary;
  switch (fit.verdict) {
    case 'no-fit':
      return t('fit.summary.noFit', { size: gib(fit.ramBytes + fit.vramBytes), tokens: formatNumber(fit.contextSize) });
    case 'cpu':
      return t('fit.summary.cpu', { ram: gib(fit.ramBytes) });
    case 'gpu':
      return t('fit.summary.gpu', { vram: gib(fit.vramBytes) });
    case 'partial':
      return t('fit.summary.partial', {
        layers: fit.gpuLayers,
        total: fit.totalLayers,
        vram: gib(fit.vramBytes),
        ram: gib(fit.ramBytes),
      });
    default:
      return fit.summary;
  }
}
