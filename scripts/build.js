#!/usr/bin/env node
// Builds what runs: the engine, CLI and test harness (esbuild, Node ESM), the
// Electron main and preload (esbuild), and the renderer (Vite).
// Usage: node scripts/build.js [native] [electron] [renderer]   (default: all)
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

const targets = {
  native: () =>
    Promise.all([
      esbuild({
        ...node,
        entryPoints: {
          engine: 'native/engine/main.ts',
          cli: 'native/cli/main.ts',
          harness: 'native/harness/serve.ts',
          'parse-worker': 'native/documents/parse/worker.ts',
          'index-builder': 'native/documents/index-builder.ts',
        },
        outdir: 'dist/native',
      }),
      // The harness's window.cellar over WebSocket, for the browser tests only.
      esbuild({
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'chrome120',
        entryPoints: ['native/harness/browser-bridge.ts'],
        outfile: 'dist/harness/cellar-bridge.js',
        absWorkingDir: root,
        logLevel: 'warning',
      }),
    ]),
  electron: () =>
    Promise.all([
      esbuild({ ...node, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.js', external: ['electron'] }),
      // Sandboxed preloads cannot load modules: bundle everything but electron into one CommonJS file.
      esbuild({
        ...node,
        packages: undefined,
        format: 'cjs',
        entryPoints: ['electron/preload.ts'],
        outfile: 'dist/electron/preload.cjs',
        external: ['electron'],
      }),
    ]),
  renderer: () => viteBuild({ configFile: `${root}renderer/vite.config.ts`, logLevel: 'warn' }),
};

const wanted = process.argv.slice(2).filter((a) => a in targets);
for (const name of wanted.length ? wanted : Object.keys(targets)) {
  const started = Date.now();
  await targets[name]();
  console.log(`built ${name} in ${Date.now() - started} ms`);
}
