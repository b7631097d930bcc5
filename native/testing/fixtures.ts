/**
 * Where tests find the shared fixtures: tiny GGUF models and real documents
 * live outside the repo (never committed). CELLAR_MODELS_DIR and
 * CELLAR_CORPUS_DIR override the defaults beside the checkout.
 */
import { spawnSync } from 'node:child_process';
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

/** The built CLI (the test global setup builds it). */
export const CLI_PATH = join(DIST_DIR, 'native', 'cli.js');

/** Run the built CLI to its end, as a user's shell would; `input` is typed on its stdin. */
export function runCellar(args: string[], input?: string) {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: the test global setup should have built it.`);
  return spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', timeout: 60_000, input });
}
