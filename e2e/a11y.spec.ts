import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { CORPUS_DIR } from '../native/testing/fixtures.js';
import { expect, expectOnlyLoopback, screenshot, test } from './harness.js';
import { importModel, setMaxTokens } from './ui.js';

// axe-core (WCAG 2.2 A/AA and best practice) on every screen, in the light and
// the dark theme: any critical or serious violation fails, and so do the
// landmark and heading rules, whatever axe rates them.

const EMBEDDING_MODEL = 'tiny-random-bert.gguf';
const CHAT_MODEL = 'stories260K-chatml.gguf';
const COLLECTION = 'Patient leaflets';
const LEAFLET = join(CORPUS_DIR, 'pdf', 'understanding-breast-cancer.pdf');
const LOCKED = join(CORPUS_DIR, 'pdf', 'libreoffice-writer-password.pdf');

const THEMES = ['light', 'dark'] as const;

/** Structure rules that axe rates "moderate" but that the issue asks for all the same. */
const STRUCTURE_RULES = new Set([
  'region',
  'heading-order',
  'landmark-one-main',
  'landmark-unique',
  'landmark-no-duplicate-main',
  'landmark-complementary-is-top-level',
  'page-has-heading-one',
  'bypass',
]);

/** The violations that fail a screen: critical, serious, or a landmark/heading rule. */
async function violations(page: Page): Promise<string[]> {
  // Let transitions finish, so colours are measured as they end up.
  await page.waitForTimeout(200);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    // pdf.js's own measuring canvas, appended to <body> and never shown.
    .exclude('body > canvas')
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious' || STRUCTURE_RULES.has(v.id))
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 6)
          .map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`)
          .join('\n'),
    );
}

/** Scan the page as it is in both themes, screenshot each, and collect what fails under the screen's name. */
async function scanBothThemes(page: Page, name: string, found: Record<string, string[]>): Promise<void> {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    const list = await violations(page);
    if (list.length) found[`${name} (${theme})`] = list;
    await screenshot(page, `a11y-${name}-${theme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('axe: the first-run screen has no serious violations in either theme', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Cellar' })).toBeVisible();
  const found: Record<string, string[]> = {};
  await scanBothThemes(page, 'first-run', found);
  expect(found).toEqual({});
  expectOnlyLoopback(harness.requests);
});

test('axe: every screen of a library in use has no serious violations in either theme', async ({ page, harness }) => {
  test.setTimeout(300_000);
  // A library with something on every screen: two models, a collection with a ready and a failed document,
  // a chat with two answers (so older messages show their actions), search results with marked terms.
  await page.goto(harness.url);
  await page.getByRole('button', { name: 'Models' }).click();
  await importModel(page, EMBEDDING_MODEL);
  await importModel(page, CHAT_MODEL);
  await page.getByRole('button', { name: 'Documents' }).click();
  await page.getByLabel('Collection name').fill(COLLECTION);
  await page.getByRole('button', { name: 'Create collection' }).click();
  await page.getByTestId('paths-input').fill([LEAFLET, LOCKED].join('\n'));
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const leaflet = page.locator('[data-testid="document-row"][data-name="understanding-breast-cancer.pdf"]');
  await expect(leaflet).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  const locked = page.locator('[data-testid="document-row"][data-name="libreoffice-writer-password.pdf"]');
  await expect(locked).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });

  const found: Record<string, string[]> = {};
  await scanBothThemes(page, 'documents', found);

  await page.getByPlaceholder(`Search in ${COLLECTION}`).fill('mammogram');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByTestId('search-result').first().locator('mark').first()).toBeVisible();
  await scanBothThemes(page, 'documents-search', found);

  await page.getByRole('button', { name: 'Chats' }).click();
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByTestId('chat-pane')).toBeVisible();
  await setMaxTokens(page, 40);
  await page.getByTestId('collection-picker').getByLabel(COLLECTION).check();
  for (const question of ['What does a mammogram show?', 'And an ultrasound?']) {
    await page.getByTestId('composer').fill(question);
    await page.getByTestId('composer').press('Enter');
    await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete', {
      timeout: 120_000,
    });
  }
  await page.mouse.move(0, 0);
  await scanBothThemes(page, 'chat', found);

  await page.getByRole('button', { name: 'Sampling' }).click();
  await expect(page.getByLabel('Max tokens')).toBeVisible();
  await scanBothThemes(page, 'chat-sampling', found);
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.getByRole('button', { name: 'System prompt' }).click();
  await scanBothThemes(page, 'chat-system-prompt', found);
  await page.getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByTestId('message-assistant').last().getByTestId('source-item').first().click();
  const viewer = page.getByTestId('source-viewer');
  await expect(viewer.getByTestId('highlight-status')).toHaveText('The cited passage is highlighted.', {
    timeout: 60_000,
  });
  await scanBothThemes(page, 'source-viewer', found);
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // A fresh chat page, before its first question.
  await page.keyboard.press('Control+n');
  await expect(page.getByTestId('composer')).toBeFocused();
  await scanBothThemes(page, 'new-chat', found);

  for (const [name, label] of [
    ['models', 'Models'],
    ['privacy', 'Privacy'],
    ['system', 'System'],
    ['settings', 'Settings'],
  ] as const) {
    await page.getByRole('button', { name: label, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await scanBothThemes(page, name, found);
  }

  // The keyboard shortcuts, over the Settings view.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await scanBothThemes(page, 'shortcuts', found);
  await page.keyboard.press('Escape');

  expect(found).toEqual({});
  expectOnlyLoopback(harness.requests);
});
