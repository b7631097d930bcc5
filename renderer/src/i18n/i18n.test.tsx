// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../components/App/App';
import { formatBytes, formatCount, formatDate, formatDuration, formatGiB } from '../lib/format';
import { toDisplayError } from '../lib/errors';
import { fitSummary } from '../lib/fit';
import { fitEstimate } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { createTestBridge } from '../test/testBridge';
import { i18n, LANGUAGE_STORAGE_KEY, pickLanguage, setLanguage } from '.';

beforeEach(resetStores);
afterEach(async () => {
  cleanup();
  await setLanguage('en');
  localStorage.removeItem(LANGUAGE_STORAGE_KEY);
});

describe('the starting language', () => {
  it('is the one chosen in Settings, else the first system language Cellar speaks, else English', () => {
    expect(pickLanguage('vi', ['en-US'])).toBe('vi');
    expect(pickLanguage(null, ['vi-VN', 'en-US'])).toBe('vi');
    expect(pickLanguage(null, ['zh-CN'])).toBe('zh-CN');
    expect(pickLanguage(null, ['zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLanguage(null, ['zh-TW'])).toBe('zh-CN');
    expect(pickLanguage(null, ['fr-FR', 'vi'])).toBe('vi');
    expect(pickLanguage(null, ['de-DE'])).toBe('en');
    expect(pickLanguage('xx', ['en-GB'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });

  it('is English in tests, whatever the machine speaks', () => {
    expect(i18n.language).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});

describe('switching language in Settings', () => {
  it('translates the window at once, sets <html lang> and remembers the choice', async () => {
    render(<App bridge={createTestBridge().bridge} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome to Cellar' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const select = screen.getByLabelText(/Display language/) as HTMLSelectElement;
    expect(select.value).toBe('en');
    await act(async () => fireEvent.change(select, { target: { value: 'vi' } }));

    expect(document.documentElement.lang).toBe('vi');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('vi');
    expect(screen.getByRole('heading', { level: 1, name: 'Cài đặt' })).toBeTruthy();
    expect(document.title).toBe('Cài đặt – Cellar');
    // The sidebar, rendered outside the view, follows too.
    fireEvent.click(screen.getByRole('button', { name: 'Trò chuyện' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Chào mừng đến với Cellar' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Cài đặt' }));
    await act(async () => fireEvent.change(screen.getByLabelText(/Ngôn ngữ hiển thị/), { target: { value: 'zh-CN' } }));
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(screen.getByRole('button', { name: '对话' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: '设置' })).toBeTruthy();
  });
});

describe('numbers, dates and sizes', () => {
  it('follow the language’s conventions', async () => {
    const GIB = 1024 ** 3;
    expect(formatCount(32768)).toBe('32,768');
    expect(formatGiB(1.5 * GIB)).toBe('1.5 GiB');
    expect(formatDate('2025-03-12T10:00:00Z')).toBe('12 Mar 2025');

    await setLanguage('vi');
    expect(formatCount(32768)).toBe('32.768');
    expect(formatGiB(1.5 * GIB)).toBe('1,5 GiB');
    expect(formatBytes(512)).toBe('512 byte');
    expect(formatDuration(3_725_000)).toBe('1 giờ 2 phút');
    expect(formatDate('2025-03-12T10:00:00Z')).toMatch(/12.*2025/);

    await setLanguage('zh-CN');
    expect(formatCount(32768)).toBe('32,768');
    expect(formatDate('2025-03-12T10:00:00Z')).toBe('2025年3月12日');
    expect(formatDuration(50 * 3_600_000)).toBe('2 天 2 小时');
  });
});

describe('engine errors', () => {
  it('keep the engine’s words in English and translate by code elsewhere, falling back for unknown codes', async () => {
    const known = toDisplayError({ code: 'OFFLINE', message: 'Offline mode blocks downloads.' });
    const unknown = toDisplayError({ code: 'SOMETHING_NEW', message: 'A new kind of failure.' });
    expect(known.message).toBe('Offline mode blocks downloads.');
    expect(known.summary).toMatch(/^Offline mode is on/);

    await setLanguage('vi');
    // The same error object, already shown, reads in the new language.
    expect(known.message).toBe('Chế độ ngoại tuyến đang bật.');
    expect(known.summary).toMatch(/^Chế độ ngoại tuyến đang bật nên/);
    expect(known.detail).toBe('Offline mode blocks downloads.');
    expect(unknown.message).toBe('A new kind of failure.');
    expect(unknown.summary).toBeNull();

    await setLanguage('zh-CN');
    expect(known.message).toBe('离线模式已开启。');
  });

  it('say the fit estimate from its numbers outside English', async () => {
    const fit = fitEstimate({
      verdict: 'cpu',
      summary: 'Runs on the CPU, using about 1.2 GiB of RAM.',
      ramBytes: 1.2 * 1024 ** 3,
    });
    expect(fitSummary(fit)).toBe('Runs on the CPU, using about 1.2 GiB of RAM.');
    await setLanguage('vi');
    expect(fitSummary(fit)).toBe('Chạy trên CPU, dùng khoảng 1,2 GiB RAM.');
  });
});
