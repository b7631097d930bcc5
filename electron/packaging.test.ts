/**
 * The packaged app's hardening, read from electron-builder.yml: the Electron
 * fuses that close the ways to run the binary as something else, and the
 * file list that keeps the browser test harness (a loopback server) out of
 * the package.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
// js-yaml comes with electron-builder, which reads this same file with it.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  files: string[];
  asar: boolean;
  electronFuses: Record<string, boolean>;
  extraMetadata?: { main?: string };
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** electron-builder's rule: patterns apply in order, a later match (or "!" exclusion) overrides an earlier one. */
function packaged(path: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!');
    if (minimatch(path, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

describe('electron-builder.yml', () => {
  it('sets every fuse the security policy needs', () => {
    expect(config.electronFuses).toMatchObject({
      // The binary cannot be turned into a plain Node runtime…
      runAsNode: false,
      // …nor be given code through NODE_OPTIONS or --inspect.
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      // Cookies at rest are encrypted with the OS keychain.
      enableCookieEncryption: true,
      // Only the signed, integrity-checked app.asar is loaded.
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
    expect(config.asar).toBe(true);
  });

  it('keeps the browser harness out of the package, and the app in it', () => {
    for (const path of [
      'dist/native/harness.js',
      'dist/native/harness.js.map',
      'dist/harness/cellar-bridge.js',
      'dist/harness/anything/else.js',
      'dist/.tsbuild/electron.tsbuildinfo',
    ]) {
      expect(packaged(path), path).toBe(false);
    }
    for (const path of [
      'dist/electron/main.js',
      'dist/electron/preload.cjs',
      'dist/native/engine.js',
      'dist/native/parse-worker.js',
      'dist/renderer/index.html',
      'package.json',
      'resources/models.json',
    ]) {
      expect(packaged(path), path).toBe(true);
    }
    expect(config.extraMetadata?.main).toBe('dist/electron/main.js');
  });

  it('would package no harness file of the current build', () => {
    const built = filesUnder(join(root, 'dist'));
    const harness = built.filter((path) => path.startsWith('dist/harness/') || /^dist\/native\/harness\./.test(path));
    for (const path of harness) expect(packaged(path), path).toBe(false);
    // Everything else the build made for the app is packaged.
    for (const path of built.filter((p) => /^dist\/(electron|renderer)\//.test(p))) {
      expect(packaged(path), path).toBe(true);
    }
  });
});
