import { cpus } from 'node:os';
import { expect, expectOnlyLoopback, screenshot, test } from './harness.js';

test('the System view shows what the real engine reports', async ({ page, harness }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(harness.url);
  await page
    .getByRole('button', { name: 'System' })
    .or(page.getByRole('link', { name: 'System' }))
    .first()
    .click();

  await expect(page.getByTestId('backend')).toHaveText(/CPU only|CUDA|Vulkan|Metal/);
  await expect(page.getByTestId('cpu-cores')).toContainText(String(cpus().length));
  await expect(page.getByTestId('data-dir')).toContainText(harness.dataDir);
  await expect(page.getByTestId('ram')).toContainText('GiB');
  await expect(page.getByTestId('app-version')).toContainText(/\d+\.\d+\.\d+/);
  await screenshot(page, 'system');

  expectOnlyLoopback(harness.requests);
  expect(consoleErrors, 'console errors (CSP violations show here)').toEqual([]);
});
