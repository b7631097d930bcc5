import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CORPUS_DIR } from '../native/testing/fixtures.js';
import { expect, expectOnlyLoopback, screenshot, test } from './harness.js';
import { importModel, setMaxTokens } from './ui.js';

// The window's language: the system's at first run, then the one chosen in Settings,
// kept across reloads; every view in Vietnamese and Simplified Chinese, screenshotted.

test.describe('a Vietnamese system', () => {
  test.use({ locale: 'vi-VN' });

  test('starts in Vietnamese', async ({ page, harness }) => {
    await page.goto(harness.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Chào mừng đến với Cellar' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
    await expect(page).toHaveTitle('Trò chuyện – Cellar');
    await screenshot(page, 'i18n-vi-first-run');
    expectOnlyLoopback(harness.requests);
  });
});

test('every view in Vietnamese and Chinese, switched in Settings and kept after a reload', async ({
  page,
  harness,
}) => {
  // A library with something in every view: two models, a collection with a document, a chat with an answer.
  await page.goto(harness.url);
  await page.getByRole('button', { name: 'Models' }).click();
  await importModel(page, 'tiny-random-bert.gguf');
  await importModel(page, 'stories260K-chatml.gguf');
  await page.getByRole('button', { name: 'Documents' }).click();
  await page.getByLabel('Collection name').fill('Hồ sơ bệnh nhân');
  await page.getByRole('button', { name: 'Create collection' }).click();
  await page.getByTestId('paths-input').fill(join(CORPUS_DIR, 'pdf', 'understanding-breast-cancer.pdf'));
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('document-row')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Chats' }).click();
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByTestId('chat-pane')).toBeVisible();
  await setMaxTokens(page, 40);
  await page.getByTestId('composer').fill('What does a mammogram show?');
  await page.getByTestId('composer').press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete', {
    timeout: 120_000,
  });
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Display language').selectOption('vi');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { level: 1, name: 'Cài đặt' })).toBeVisible();
  await screenshot(page, 'i18n-vi-settings');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');

  const views: Array<[string, string, string]> = [
    // [screenshot name, Vietnamese nav label, Chinese nav label]
    ['chats', 'Trò chuyện', '对话'],
    ['documents', 'Tài liệu', '文档'],
    ['models', 'Mô hình', '模型'],
    ['privacy', 'Quyền riêng tư', '隐私'],
    ['system', 'Hệ thống', '系统'],
  ];
  for (const [name, vi] of views) {
    await page.getByRole('button', { name: vi, exact: true }).click();
    await expect(page.getByRole('button', { name: vi, exact: true })).toHaveAttribute('aria-current', 'page');
    if (name === 'chats') await openChat(page);
    await screenshot(page, `i18n-vi-${name}`);
  }
  await page.getByRole('button', { name: 'Trò chuyện', exact: true }).click();
  await expect(page.getByTestId('composer')).toHaveAttribute('placeholder', 'Hỏi bất cứ điều gì…');

  await page.getByRole('button', { name: 'Cài đặt', exact: true }).click();
  await page.getByLabel('Ngôn ngữ hiển thị').selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await screenshot(page, 'i18n-zh-CN-settings');
  for (const [name, , zh] of views) {
    await page.getByRole('button', { name: zh, exact: true }).click();
    await expect(page.getByRole('button', { name: zh, exact: true })).toHaveAttribute('aria-current', 'page');
    if (name === 'chats') await openChat(page);
    await screenshot(page, `i18n-zh-CN-${name}`);
  }
  await page.getByRole('button', { name: '模型', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '模型' })).toBeVisible();

  // Back to English for whoever opens this library next.
  await page.getByRole('button', { name: '设置', exact: true }).click();
  await page.getByLabel('界面语言').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expectOnlyLoopback(harness.requests);
});

/** Open the one chat, with its answer and stats on screen. */
async function openChat(page: Page): Promise<void> {
  await page.getByTestId('thread-item').first().getByRole('button').first().click();
  await expect(page.getByTestId('message-stats')).toBeVisible();
}
