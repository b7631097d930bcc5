/**
 * The real app, launched in Electron: window, preload, engine utility process
 * and MessagePort wiring together. Skips, saying why, where the Electron binary
 * or a display is missing (the binary cannot be downloaded offline).
 */
import { _electron, expect, test } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(root, 'dist', 'electron', 'main.js');
// better-sqlite3 built for Electron's ABI: scripts/start.js (npm start) makes it.
const SQLITE_FOR_ELECTRON = process.env.CELLAR_SQLITE_BINDING ?? join(root, 'build-electron', 'better_sqlite3.node');

/** The binary's path, as require('electron') gives it under Node; null when it was never downloaded. */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    // node_modules/electron throws when its download was skipped.
    return null;
  }
}

const binary = electronBinary();
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

test('the Electron app shows what the engine reports in the System view', async () => {
  test.skip(
    binary === null,
    'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); run npm install with network to fetch it',
  );
  test.skip(headless, 'No display for Electron: run the e2e tests under xvfb-run (apt-get install -y xvfb)');
  expect(existsSync(MAIN), `${MAIN} is missing: run "npm run build" first`).toBe(true);
  expect(
    existsSync(SQLITE_FOR_ELECTRON),
    `${SQLITE_FOR_ELECTRON} is missing: run "npm start" once to build better-sqlite3 for Electron`,
  ).toBe(true);

  const dataDir = mkdtempSync(join(tmpdir(), 'cellar-electron-e2e-'));
  const app = await _electron.launch({
    executablePath: binary!,
    // Chromium refuses to start as root with its sandbox on (containers, CI); only there is it turned off.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), MAIN],
    env: { ...process.env, CELLAR_DATA_DIR: dataDir } as Record<string, string>,
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    // The page sees the bridge and nothing of Node or Electron.
    expect(await page.evaluate(() => Object.keys((window as unknown as { cellar: object }).cellar).sort())).toEqual([
      'call',
      'on',
    ]);
    expect(
      await page.evaluate(() => [
        typeof (globalThis as Record<string, unknown>).require,
        typeof (globalThis as Record<string, unknown>).process,
      ]),
    ).toEqual(['undefined', 'undefined']);

    await page
      .getByRole('button', { name: 'System' })
      .or(page.getByRole('link', { name: 'System' }))
      .first()
      .click();
    await expect(page.getByText('CPU cores', { exact: true })).toBeVisible();
    await expect(page.getByTestId('backend')).toHaveText(/CPU only|CUDA|Vulkan|Metal/);
    await expect(page.getByTestId('cpu-cores')).toContainText(String(cpus().length));
    await expect(page.getByTestId('data-dir')).toContainText(dataDir);

    mkdirSync(join(root, 'e2e', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(root, 'e2e', 'screenshots', 'electron-system.png') });
    expect(consoleErrors, 'console errors (CSP violations show here)').toEqual([]);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
