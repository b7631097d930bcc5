import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Cellar's package.json, found by walking up from this
 * file: the same answer from the sources (tests) and from the bundles in dist/
 * (and inside a packaged app's asar).
 */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'cellar')
      return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('Cellar cannot find its own package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
})();

/** A file in resources/ (model catalog, default prompts, icons). */
export function resourcePath(name: string): string {
  return join(PACKAGE_ROOT, 'resources', name);
}
