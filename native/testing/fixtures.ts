/**
 * Where tests find the shared fixtures: tiny GGUF models and real documents
 * live outside the repo (never committed). CELLAR_MODELS_DIR and
 * CELLAR_CORPUS_DIR override the defaults beside the checkout.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const MODELS_DIR = resolve(process.env.CELLAR_MODELS_DIR ?? join(repoRoot, '..', 'shared', 'models'));
export const CORPUS_DIR = resolve(process.env.CELLAR_CORPUS_DIR ?? join(repoRoot, '..', 'shared', 'corpus'));

/** The path of a tiny test model, or an error that says exactly what is missing. */
export function modelPath(name: string): string {
  const path = join(MODELS_DIR, name);
  if (!existsSync(path)) {
    throw new Error(
      `Test model ${name} is missing: looked for ${path}. ` +
        'Set CELLAR_MODELS_DIR to the folder holding the tiny GGUF test models (see ../shared/models/README.md).',
    );
  }
  return path;
}

/** A fresh temporary data folder, removed by the returned cleanup. */
export function tempDataDir(prefix = 'cellar-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const DIST_DIR = join(repoRoot, 'dist');
