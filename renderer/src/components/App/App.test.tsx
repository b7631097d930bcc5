// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetStores } from '../../test/reset';
import { modelRecord } from '../../test/fixtures';
import { createTestBridge, deferred } from '../../test/testBridge';
import { App } from './App';

beforeEach(resetStores);
afterEach(cleanup);

describe('App', () => {
  it('opens on Chats and switches views from the sidebar', async () => {
    render(<App bridge={createTestBridge().bridge} />);

    // An empty library and no chats: the welcome takes the Chats view.
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome to Cellar' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Chats' }).getAttribute('aria-current')).toBe('page');

    fireEvent.click(screen.getByRole('button', { name: 'Models' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Models' })).toBeTruthy();
    expect(screen.getByText(/^No models yet/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Documents' }));
    expect(screen.getByRole('heading', { name: 'No documents yet' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'System' }));
    expect(screen.getByRole('button', { name: 'System' }).getAttribute('aria-current')).toBe('page');
    expect((await screen.findByTestId('backend')).textContent).toBe('CPU only');
    expect(document.title).toBe('System – Cellar');
  });

  it('marks the engine ready once it answers, even without a status event', async () => {
    const pong = deferred<{ echo: string; at: number }>();
    render(<App bridge={createTestBridge({ 'system.ping': () => pong.promise }).bridge} />);

    expect(screen.getByTestId('engine-status').getAttribute('data-state')).toBe('connecting');
    await act(async () => pong.resolve({ echo: 'renderer', at: 0 }));
    expect(screen.getByTestId('engine-status').getAttribute('data-state')).toBe('ready');
    expect(screen.getByTestId('engine-status').textContent).toBe('Engine ready');
  });

  it('shows a calm banner while the engine restarts after a crash, and hides it when it is back', async () => {
    const test = createTestBridge();
    render(<App bridge={test.bridge} />);
    await waitFor(() => expect(screen.getByTestId('engine-status').getAttribute('data-state')).toBe('ready'));
    expect(screen.queryByTestId('engine-banner')).toBeNull();

    act(() => test.emit('engine.status', { state: 'crashed', message: 'The engine exited (SIGABRT).', restarts: 1 }));
    const banner = screen.getByTestId('engine-banner');
    expect(banner.textContent).toContain('The engine stopped unexpectedly and is restarting');
    expect(banner.textContent).toContain('Your saved chats are safe.');
    expect(banner.getAttribute('role')).toBe('status');
    expect(screen.getByTestId('engine-status').textContent).toBe('Engine restarting…');

    act(() => test.emit('engine.status', { state: 'ready', restarts: 1 }));
    expect(screen.queryByTestId('engine-banner')).toBeNull();
  });

  it('says what failed and how to go on when the engine cannot be restarted', () => {
    const test = createTestBridge();
    render(<App bridge={test.bridge} />);

    act(() =>
      test.emit('engine.status', {
        state: 'failed',
        message: 'The engine crashed 3 times in a minute: Cannot open /data/cellar.db (read-only file system).',
        restarts: 3,
      }),
    );
    const banner = screen.getByRole('alert');
    expect(banner.textContent).toContain('The engine could not be restarted.');
    expect(banner.textContent).toContain('read-only file system');
    expect(banner.textContent).toContain('Quit and reopen Cellar');
    expect(screen.getByTestId('engine-status').textContent).toBe('Engine stopped');
  });

  it('stops listening when it unmounts', () => {
    const test = createTestBridge();
    const { unmount } = render(<App bridge={test.bridge} />);
    expect(test.listenerCount('engine.status')).toBe(1);
    unmount();
    expect(test.listenerCount('engine.status')).toBe(0);
    expect(test.listenerCount('library.wiped')).toBe(0);
  });

  it('has a Privacy view in the sidebar, with the ledger and the audit log', async () => {
    const test = createTestBridge({
      'privacy.ledger': () => ({ allowed: 0, blocked: 0, sinceDays: 14, entries: [] }),
      'audit.list': () => [],
    });
    render(<App bridge={test.bridge} />);
    fireEvent.click(screen.getByRole('button', { name: 'Privacy' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Privacy' })).toBeTruthy();
    expect(document.title).toBe('Privacy – Cellar');
    expect((await screen.findByTestId('ledger-headline')).textContent).toBe(
      '0 connections left this computer in the last 14 days',
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Audit log' }));
    expect(await screen.findByTestId('audit-empty')).toBeTruthy();
  });

  it('after Delete everything, goes back to the first-run welcome', async () => {
    let models = [modelRecord()];
    const test = createTestBridge({
      'models.list': () => models,
      'library.wipe': () => {
        models = [];
        test.emit('library.wiped', { at: '2025-03-12T10:00:00.000Z' });
      },
    });
    render(<App bridge={test.bridge} />);
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Welcome to Cellar' })).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'System' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete everything…' }));
    fireEvent.change(screen.getByTestId('wipe-confirm'), { target: { value: 'DELETE EVERYTHING' } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything' }));
    expect(await screen.findByTestId('wipe-done')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Chats' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome to Cellar' })).toBeTruthy();
  });

  it('the engine status opens the System view', async () => {
    render(<App bridge={createTestBridge().bridge} />);
    fireEvent.click(screen.getByTestId('engine-status'));
    expect((await screen.findByTestId('backend')).textContent).toBe('CPU only');
  });
});
