// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CellarBridge } from '../../api';
import { BridgeProvider } from '../../bridge';
import { useEngineStatus } from '../../store/engineStatus';
import { resetStores } from '../../test/reset';
import { cpuSystemInfo, createTestBridge, deferred, gpuSystemInfo } from '../../test/testBridge';
import { SystemView } from './SystemView';

function renderSystemView(bridge: CellarBridge) {
  return render(
    <BridgeProvider bridge={bridge}>
      <SystemView />
    </BridgeProvider>,
  );
}

beforeEach(resetStores);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('SystemView', () => {
  it('shows the backend, cores, memory, data directory and versions', async () => {
    const test = createTestBridge();
    renderSystemView(test.bridge);

    expect(await screen.findByTestId('backend')).toHaveProperty('textContent', 'CPU only');
    expect(screen.getByText(/No supported GPU was found/)).toBeTruthy();
    expect(screen.getByTestId('cpu-cores').textContent).toBe('8');
    expect(screen.getByTestId('ram').textContent).toBe('9.8 GiB free of 16.0 GiB');
    expect(screen.getByTestId('vram').textContent).toBe('—, CPU only');
    expect(screen.getByTestId('data-dir').textContent).toBe('/home/ana/.config/Cellar');
    expect(screen.getByTestId('app-version').textContent).toBe('0.1.0');
    expect(screen.getByTestId('llama-version').textContent).toBe('b6250');
    expect(screen.getByTestId('platform').textContent).toBe('Linux · x64');
    expect(screen.getByTestId('engine-uptime').textContent).toBe('1 h 2 min');
    // Labels are plain words, for people and for e2e alike.
    expect(screen.getByText('CPU cores')).toBeTruthy();
    expect(screen.getByText('Data directory')).toBeTruthy();
    expect(test.callsTo('system.info')).toHaveLength(1);
  });

  it('names the GPU and its video memory when one is used', async () => {
    const test = createTestBridge({ 'system.info': () => gpuSystemInfo() });
    renderSystemView(test.bridge);

    expect((await screen.findByTestId('backend')).textContent).toBe('CUDA');
    expect(screen.getByTestId('gpu-names').textContent).toBe('NVIDIA GeForce RTX 4060 Laptop GPU');
    expect(screen.getByTestId('vram').textContent).toBe('6.5 GiB free of 8.0 GiB');
    expect(screen.queryByText(/No supported GPU/)).toBeNull();
  });

  it('shows a loading state while the engine has not answered', async () => {
    const answer = deferred<ReturnType<typeof cpuSystemInfo>>();
    const test = createTestBridge({ 'system.info': () => answer.promise });
    renderSystemView(test.bridge);

    expect(screen.getByTestId('system-loading')).toBeTruthy();
    expect(screen.queryByTestId('backend')).toBeNull();

    await act(async () => answer.resolve(cpuSystemInfo()));
    expect(screen.queryByTestId('system-loading')).toBeNull();
    expect(screen.getByTestId('backend').textContent).toBe('CPU only');
  });

  it('shows the error code and message when the call fails, and Retry calls again', async () => {
    let attempt = 0;
    const test = createTestBridge({
      'system.info': () => {
        attempt += 1;
        if (attempt === 1) throw { code: 'DATABASE_UNREADABLE', message: 'cellar.db: file is not a database' };
        return cpuSystemInfo();
      },
    });
    renderSystemView(test.bridge);

    const panel = await screen.findByTestId('system-error');
    expect(panel.textContent).toContain('Could not read system information');
    expect(screen.getByTestId('error-code').textContent).toBe('DATABASE_UNREADABLE');
    expect(screen.getByTestId('error-message').textContent).toBe('cellar.db: file is not a database');
    expect(screen.queryByTestId('backend')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect((await screen.findByTestId('backend')).textContent).toBe('CPU only');
    expect(screen.queryByTestId('system-error')).toBeNull();
    expect(test.callsTo('system.info')).toHaveLength(2);
  });

  it('keeps the last answer visible when a refresh fails', async () => {
    let attempt = 0;
    const test = createTestBridge({
      'system.info': () => {
        attempt += 1;
        if (attempt === 2)
          return Promise.reject({ code: 'TIMEOUT', message: '[birpc] timeout on calling "system.info"' });
        return cpuSystemInfo({ pid: 1000 + attempt });
      },
    });
    renderSystemView(test.bridge);
    expect((await screen.findByTestId('engine-pid')).textContent).toBe('1001');

    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect((await screen.findByTestId('error-code')).textContent).toBe('TIMEOUT');
    expect(screen.getByTestId('engine-pid').textContent).toBe('1001');

    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByTestId('engine-pid').textContent).toBe('1003'));
    expect(screen.queryByTestId('system-error')).toBeNull();
  });

  it('reads again when the engine comes back from a restart', async () => {
    let pid = 100;
    const test = createTestBridge({ 'system.info': () => cpuSystemInfo({ pid: (pid += 1) }) });
    renderSystemView(test.bridge);
    expect((await screen.findByTestId('engine-pid')).textContent).toBe('101');

    act(() => useEngineStatus.getState().apply({ state: 'crashed', message: 'exit code 134', restarts: 1 }));
    act(() => useEngineStatus.getState().apply({ state: 'ready', restarts: 1 }));
    await waitFor(() => expect(screen.getByTestId('engine-pid').textContent).toBe('102'));
    expect(screen.getByTestId('engine-restarts').textContent).toBe('1');
  });

  it('ignores an answer that arrives after a newer request', async () => {
    const first = deferred<ReturnType<typeof cpuSystemInfo>>();
    let attempt = 0;
    const test = createTestBridge({
      'system.info': () => {
        attempt += 1;
        return attempt === 1 ? first.promise : cpuSystemInfo({ pid: 2 });
      },
    });
    renderSystemView(test.bridge);
    act(() => useEngineStatus.getState().apply({ state: 'restarting', restarts: 1 }));
    act(() => useEngineStatus.getState().apply({ state: 'ready', restarts: 1 }));
    expect((await screen.findByTestId('engine-pid')).textContent).toBe('2');

    await act(async () => first.resolve(cpuSystemInfo({ pid: 1 })));
    expect(screen.getByTestId('engine-pid').textContent).toBe('2');
  });

  it('copies the data directory to the clipboard', async () => {
    const writeText = vi.fn<(text: string) => Promise<void>>().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderSystemView(createTestBridge().bridge);

    fireEvent.click(await screen.findByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith('/home/ana/.config/Cellar');
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy();
  });
});
