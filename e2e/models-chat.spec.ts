import type { Locator } from '@playwright/test';
import { modelPath } from '../native/testing/fixtures.js';
import { expect, expectOnlyLoopback, screenshot, test } from './harness.js';
import { setMaxTokens } from './ui.js';

// The tiny chat model: it writes nonsense children's stories, fast.
const MODEL_FILE = 'stories260K-chatml.gguf';

async function textLength(locator: Locator): Promise<number> {
  return ((await locator.textContent()) ?? '').length;
}

test('first run, import by path, then a streamed chat that can be stopped and survives a reload', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  const model = modelPath(MODEL_FILE);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  // (a) A fresh library: the welcome, with both ways to get a model.
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Cellar' })).toBeVisible();
  await expect(page.getByTestId('recommended').or(page.getByTestId('catalog-unavailable'))).toBeVisible();
  await expect(page.getByLabel('Full path of a .gguf file')).toBeVisible();
  await screenshot(page, 'first-run');

  // (b) Import the tiny model by pasting its path, copied into the library.
  await page.getByLabel('Full path of a .gguf file').fill(model);
  await expect(page.getByRole('radio', { name: /Copy into Cellar’s library/ })).toBeChecked();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('new-chat')).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Models' }).click();
  const card = page.getByTestId('model-card');
  await expect(card.getByRole('heading', { name: 'stories260K-chatml' })).toBeVisible();
  // The card's own badge (the Advanced settings panel shows one for its draft settings too).
  await expect(card.locator('header').getByTestId('fit-badge')).toHaveText(
    /^(Fits on GPU|Partly offloaded|CPU only|Does not fit)$/,
  );
  await expect(card.getByTestId('fit-summary')).not.toBeEmpty();
  await expect(card).toContainText('Copied into the library');
  await expect(card).toContainText(MODEL_FILE);
  await screenshot(page, 'model-library');

  // (c) A new chat with room for a long answer, so it can be caught mid-stream and stopped.
  await page.getByRole('button', { name: 'Chats' }).click();
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByTestId('chat-pane')).toBeVisible();
  await setMaxTokens(page, 4000);

  await page.getByTestId('composer').fill('Tell me a story about a cat.');
  await page.getByTestId('composer').press('Enter');
  const answer = page.getByTestId('message-assistant').last();
  await expect.poll(() => textLength(answer), { timeout: 60_000, intervals: [50] }).toBeGreaterThan(0);
  const early = await textLength(answer);
  await expect.poll(() => textLength(answer), { timeout: 30_000, intervals: [50] }).toBeGreaterThan(early);
  await page.getByTestId('stop').click();

  await expect(answer).toHaveAttribute('data-status', 'stopped');
  await expect(answer.getByTestId('message-status')).toContainText('Stopped');
  const stoppedText = (await answer.locator('.md').textContent()) ?? '';
  expect(stoppedText.length).toBeGreaterThan(0);

  // The stopped answer and its text are saved: they are there after a reload.
  await page.reload();
  await page.getByRole('button', { name: /^Tell me a story about a cat\./ }).click();
  const reloaded = page.getByTestId('message-assistant').last();
  await expect(reloaded).toHaveAttribute('data-status', 'stopped');
  await expect(reloaded.getByTestId('message-status')).toContainText('Stopped');
  await expect(reloaded.locator('.md')).toHaveText(stoppedText);

  // (d) Another question, answered in full, with its stats.
  await setMaxTokens(page, 300);
  await page.getByTestId('composer').fill('Tell me another one, about a dog.');
  await page.getByTestId('composer').press('Enter');
  const second = page.getByTestId('message-assistant').nth(1);
  await expect(second).toHaveAttribute('data-status', 'complete', { timeout: 60_000 });
  await expect(second.locator('.md')).not.toBeEmpty();
  await expect(second.getByTestId('tokens-per-second')).toHaveText(/^\d+\.\d tok\/s$/);
  await expect(second.getByTestId('message-stats')).toContainText('stories260K-chatml');
  await expect(second.getByTestId('message-stats')).toContainText(/\d+ \+ \d+ tokens/);
  await expect(page.getByTestId('send')).toBeVisible();
  await screenshot(page, 'chat');

  expectOnlyLoopback(harness.requests);
  expect(consoleErrors, 'console errors (CSP violations show here)').toEqual([]);
});
