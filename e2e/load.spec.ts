import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { openDatabase } from '../native/storage/database.js';
import { seedChats, seedCollection } from '../native/testing/seed.js';
import { expect, expectOnlyLoopback, screenshot, startHarness } from './harness.js';

/**
 * A big library in the UI: 1,000 chats of 100 messages and a collection of
 * 50,000 chunks over 1,000 documents, written straight into the database
 * before the engine starts. Timings are printed for the record, never
 * asserted (they depend on the machine); what is asserted is that the DOM
 * stays small: long lists render only what is on screen.
 */

const THREADS = 1000;
const MESSAGES = 100;
const CHUNKS = 50_000;
const DOCUMENTS = 1000;

interface Library {
  url: string;
  requests: string[];
}

const test = base.extend<{ library: Library }>({
  library: async ({ page }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cellar-load-'));
    const seeding = performance.now();
    const { db } = openDatabase(dataDir);
    seedChats(db, THREADS, MESSAGES);
    seedCollection(db, { chunks: CHUNKS, dimensions: 64, documents: DOCUMENTS });
    db.close();
    log(`seeded ${THREADS} chats x ${MESSAGES} messages and ${CHUNKS} chunks`, performance.now() - seeding);

    const running = await startHarness(dataDir);
    const library: Library = { url: running.url, requests: [] };
    page.on('request', (request) => library.requests.push(request.url()));
    await use(library);
    const exited = new Promise((resolve) => running.process.once('exit', resolve));
    running.process.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  },
});

function log(label: string, ms: number): void {
  console.log(`[load-ui] ${label}: ${ms.toFixed(0)} ms`);
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  log(label, performance.now() - started);
  return result;
}

interface DomCounts {
  nodes: number;
  threads: number;
  messages: number;
  documents: number;
}

async function domCounts(page: Page, when: string): Promise<DomCounts> {
  const counts = await page.evaluate(() => ({
    nodes: document.querySelectorAll('*').length,
    threads: document.querySelectorAll('[data-testid="thread-item"]').length,
    messages: document.querySelectorAll('[data-message-id]').length,
    documents: document.querySelectorAll('[data-testid="document-row"]').length,
  }));
  console.log(
    `[load-ui] DOM ${when}: ${counts.nodes} elements, ${counts.threads} chat rows, ` +
      `${counts.messages} messages, ${counts.documents} document rows`,
  );
  return counts;
}

/** Scroll a container to its end until a row matching `selector` is rendered (heights settle as rows are measured). */
async function scrollToEnd(page: Page, container: string, selector: string): Promise<void> {
  await page.waitForFunction(
    ({ container, selector }) => {
      const el = document.querySelector(container);
      if (!el) return false;
      el.scrollTop = el.scrollHeight;
      return document.querySelector(selector) !== null;
    },
    { container, selector },
    { polling: 50, timeout: 30_000 },
  );
}

test('load: 1,000 chats of 100 messages and 1,000 documents stay light in the UI', async ({ page, library }) => {
  test.setTimeout(240_000);

  // The chat list: every chat is listed (the scroll bar is the whole list's), few are rendered.
  await timed('chat list shown (page load to first chat row)', async () => {
    await page.goto(library.url);
    await expect(page.getByTestId('thread-item').first()).toBeVisible({ timeout: 60_000 });
  });
  const list = page.getByTestId('thread-list');
  await expect(list).toHaveAttribute('data-count', String(THREADS));
  const listed = await domCounts(page, 'with the chat list');
  expect(listed.threads).toBeGreaterThan(5);
  expect(listed.threads).toBeLessThan(200);

  // A chat of 100 messages: opens at its end with the last 60, earlier ones on request.
  const newest = page.getByTestId('thread-item').first();
  await expect(newest).toContainText(`Case review ${THREADS}:`);
  await timed(`open a ${MESSAGES}-message chat (click to its last message shown)`, async () => {
    await newest.getByRole('button').first().click();
    await expect(page.locator('[data-message-id]').last()).toBeVisible();
  });
  const opened = await domCounts(page, `with a ${MESSAGES}-message chat open`);
  expect(opened.messages).toBeLessThan(MESSAGES);
  const scroller = page.getByTestId('messages');
  expect(await scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(4);
  await screenshot(page, 'load-chats');

  // Earlier messages come above without moving what is on screen.
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(page.getByTestId('show-earlier')).toBeInViewport();
  await screenshot(page, 'load-chats-earlier');
  const firstShown = page.locator('[data-message-id]').first();
  const firstId = await firstShown.getAttribute('data-message-id');
  const topBefore = (await firstShown.boundingBox())!.y;
  await timed(`show the earlier messages (all ${MESSAGES})`, async () => {
    await page.getByTestId('show-earlier').click();
    await expect(page.locator('[data-message-id]')).toHaveCount(MESSAGES);
  });
  const topAfter = (await page.locator(`[data-message-id="${firstId}"]`).boundingBox())!.y;
  expect(Math.abs(topAfter - topBefore), 'the message that was first stays where it was (px)').toBeLessThan(4);
  await expect(page.getByTestId('show-earlier')).toHaveCount(0);

  // Scroll the chat list to its oldest chat.
  await timed(`scroll the chat list to the bottom (chat ${THREADS} of ${THREADS} rendered)`, () =>
    scrollToEnd(page, '.thread-list__scroll', `[data-testid="thread-item"][aria-posinset="${THREADS}"]`),
  );
  const oldest = page.locator(`[data-testid="thread-item"][aria-posinset="${THREADS}"]`);
  await expect(oldest).toBeInViewport();
  await expect(oldest).toContainText('Case review 1:');
  const scrolled = await domCounts(page, 'with the chat list scrolled to the bottom');
  expect(scrolled.threads).toBeLessThan(200);
  await screenshot(page, 'load-chats-bottom');

  // The Documents view: 1,000 documents in one collection, a windowed table.
  await timed(`Documents view with ${DOCUMENTS} documents (click to first row)`, async () => {
    await page.getByRole('button', { name: 'Documents' }).click();
    await page.getByRole('button', { name: new RegExp(`^Synthetic ${CHUNKS}`) }).click();
    await expect(page.getByTestId('document-row').first()).toBeVisible({ timeout: 60_000 });
  });
  await expect(page.getByTestId('document-table')).toHaveAttribute('aria-rowcount', String(DOCUMENTS + 1));
  const documents = await domCounts(page, 'with the Documents view');
  expect(documents.documents).toBeGreaterThan(5);
  expect(documents.documents).toBeLessThan(200);

  await timed('scroll the document table to the bottom', () =>
    scrollToEnd(
      page,
      '.documents-view__detail',
      `[data-testid="document-row"] [role="row"][aria-rowindex="${DOCUMENTS + 1}"]`,
    ),
  );
  expect((await domCounts(page, 'with the document table scrolled to the bottom')).documents).toBeLessThan(200);
  await screenshot(page, 'load-documents');

  expectOnlyLoopback(library.requests);
});
