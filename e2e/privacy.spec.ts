/**
 * The proof behind "nothing leaves this computer": the whole flow a clinician
 * would follow (import a chat model and an embedding model, index documents,
 * ask a question, get a cited answer, open its source, export the audit log),
 * while watching from outside both sides of the app:
 *   - every request Chromium makes, from the page, its workers and its sockets;
 *   - every socket the engine's process tree holds (polled from /proc), and,
 *     where strace may run, every connect/sendto/sendmsg it makes.
 * Every peer must be this computer (loopback), and the engine's own network
 * ledger must say the same: 0 connections left.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_DIR, modelPath } from '../native/testing/fixtures.js';
import { expect, expectOnlyLoopback, screenshot, startHarness, stopHarness, straceUsable, test } from './harness.js';
import { isLoopbackAddress, procAvailable, SocketWatcher, tracedPeers, type SocketPeer } from './sockets.js';

const CHAT_MODEL = 'stories260K-chatml.gguf';
const EMBEDDING_MODEL = 'tiny-random-bert.gguf';
const DOCUMENTS = [join(CORPUS_DIR, 'txt', 'norwich-city.txt'), join(CORPUS_DIR, 'md', 'pdfjs-README.md')];
const QUESTION = 'Which clubs did Iwan Roberts play for?';

/** window.cellar.call from the test, for what the UI under test does not cover. */
function call<T>(page: Page, method: string, params?: unknown): Promise<T> {
  return page.evaluate(
    ([m, p]) => {
      const cellar = (window as unknown as { cellar: { call(method: string, ...params: unknown[]): Promise<unknown> } })
        .cellar;
      return cellar.call(m as string, ...(p === undefined ? [] : [p]));
    },
    [method, params] as const,
  ) as Promise<T>;
}

/** Every URL Chromium asks for in this context: pages, workers, service workers, sockets. */
function recordRequests(context: BrowserContext, page: Page): string[] {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  page.on('websocket', (socket) => urls.push(socket.url()));
  page.on('worker', (worker) => urls.push(worker.url()));
  void context.route('**/*', (route) => {
    urls.push(route.request().url());
    return route.continue();
  });
  return urls;
}

async function importModelByPath(page: Page, path: string): Promise<void> {
  const input = page.getByLabel('Full path of a .gguf file');
  await input.fill(path);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(
    page
      .getByText(/^Added .* to the library\.$/)
      .or(page.getByTestId('new-chat'))
      .first(),
  ).toBeVisible({
    timeout: 30_000,
  });
}

