/**
 * `npm run harness`: start a real engine and serve the built renderer to a
 * browser on 127.0.0.1. Prints one JSON line {url, dataDir} for test runners.
 * Options: --data-dir DIR (default: a fresh temporary folder), --port N.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toWireError } from '../api/errors.js';
import { EngineRuntime } from '../engine/runtime.js';
import { startHarness } from './server.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' } } });
const temporary = values['data-dir'] === undefined;
const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'cellar-harness-'));
const dist = fileURLToPath(new URL('..', import.meta.url));

let engine: EngineRuntime;
try {
  engine = new EngineRuntime(dataDir);
} catch (error) {
  console.error(`harness: ${toWireError(error).message}`);
  process.exit(1);
}
const harness = await startHarness({
  engine,
  rendererDir: join(dist, 'renderer'),
  bridgeScript: join(dist, 'harness', 'cellar-bridge.js'),
  port: values.port ? Number(values.port) : 0,
});
console.log(JSON.stringify({ url: harness.url, dataDir, pid: process.pid }));

const stop = async (): Promise<void> => {
  await harness.close();
  await engine.shutdown();
  if (temporary) rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
