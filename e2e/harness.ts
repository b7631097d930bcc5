import { test as base, expect, type Page, type Request } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from '../playwright.config.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const HARNESS = join(root, 'dist', 'native', 'harness.js');

export interface RunningHarness {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Every request the page made, to prove nothing left the machine. */
  requests: string[];
}

/** Start `dist/native/harness.js` (a real engine on a temporary library) and wait for its URL. */
export async function startHarness(dataDir: string): Promise<Omit<RunningHarness, 'requests'>> {
  if (!existsSync(HARNESS)) throw new Error(`${HARNESS} is missing: run "npm run build" before the e2e tests.`);
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (or set CELLAR_CHROMIUM).`);
  const child = spawn(process.execPath, [HARNESS, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the harness exited with code ${code} before it was ready`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  return { url, dataDir, process: child };
}

export const test = base.extend<{ harness: RunningHarness }>({
  harness: async ({ page }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cellar-e2e-'));
    const running = await startHarness(dataDir);
    const requests: string[] = [];
    page.on('request', (request: Request) => requests.push(request.url()));
    await use({ ...running, requests });
    running.process.kill('SIGTERM');
    await new Promise((resolve) => running.process.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  },
});

/** Assert the page only ever talked to the loopback harness. */
export function expectOnlyLoopback(requests: string[]): void {
  const outside = requests.filter((url) => {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:') return false;
    return hostname !== '127.0.0.1';
  });
  expect(outside, 'requests that left the machine').toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(root, 'e2e', 'screenshots', `${name}.png`) });
}

export { expect };
