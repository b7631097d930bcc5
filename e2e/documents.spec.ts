import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CORPUS_DIR } from '../native/testing/fixtures.js';
import { expect, expectOnlyLoopback, screenshot, test } from './harness.js';
import { importModel, setMaxTokens } from './ui.js';

// A random tiny BERT indexes the documents (retrieval then rests on keywords);
// the tiny chat model writes nonsense stories, so the Sources list, not [n]
// markers in its text, is what shows the citations.
const EMBEDDING_MODEL = 'tiny-random-bert.gguf';
const CHAT_MODEL = 'stories260K-chatml.gguf';
const COLLECTION = 'Patient leaflets';

const BREAST_CANCER = join(CORPUS_DIR, 'pdf', 'understanding-breast-cancer.pdf');
const LOCKED = join(CORPUS_DIR, 'pdf', 'libreoffice-writer-password.pdf');
const UTF16 = join(CORPUS_DIR, 'txt', 'fake-text-utf-16.txt');
const MISSING = join(CORPUS_DIR, 'pdf', 'no-such-leaflet.pdf');

function row(page: Page, name: string) {
  return page.locator(`[data-testid="document-row"][data-name="${name}"]`);
}

test('documents: a collection indexed from pasted paths, a cited answer, and its source page highlighted', async ({
  page,
  harness,
}) => {
  test.setTimeout(300_000);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  // (a) Both tiny models, imported by path from the Models view.
  await page.goto(harness.url);
  await page.getByRole('button', { name: 'Models' }).click();
  await importModel(page, EMBEDDING_MODEL);
  await importModel(page, CHAT_MODEL);

  // (b) A collection, indexed with the embedding model the picker offers.
  await page.getByRole('button', { name: 'Documents' }).click();
  await expect(page.getByRole('heading', { name: 'No documents yet' })).toBeVisible();
  await page.getByLabel('Collection name').fill(COLLECTION);
  await expect(page.getByLabel('Embedding model')).toContainText('tiny-random-bert');
  await page.getByRole('button', { name: 'Create collection' }).click();
  const detail = page.getByTestId('collection-detail');
  await expect(detail.getByRole('heading', { name: COLLECTION })).toBeVisible();

  // (c) Files added by pasting their paths (the browser has no file dialog); a missing one is skipped with why.
  await expect(page.getByText('Dropping files onto the window works in the desktop app')).toBeVisible();
  await page.getByTestId('paths-input').fill([BREAST_CANCER, LOCKED, UTF16, MISSING].join('\n'));
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const skipped = page.getByTestId('skipped-list');
  await expect(skipped).toContainText('1 path was not added');
  await expect(skipped.getByTestId('skipped-item')).toContainText(MISSING);
  await expect(skipped.getByTestId('skipped-item')).toContainText('no such file or folder');

  // (d) Indexing runs file by file; the locked PDF asks for its password.
  await expect(page.getByTestId('document-row')).toHaveCount(3);
  await expect(page.getByTestId('batch-progress')).toBeVisible();
  await expect(row(page, 'fake-text-utf-16.txt')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(row(page, 'understanding-breast-cancer.pdf')).toHaveAttribute('data-status', 'ready', {
    timeout: 120_000,
  });
  await expect(row(page, 'understanding-breast-cancer.pdf').getByTestId('document-pages')).toHaveText('76');
  const locked = row(page, 'libreoffice-writer-password.pdf');
  await expect(locked).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(locked.getByTestId('status-badge')).toHaveText('Needs password');
  await expect(locked.getByTestId('document-error')).toContainText('PASSWORD_REQUIRED');
  await locked.getByTestId('document-password').fill('openpassword');
  await locked.getByRole('button', { name: 'Unlock' }).click();
  await expect(locked).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('batch-progress')).not.toContainText('Indexing 3 files');
  await screenshot(page, 'documents');

  // (e) Quick search over the collection finds the passage and its page.
  await page.getByPlaceholder(`Search in ${COLLECTION}`).fill('mammogram');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const hit = page.getByTestId('search-result').filter({ hasText: 'understanding-breast-cancer.pdf' }).first();
  await expect(hit).toContainText(/p\. \d+/);
  await expect(hit.locator('mark').first()).toHaveText(/mammogram/i);

  // (f) A chat that answers from the collection: a short answer, with its sources.
  await page.getByRole('button', { name: 'Chats' }).click();
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByTestId('chat-pane')).toBeVisible();
  await setMaxTokens(page, 60);
  const picker = page.getByTestId('collection-picker');
  await expect(picker).toContainText('Answer from:');
  await picker.getByLabel(COLLECTION).check();
  await expect(picker.getByLabel(COLLECTION)).toBeChecked();
  await expect(page.getByTestId('grounding-hint')).toContainText('cite the page');
  await expect(page.getByTestId('composer')).toHaveAttribute('placeholder', `Ask about ${COLLECTION}…`);

  await page.getByTestId('composer').fill('What does a mammogram show?');
  await page.getByTestId('composer').press('Enter');
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 120_000 });
  const sources = answer.getByTestId('sources');
  await expect(sources).toBeVisible();
  const source = sources.getByTestId('source-item').filter({ hasText: 'understanding-breast-cancer.pdf' }).first();
  await expect(source).toContainText(/p\. \d+/);
  await screenshot(page, 'cited-answer');

  // (g) The source: the PDF page drawn by pdf.js, with the passage highlighted.
  await source.click();
  const viewer = page.getByTestId('source-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('heading', { name: 'understanding-breast-cancer.pdf' })).toBeVisible();
  await expect(viewer.getByTestId('highlight-status')).toHaveText('The cited passage is highlighted.', {
    timeout: 60_000,
  });
  expect(await viewer.getByTestId('source-highlight').count()).toBeGreaterThan(0);
  const inked = await viewer.getByTestId('pdf-canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 600) dark += 1;
    return dark;
  });
  expect(inked, 'pixels that are not white on the rendered page').toBeGreaterThan(1000);
  const cited = ((await source.textContent()) ?? '').match(/p\. (\d+)/)?.[1];
  await expect(viewer.getByTestId('pdf-page')).toHaveValue(cited!);
  await screenshot(page, 'source-viewer');

  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  expectOnlyLoopback(harness.requests);
  expect(consoleErrors, 'console errors (CSP violations show here)').toEqual([]);
});
