import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { CORPUS_DIR, modelPath } from '../native/testing/fixtures.js';
import { expect, expectOnlyLoopback, screenshot, test } from './harness.js';
import { importModel } from './ui.js';

// The main flow with the keyboard only (Tab, Enter, Space, typing and the shortcuts; no clicks):
// import, chat, add documents, ask, open a citation, close it. Then the theme choice and reduced motion.

const COLLECTION = 'Patient leaflets';
const LEAFLET = join(CORPUS_DIR, 'pdf', 'understanding-breast-cancer.pdf');

/** Press Tab until the locator has the focus (the way a keyboard user gets there); fails after `max` stops. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  const handle = await target.elementHandle();
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await handle!.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Keyboard-only import of a model by path, from the first-run screen or the Models view. */
async function importByKeyboard(page: Page, file: string): Promise<void> {
  await tabTo(page, page.getByLabel('Full path of a .gguf file'));
  await page.keyboard.type(modelPath(file));
  await tabTo(page, page.getByRole('button', { name: 'Import', exact: true }));
  await page.keyboard.press('Enter');
}

function contrast(a: number[], b: number[]): number {
  const lum = (c: number[]) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** The focused element's outline colour, and the colour of the view behind it. */
async function focusRingColours(page: Page): Promise<{ ring: number[]; background: number[]; width: string }> {
  return page.evaluate(() => {
    const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return {
      ring: rgb(style.outlineColor),
      background: rgb(getComputedStyle(document.querySelector('.app__main')!).backgroundColor),
      width: style.outlineWidth,
    };
  });
}

test('keyboard only: import, chat, add documents, ask, stop, open a citation and close it; shortcuts and their help', async ({
  page,
  harness,
}) => {
  test.setTimeout(300_000);
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Cellar' })).toBeVisible();

  // The skip link is the first Tab stop, shown when focused, and lands in the main region.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();

  // Import the chat model from the welcome screen, then the embedding model in the Models view.
  await importByKeyboard(page, 'stories260K-chatml.gguf');
  await expect(page.getByTestId('new-chat')).toBeVisible({ timeout: 30_000 });
  await tabTo(page, page.getByRole('button', { name: 'Models', exact: true }));
  await page.keyboard.press('Enter');
  await importByKeyboard(page, 'tiny-random-bert.gguf');
  await expect(page.getByTestId('import-done')).toContainText('to the library', { timeout: 30_000 });

  // A collection with one document, by keyboard.
  await tabTo(page, page.getByRole('button', { name: 'Documents', exact: true }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Collection name'));
  await page.keyboard.type(COLLECTION);
  await tabTo(page, page.getByRole('button', { name: 'Create collection' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByTestId('paths-input'));
  await page.keyboard.type(LEAFLET);
  await tabTo(page, page.getByRole('button', { name: 'Add', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('document-row')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  // Ingestion status is announced politely.
  await expect(page.getByTestId('batch-announcer')).toHaveAttribute('role', 'status');
  await expect(page.getByTestId('batch-announcer')).toContainText('Indexing finished');

  // Ctrl+N: a new chat, with the focus in its message box.
  await page.keyboard.press('Control+n');
  await expect(page.getByTestId('chat-pane')).toBeVisible();
  const composer = page.getByTestId('composer');
  await expect(composer).toBeFocused();

  // Answer from the collection: Space ticks it; / goes back to the message box.
  const pick = page.getByTestId('collection-picker').getByLabel(COLLECTION);
  await tabTo(page, pick);
  await page.keyboard.press('Space');
  await expect(pick).toBeChecked();
  await page.keyboard.press('/');
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue('');

  // Esc stops an answer as it is written.
  await page.keyboard.type('Tell me a long story about mammograms.');
  await page.keyboard.press('Enter');
  const first = page.getByTestId('message-assistant').first();
  await expect(first).toHaveAttribute('data-status', 'streaming', { timeout: 60_000 });
  await expect(page.getByTestId('answer-announcer')).toHaveText('Writing the answer…');
  // Once words arrive (a stop before the first word is covered by native/chat/chat.test.ts).
  await expect
    .poll(async () => ((await first.locator('.md').textContent()) ?? '').length, { timeout: 60_000, intervals: [50] })
    .toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect(first).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  await expect(page.getByTestId('answer-announcer')).toHaveText('The answer was stopped.');

  // Ask, and let it finish.
  await page.keyboard.press('/');
  await expect(composer).toBeFocused();
  await page.keyboard.type('What does a mammogram show?');
  await page.keyboard.press('Enter');
  const answer = page.getByTestId('message-assistant').nth(1);
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 120_000 });
  await expect(page.getByTestId('answer-announcer')).toHaveText('The answer is ready.');

  // Open a citation with Enter: the viewer takes the focus, its page area is a Tab stop; Esc closes it,
  // and the focus goes back to the citation.
  const source = answer.getByTestId('source-item').first();
  await tabTo(page, source);
  await page.keyboard.press('Enter');
  const viewer = page.getByTestId('source-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer).toBeFocused();
  await expect(viewer.getByTestId('highlight-status')).toHaveText('The cited passage is highlighted.', {
    timeout: 60_000,
  });
  await tabTo(page, viewer.getByTestId('pdf-scroll'), 20);
  const scroller = viewer.getByTestId('pdf-scroll');
  const before = await scroller.evaluate((el) => el.scrollTop);
  await page.keyboard.press('PageDown');
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).not.toBe(before);
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(source).toBeFocused();

  // ? opens the list of shortcuts; Esc closes it and the focus goes back.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Start a new chat');
  await expect(help).toContainText('Ctrl');
  await screenshot(page, 'keyboard-shortcuts');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(source).toBeFocused();

  // Opening a chat from the list puts the focus in its message box.
  await page.keyboard.press('Control+n');
  await expect(composer).toBeFocused();
  const older = page.getByTestId('thread-item').filter({ hasText: 'Tell me a long story' }).getByRole('button').first();
  await tabTo(page, older);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message-assistant')).toHaveCount(2);
  await expect(composer).toBeFocused();

  expectOnlyLoopback(harness.requests);
});

test('the focus ring has 3:1 contrast in both themes', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Cellar' })).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await tabTo(
      page,
      page
        .getByRole('button', { name: 'Import', exact: true })
        .or(page.getByLabel('Full path of a .gguf file'))
        .first(),
    );
    const { ring, background, width } = await focusRingColours(page);
    expect(width).toBe('2px');
    expect(contrast(ring, background), `${colorScheme}: ring ${ring} on ${background}`).toBeGreaterThanOrEqual(3);
  }
});

test('the message box shows a 2px focus ring of 3:1 contrast in both themes', async ({ page, harness }) => {
  await page.goto(harness.url);
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await importModel(page, 'stories260K-chatml.gguf');
  await page.keyboard.press('Control+n');
  await expect(page.getByTestId('composer')).toBeFocused();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { ring, background, width } = await page.evaluate(() => {
      const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const box = getComputedStyle(document.querySelector('.composer')!);
      return {
        ring: rgb(box.outlineColor),
        background: rgb(getComputedStyle(document.querySelector('.app__main')!).backgroundColor),
        width: box.outlineWidth,
      };
    });
    expect(width).toBe('2px');
    expect(contrast(ring, background), `${colorScheme}: ring ${ring} on ${background}`).toBeGreaterThanOrEqual(3);
  }
});

test('the theme is chosen in Settings and kept after a reload; reduced motion stops transitions', async ({
  page,
  harness,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(harness.url);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(245, 245, 246)');

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const select = page.getByLabel('Theme');
  await expect(select).toHaveValue('system');
  await select.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(22, 22, 24)');
  await screenshot(page, 'theme-dark-chosen');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(22, 22, 24)');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel('Theme')).toHaveValue('dark');

  // Light wins over a dark system; System follows it again.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByLabel('Theme').selectOption('light');
  expect(await background()).toBe('rgb(245, 245, 246)');
  await page.getByLabel('Theme').selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await background()).toBe('rgb(22, 22, 24)');

  // Reduced motion: buttons no longer animate.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const button = page.locator('.button').first();
  expect(await button.evaluate((el) => getComputedStyle(el).transitionDuration)).not.toMatch(/^0s(, 0s)*$/);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await button.evaluate((el) => getComputedStyle(el).transitionDuration)).toMatch(/^0s(, 0s)*$/);
  expectOnlyLoopback(harness.requests);
});
