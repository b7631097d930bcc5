/**
 * For tests only: bundle worker.ts the way scripts/build.js does for the app
 * (dist/native/parse-worker.js), into a throwaway folder under dist/ so that
 * its bare imports (pdfjs-dist, tesseract.js) resolve from node_modules.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST_DIR } from '../../testing/fixtures.js';

export async function buildParseWorker(): Promise<{ url: URL; dir: string; cleanup: () => void }> {
  const { build } = await import('esbuild');
  const root = join(DIST_DIR, '..');
  mkdirSync(DIST_DIR, { recursive: true });
  const dir = mkdtempSync(join(DIST_DIR, '.parse-worker-test-'));
  await build({
    absWorkingDir: root,
    entryPoints: { 'parse-worker': 'native/documents/parse/worker.ts' },
    outdir: dir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return {
    url: pathToFileURL(join(dir, 'parse-worker.js')),
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