test('a full session, from import to a cited answer, never leaves this computer', async ({ page, context }) => {
  test.setTimeout(240_000);
  const work = mkdtempSync(join(tmpdir(), 'cellar-privacy-'));
  const trace = straceUsable() ? join(work, 'harness.strace') : undefined;
  const running = await startHarness(join(work, 'library'), { traceSyscallsTo: trace });
  const sockets = procAvailable() ? new SocketWatcher(running.pid).start() : null;
  const requests = recordRequests(context, page);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const { port } = new URL(running.url);
  let peers: SocketPeer[];

  try {
    await page.goto(running.url);
    await expect(page.getByRole('heading', { name: 'Welcome to Cellar' })).toBeVisible();

    // Both models by path, through the UI: the chat model from the welcome, the embedding model from Models.
    await importModelByPath(page, modelPath(CHAT_MODEL));
    await expect(page.getByTestId('new-chat')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    await importModelByPath(page, modelPath(EMBEDDING_MODEL));
    await expect(page.getByTestId('model-card')).toHaveCount(2);

    // A collection with two real documents (created through the same API the Documents view uses).
    const collection = await call<{ id: string }>(page, 'collections.create', { name: 'Privacy check' });
    await call(page, 'documents.add', { paths: DOCUMENTS, collectionId: collection.id });
    await expect
      .poll(
        async () =>
          (await call<Array<{ status: string }>>(page, 'documents.list', { collectionId: collection.id })).map(
            (d) => d.status,
          ),
        { timeout: 90_000, intervals: [250] },
      )
      .toEqual(['ready', 'ready']);

    // A chat that answers from the collection.
    await page.getByRole('button', { name: 'Chats', exact: true }).click();
    await page.getByRole('button', { name: 'New chat' }).click();
    await expect(page.getByTestId('chat-pane')).toBeVisible();
    const picker = page.getByTestId('collection-picker');
    await expect(picker).toBeVisible();
    await picker.getByRole('checkbox', { name: 'Privacy check' }).check();
    await expect(page.getByTestId('grounding-hint')).toContainText('Answers use only these documents');
    // A short answer is enough (the tiny model would otherwise write until its context is full).
    const [chat] = await call<Array<{ id: string }>>(page, 'threads.list');
    await call(page, 'threads.update', { id: chat!.id, sampling: { maxTokens: 120 } });

    await page.getByTestId('composer').fill(QUESTION);
    await page.getByTestId('composer').press('Enter');
    const answer = page.getByTestId('message-assistant').last();
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 90_000 });
    // Cited: the sources it was given are listed under it, by document.
    const sources = answer.getByTestId('sources');
    await expect(sources).toBeVisible();
    const cited = sources.getByTestId('source-item').filter({ hasText: 'norwich-city.txt' }).first();
    await expect(cited).toBeVisible();

    // The source opens beside the chat, from the library's own copy.
    await cited.click();
    const viewer = page.getByTestId('source-viewer');
    await expect(viewer).toBeVisible();
    await expect(viewer).toContainText('Roberts');
    await page.getByRole('button', { name: 'Close the source' }).click();

    // Privacy: the engine's own ledger agrees, nothing left.
    await page.getByRole('button', { name: 'Privacy', exact: true }).click();
    await expect(page.getByTestId('ledger-headline')).toHaveText(
      '0 connections left this computer in the last 14 days',
    );
    await expect(page.getByTestId('ledger-blocked')).toHaveText('No attempts blocked');
    await expect(page.getByTestId('ledger-empty')).toBeVisible();
    await screenshot(page, 'privacy-ledger-empty');

    // A request the shell blocked in the window, as main reports it, fills the table.
    await call(page, 'privacy.report', { host: 'fonts.example.com', purpose: 'blocked request from the window' });
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect(page.getByTestId('ledger-blocked')).toHaveText('1 attempt blocked before it left this computer');
    const row = page.getByTestId('ledger-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Window');
    await expect(row).toContainText('fonts.example.com');
    await expect(row.getByTestId('ledger-result')).toHaveText('Blocked');
    await expect(page.getByTestId('ledger-headline')).toHaveText(
      '0 connections left this computer in the last 14 days',
    );
    await screenshot(page, 'privacy-ledger');

    // The audit log: what was done, in words, and its export (a download of an in-memory file here).
    await page.getByRole('tab', { name: 'Audit log' }).click();
    const table = page.getByTestId('audit-table');
    await expect(table.locator('[data-event="model.imported"]')).toHaveCount(2);
    await expect(table.locator('[data-event="document.added"]')).toHaveCount(2);
    await expect(table.locator('[data-event="collection.created"]')).toContainText('Privacy check');
    await expect(table).toContainText('Model imported');
    await screenshot(page, 'audit-log');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^cellar-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await file.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('id,time,event,subject,detail');
    expect(csv).toContain('model.imported');
    expect(csv).toContain('document.added');
    await expect(page.getByTestId('export-status')).toContainText(file.suggestedFilename());
    await expect(table.locator('[data-event="audit.exported"]')).toHaveCount(1);

    const ledger = await call<{ allowed: number; blocked: number; entries: Array<{ host: string }> }>(
      page,
      'privacy.ledger',
      {},
    );
    expect(ledger.allowed, 'connections the engine let leave').toBe(0);
    expect(ledger.entries.map((e) => e.host)).toEqual(['fonts.example.com']);
  } finally {
    peers = sockets?.stop() ?? [];
    await stopHarness(running);
  }

  {
    // Chromium: only the harness on loopback (data: and blob: never leave memory).
    const outside = requests.filter((url) => {
      const target = new URL(url);
      if (target.protocol === 'data:' || target.protocol === 'blob:') return false;
      return !(['http:', 'ws:'].includes(target.protocol) && target.hostname === '127.0.0.1' && target.port === port);
    });
    expect(requests.length, 'requests recorded').toBeGreaterThan(5);
    expect(outside, 'requests from Chromium that were not to the loopback harness').toEqual([]);

    // The engine's process tree: every socket peer it held was this computer.
    if (sockets) {
      expect(sockets.polls, 'socket polls').toBeGreaterThan(20);
      expect(
        peers.some((p) => p.localPort === Number(port) && p.state === 'ESTABLISHED'),
        'the page’s connection to the harness was seen (the watcher works)',
      ).toBe(true);
      expect(
        peers.filter((p) => !isLoopbackAddress(p.address)),
        'sockets of the engine with a peer outside this computer',
      ).toEqual([]);
    }
    // Every connect/sendto/sendmsg the engine made, however brief.
    if (trace) {
      const log = readFileSync(trace, 'utf8');
      // strace followed the harness to its end (it logs the SIGTERM that stopped it).
      expect(log, 'the strace log covers the harness').toMatch(/--- SIGTERM/);
      const traced = tracedPeers(log);
      expect(
        traced.filter((p) => !isLoopbackAddress(p.address)),
        'addresses the engine tried to reach outside this computer',
      ).toEqual([]);
    } else {
      test.info().annotations.push({ type: 'note', description: 'strace is not usable here: /proc polling only' });
    }
    expect(consoleErrors, 'console errors (CSP violations show here)').toEqual([]);
    rmSync(work, { recursive: true, force: true });
  }
});

