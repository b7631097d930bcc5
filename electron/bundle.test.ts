/**
 * The built bundles, as Electron will load them: the preload runs sandboxed
 * (its require() offers only electron, events, timers and url) and the main
 * process must not pull in the engine's native addons.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.js', 'electron'], { cwd: root, stdio: 'pipe' });
});

describe('dist/electron/preload.cjs', () => {
  it('runs in a sandboxed preload and exposes only window.cellar', () => {
    const exposed = new Map<string, unknown>();
    const subscribed: string[] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: { on: (channel: string) => subscribed.push(channel) },
    };
    const requested: string[] = [];
    const sandboxRequire = (name: string): unknown => {
      requested.push(name);
      if (name === 'electron') return fakeElectron;
      throw new Error(`module not found: ${name} (sandboxed preloads cannot load it)`);
    };
    const module = { exports: {} };
    const code = readFileSync(join(root, 'dist', 'electron', 'preload.cjs'), 'utf8');
    // No process, Buffer or global Node APIs: only what a sandboxed preload has.
    runInNewContext(code, {
      require: sandboxRequire,
      module,
      exports: module.exports,
      console,
      setTimeout,
      clearTimeout,
      queueMicrotask,
    });
    expect(requested).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['cellar']);
    expect(Object.keys(exposed.get('cellar') as object).sort()).toEqual(['call', 'on', 'shell']);
    expect(subscribed.sort()).toEqual(['cellar:engine-port', 'cellar:engine-status']);
  });
});

describe('dist/electron/main.js', () => {
  it('imports only electron and Node built-ins, never the engine’s native addons', () => {
    const code = readFileSync(join(root, 'dist', 'electron', 'main.js'), 'utf8');
    const imports = [...code.matchAll(/^import\s[^'"]*["']([^'"]+)["']/gm)].map((m) => m[1]);
    expect(imports).toContain('electron');
    const others = imports.filter((name) => name !== 'electron' && !name?.startsWith('node:'));
    // Main is an engine client (the network ledger, "Delete everything"): the RPC
    // layer is plain JavaScript, a production dependency; nothing native.
    expect(others).toEqual(['birpc']);
    const addons = ['better-sqlite3', 'hnswlib-node', 'node-llama-cpp', '@napi-rs/canvas', 'tesseract.js'];
    for (const addon of addons) expect(code).not.toContain(`from "${addon}"`);
    expect(code).not.toMatch(/\brequire\(|\bimport\(/);
  });
});
