import { test as base, expect, type Page, type Request } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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
  /** What was spawned: the harness itself, or strace running it. */
  process: ChildProcess;
  /** The harness's own process id (the Node process that runs the engine). */
  pid: number;
  /** Every request the page made, to prove nothing left the machine. */
  requests: string[];
}

export interface HarnessOptions {
  /**
   * Run the harness under `strace -f`, writing every connect/sendto/sendmsg
   * of it and its children to this file. Callers check `straceUsable()` first.
   */
  traceSyscallsTo?: string;
}

/** Start `dist/native/harness.js` (a real engine on a temporary library) and wait for its URL. */
export async function startHarness(
  dataDir: string,
  options: HarnessOptions = {},
): Promise<Omit<RunningHarness, 'requests'>> {
  if (!existsSync(HARNESS)) throw new Error(`${HARNESS} is missing: run "npm run build" before the e2e tests.`);
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (or set CELLAR_CHROMIUM).`);
  const harnessArgs = [HARNESS, '--data-dir', dataDir];
  const child = options.traceSyscallsTo
    ? spawn('strace', [...STRACE_ARGS, '-o', options.traceSyscallsTo, process.execPath, ...harnessArgs], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
    : spawn(process.execPath, harnessArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the harness exited with code ${code} before it was ready`)));
  });
  const { url, pid } = JSON.parse(first) as { url: string; pid: number };
  return { url, dataDir, process: child, pid };
}

/** Stop a harness: SIGTERM to the harness itself (not to strace, which would detach), then wait for it all to exit. */
export async function stopHarness(running: Pick<RunningHarness, 'process' | 'pid'>): Promise<void> {
  if (running.process.exitCode !== null || running.process.signalCode !== null) return;
  const exited = new Promise((resolve) => running.process.once('exit', resolve));
  try {
    process.kill(running.pid, 'SIGTERM');
  } catch {
    running.process.kill('SIGTERM');
  }
  await exited;
}

/** Every system call that names a peer address, in every thread and child; fast with a seccomp filter. */
const STRACE_ARGS = ['-f', '-qq', '--seccomp-bpf', '-e', 'trace=connect,sendto,sendmsg'];

/** Whether strace is installed and may trace here (containers often forbid ptrace). */
export function straceUsable(): boolean {
  const probe = spawnSync('strace', [...STRACE_ARGS, '-o', '/dev/null', 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

export const test = base.extend<{ harness: RunningHarness }>({
  harness: async ({ page }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cellar-e2e-'));
    const running = await startHarness(dataDir);
    const requests: string[] = [];
    page.on('request', (request: Request) => requests.push(request.url()));
    await use({ ...running, requests });
    await stopHarness(running);
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