test('Delete everything asks for the exact phrase, empties the library, and every view starts over', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Cellar' })).toBeVisible();
  await importModelByPath(page, modelPath(CHAT_MODEL));
  // A saved chat (its answer is not the point here).
  await call(page, 'threads.create', { title: 'Ward round notes' });
  await page.reload();
  await expect(page.getByRole('button', { name: /^Ward round notes/ })).toBeVisible();

  await page.getByRole('button', { name: 'System', exact: true }).click();
  const zone = page.getByTestId('danger-zone');
  await expect(zone).toContainText('Models and documents copied into the library');
  await expect(zone).toContainText('Your original files elsewhere on this computer');
  await zone.getByRole('button', { name: 'Delete everything…' }).click();
  const confirm = zone.getByRole('button', { name: 'Delete everything', exact: true });
  await zone.getByTestId('wipe-confirm').fill('delete everything');
  await expect(confirm).toBeDisabled();
  await zone.getByTestId('wipe-confirm').fill('DELETE EVERYTHING');
  await expect(confirm).toBeEnabled();
  await zone.scrollIntoViewIfNeeded();
  await screenshot(page, 'delete-everything');
  await confirm.click();
  await expect(zone.getByTestId('wipe-done')).toContainText('Everything was deleted');

  // Every view reads the empty library: no chats, no models, one audit entry.
  await page.getByRole('button', { name: 'Chats', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Cellar' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Ward round notes/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await expect(page.getByText(/^No models yet/)).toBeVisible();
  await expect(page.getByTestId('model-card')).toHaveCount(0);
  await page.getByRole('button', { name: 'Privacy', exact: true }).click();
  await page.getByRole('tab', { name: 'Audit log' }).click();
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await expect(page.getByTestId('audit-row')).toContainText('Everything deleted');
  expectOnlyLoopback(harness.requests);
});
