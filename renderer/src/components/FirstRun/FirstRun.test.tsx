// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadRecord } from '../../api';
import { catalogItem, modelRecord } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { createTestBridge } from '../../test/testBridge';
import { App } from '../App/App';

beforeEach(resetStores);
afterEach(cleanup);

function download(overrides: Partial<DownloadRecord> = {}): DownloadRecord {
  return {
    id: 'dl-1',
    catalogId: 'qwen2.5-1.5b-instruct',
    quantization: 'Q4_K_M',
    url: 'https://example.invalid/q4.gguf',
    fileName: 'q4.gguf',
    state: 'downloading',
    doneBytes: 0,
    totalBytes: 1_120_000_000,
    error: null,
    modelId: null,
    ...overrides,
  };
}

describe('first run', () => {
  it('welcomes with the recommended model and an import when the library is empty', async () => {
    const test = createTestBridge({ 'catalog.list': () => [catalogItem()], 'downloads.list': () => [] });
    render(<App bridge={test.bridge} />);

    const welcome = await screen.findByTestId('first-run');
    expect(within(welcome).getByRole('heading', { name: 'Welcome to Cellar' })).toBeTruthy();
    const recommended = await screen.findByTestId('recommended');
    expect(recommended.textContent).toContain('Qwen2.5 1.5B Instruct');
    expect(recommended.textContent).toContain('Q4_K_M, 1.04 GiB'); // the Q4_K_M file, not the first one
    expect(within(recommended).getByTestId('fit-badge').textContent).toBe('CPU only');
    expect(recommended.textContent).toContain('Runs on the CPU, using about 1.4 GiB of RAM.');
    expect(screen.getByPlaceholderText(/\.gguf$/)).toBeTruthy();
    expect(screen.getByLabelText(/Copy into Cellar’s library/)).toHaveProperty('checked', true);
  });

  it('downloads the recommended file and follows its progress with pause and resume', async () => {
    const test = createTestBridge({
      'catalog.list': () => [catalogItem()],
      'downloads.list': () => [],
      'downloads.start': () => download(),
      'downloads.pause': () => download({ state: 'paused', doneBytes: 560_000_000 }),
    });
    render(<App bridge={test.bridge} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Download 1.04 GiB' }));
    await waitFor(() => expect(test.callsTo('downloads.start')).toHaveLength(1));
    expect(test.callsTo('downloads.start')[0]!.params).toEqual([
      { catalogId: 'qwen2.5-1.5b-instruct', quantization: 'Q4_K_M' },
    ]);

    act(() => test.emit('downloads.progress', download({ doneBytes: 280_000_000 })));
    expect((await screen.findByTestId('download')).textContent).toContain('267 MiB of 1.04 GiB');
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(await screen.findByRole('button', { name: 'Resume' })).toBeTruthy();
  });

  it('says so when offline mode blocks downloads, and points to import', async () => {
    const test = createTestBridge({
      'catalog.list': () => [catalogItem()],
      'downloads.list': () => [],
      'settings.get': () => ({ offline: true }),
    });
    render(<App bridge={test.bridge} />);
    const notice = await screen.findByTestId('offline-notice');
    expect(notice.textContent).toContain('Offline mode is on');
    expect(notice.textContent).toContain('Import a GGUF file');
    expect(screen.queryByRole('button', { name: /^Download/ })).toBeNull();
  });

  it('shows the OFFLINE error with what to do when the engine refuses the download', async () => {
    const test = createTestBridge({
      'catalog.list': () => [catalogItem()],
      'downloads.list': () => [],
      'downloads.start': () =>
        Promise.reject({ code: 'OFFLINE', message: 'Offline mode is on: downloads are blocked.' }),
    });
    render(<App bridge={test.bridge} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Download 1.04 GiB' }));
    expect((await screen.findByTestId('offline-notice')).textContent).toContain('Import a GGUF file');
  });

  it('offers import only when the engine has no catalog', async () => {
    render(<App bridge={createTestBridge().bridge} />);
    expect((await screen.findByTestId('catalog-unavailable')).textContent).toContain('Import a GGUF file');
    expect(screen.getByPlaceholderText(/\.gguf$/)).toBeTruthy();
  });

  it('imports a pasted path, showing progress, then leaves the welcome', async () => {
    let finish!: () => void;
    const test = createTestBridge({
      'models.import': () =>
        new Promise((resolve) => {
          finish = () => resolve(modelRecord());
        }),
    });
    render(<App bridge={test.bridge} />);
    fireEvent.change(await screen.findByPlaceholderText(/\.gguf$/), {
      target: { value: ' "/models/stories260K-chatml.gguf" ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    await waitFor(() => expect(test.callsTo('models.import')).toHaveLength(1));
    expect(test.callsTo('models.import')[0]!.params).toEqual([
      { path: '/models/stories260K-chatml.gguf', mode: 'copy' },
    ]);
    act(() =>
      test.emit('models.importProgress', {
        path: '/models/stories260K-chatml.gguf',
        phase: 'hashing',
        doneBytes: 512 * 1024,
        totalBytes: 1024 * 1024,
      }),
    );
    const progress = screen.getByTestId('import-progress');
    expect(progress.textContent).toContain('SHA-256');
    expect(progress.querySelector('progress')?.getAttribute('value')).toBe('0.5');

    await act(async () => finish());
    await waitFor(() => expect(screen.queryByTestId('first-run')).toBeNull());
    expect(screen.getByTestId('new-chat')).toBeTruthy();
  });

  it('shows a failed import with its message and what to do', async () => {
    const test = createTestBridge({
      'models.import': () =>
        Promise.reject({
          code: 'INVALID_MODEL',
          message: '/tmp/notes.txt is not a GGUF model file (it does not start with "GGUF").',
        }),
    });
    render(<App bridge={test.bridge} />);
    fireEvent.change(await screen.findByPlaceholderText(/\.gguf$/), { target: { value: '/tmp/notes.txt' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const error = await screen.findByTestId('import-error');
    expect(error.textContent).toContain('is not a GGUF model file');
    expect(error.textContent).toContain('Choose another file');
    expect(error.textContent).toContain('INVALID_MODEL');
  });

  it('asks for the path when a file is dropped in the browser', async () => {
    render(<App bridge={createTestBridge().bridge} />);
    await screen.findByTestId('first-run');
    const file = new File(['GGUF'], 'model.gguf');
    const drop = new Event('drop', { bubbles: true, cancelable: true }) as Event & { dataTransfer: unknown };
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [file] } });
    act(() => {
      window.dispatchEvent(drop);
    });
    expect((await screen.findByTestId('import-notice')).textContent).toBe(
      'Drop works in the desktop app — paste the path instead.',
    );
    expect(drop.defaultPrevented).toBe(true);
  });

  it('imports a dropped file by its path in the desktop app', async () => {
    const test = createTestBridge({ 'models.import': () => modelRecord() });
    test.bridge.shell = {
      pickFiles: async () => [],
      pathForFile: () => '/Users/ana/Models/model.gguf',
      saveFile: async () => null,
    };
    render(<App bridge={test.bridge} />);
    await screen.findByTestId('first-run');
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', {
      value: { types: ['Files'], files: [new File(['GGUF'], 'model.gguf')] },
    });
    act(() => {
      window.dispatchEvent(drop);
    });
    await waitFor(() => expect(test.callsTo('models.import')).toHaveLength(1));
    expect(test.callsTo('models.import')[0]!.params).toEqual([{ path: '/Users/ana/Models/model.gguf', mode: 'copy' }]);
  });
});
