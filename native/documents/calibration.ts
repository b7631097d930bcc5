import type { ModelRecord } from '../api/models.js';
import { modelNames } from './prefixes.js';

/**
 * Relevance thresholds calibrated on the evaluation (`npm run eval -- --threshold T`,
 * bench/README.md "Real models") for embedding models the catalog cannot list, because
 * no publisher's file of them could be pinned to a commit and a hash. A model the
 * catalog lists carries its threshold in resources/models.json instead, which wins.
 *
 * Matched like the prefixes (prefixes.ts): on the file name and the GGUF's general.name,
 * so any quantisation or conversion of the same model finds it. A threshold belongs to
 * one model: multilingual-e5-base or -large would need their own calibration.
 */
const CALIBRATED: Array<{ pattern: RegExp; threshold: number }> = [
  // Same rule as all-MiniLM-L6-v2's 0.69: the lowest threshold at which the app's gate
  // (a keyword hit, or a passage this similar) keeps the most absent questions from the
  // model while keeping no answerable one from it (0.143 and 0 of them). e5 scores every
  // pair high: median top similarity 0.856 for absent questions, 0.873 for answerable ones.
  { pattern: /multilingual-e5-small/i, threshold: 0.9 },
];

export function calibratedThreshold(
  record: Pick<ModelRecord, 'fileName'> & { gguf: { name: string | null } },
): number | null {
  const names = modelNames(record);
  return CALIBRATED.find((c) => c.pattern.test(names))?.threshold ?? null;
}
