import { defineConfig } from '@playwright/test';

// End-to-end tests drive the built renderer in Debian's Chromium (no browser
// download): the browser harness bridges it to a real engine on loopback.
export const CHROMIUM = process.env.CELLAR_CHROMIUM ?? '/usr/bin/chromium';
/** Headless as root, and without Chromium's own background connections (this machine has no network). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--metrics-recording-only',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    // English unless a test asks otherwise: the window follows the system's language at first run.
    locale: 'en-US',
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
    trace: 'off',
  },
});
