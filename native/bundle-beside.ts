import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A bundle built beside the calling module (dist/native/parse-worker.js beside
 * dist/native/engine.js), or null where there is none: running from the sources
 * (tests, benchmarks), where the caller does the work on its own thread instead.
 * No side effects on import: worker bundles import it too.
 */
export function bundleBeside(moduleUrl: string, file: string): URL | null {
  const url = new URL(`./${file}`, moduleUrl);
  try {
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
  } catch {
    return null;
  }
}
