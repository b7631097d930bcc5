import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ENGINE_PORT_CHANNEL, ENGINE_STATUS_CHANNEL } from './ipc-channels.js';
import type * as PathsModule from './paths.js';
import { makeElectron, type FakeBrowserWindow, type FakeUtilityProcess } from './testing/fake-electron.js';

const ROOT = join(import.meta.dirname, '..');
let dataDir: string;

/** Import main afresh (it runs on import) against a fresh fake electron. */
async function startMain(options: { hasLock?: boolean } = {}) {
  const electron = makeElectron();
  electron.app.hasLock = options.hasLock ?? true;
  vi.resetModules();
  vi.doMock('electron', () => electron);
  await import('./main.js');
  await flush();
  const win: FakeBrowserWindow | undefined = electron.windows[0];
  return { electron, win, channels: electron.channels };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const statusesSent = (win: FakeBrowserWindow) =>
  win.webContents.send.mock.calls.filter(([channel]) => channel === ENGINE_STATUS_CHANNEL).map(([, s]) => s.state);
const portsSent = (win: FakeBrowserWindow) =>
  win.webContents.postMessage.mock.calls.filter(([channel]) => channel === ENGINE_PORT_CHANNEL);

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'cellar-main-'));
  vi.stubEnv('CELLAR_DATA_DIR', dataDir);
  vi.stubEnv('CELLAR_SQLITE_BINDING', '/opt/electron-abi/better_sqlite3.node');
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('main', () => {
  it('sets userData to the shared data dir before taking the single-instance lock', async () => {
    const { electron } = await startMain();
    expect(electron.app.paths.get('userData')).toBe(dataDir);
    expect(electron.app.calls.indexOf('setPath:userData')).toBeLessThan(
      electron.app.calls.indexOf('requestSingleInstanceLock'),
    );
  });

  it('quits at once when another instance holds the lock', async () => {
    const { electron, win } = await startMain({ hasLock: false });
    expect(electron.app.quit).toHaveBeenCalled();
    expect(win).toBeUndefined();
    expect(electron.utilityProcess.fork).not.toHaveBeenCalled();
  });

  it('applies the security policy, opens the window and starts the engine in a utility process', async () => {
    const { electron, win } = await startMain();
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(electron.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalled();
    expect(electron.app.listenerCount('web-contents-created')).toBe(1);

    expect(win?.options.webPreferences).toMatchObject({ preload: join(ROOT, 'dist', 'electron', 'preload.cjs') });
    expect(win?.loadFile).toHaveBeenCalledWith(join(ROOT, 'dist', 'renderer', 'index.html'));

    expect(electron.forks).toHaveLength(1);
    const proc = electron.forks[0]!;
    expect(proc.modulePath).toBe(join(ROOT, 'dist', 'native', 'engine.js'));
    expect(proc.options.serviceName).toBe('Cellar engine');
    expect(proc.options.stdio).toBe('pipe');
    expect(proc.options.env?.CELLAR_DATA_DIR).toBe(dataDir);
    expect(proc.options.env?.CELLAR_SQLITE_BINDING).toBe('/opt/electron-abi/better_sqlite3.node');
  });

  it('registers one ipcMain handler, the file dialog, and serves it only to its own window', async () => {
    const { electron, win } = await startMain();
    expect(electron.ipcMain.on).not.toHaveBeenCalled();
    expect(electron.ipcMain.handle).toHaveBeenCalledOnce();
    const [channel, handler] = electron.ipcMain.handle.mock.calls[0] as unknown as [
      string,
      (event: unknown, options: unknown) => Promise<string[]>,
    ];
    expect(channel).toBe('cellar:pick-files');
    const ownPage = pathToFileURL(join(ROOT, 'dist', 'renderer', 'index.html')).href;
    const own = { sender: win!.webContents, senderFrame: { url: ownPage } };
    const options = { title: 'Import a model', filters: [{ name: 'GGUF', extensions: ['gguf'] }], multiple: false };
    await expect(handler(own, options)).resolves.toEqual(['/home/ana/models/qwen.gguf']);
    const [, shown] = electron.dialog.showOpenDialog.mock.calls[0]!;
    expect(shown).toMatchObject({ title: 'Import a model', properties: ['openFile'], filters: options.filters });
    // Another page, another frame or another window gets nothing.
    await expect(
      handler({ sender: win!.webContents, senderFrame: { url: 'https://evil.example/' } }, options),
    ).rejects.toThrow();
    await expect(handler({ sender: {}, senderFrame: { url: ownPage } }, options)).rejects.toThrow();
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledOnce();
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(handler(own, options)).resolves.toEqual([]);
  });

  it('hands a fresh port pair to the engine and the page once both are ready, and on every reload', async () => {
    const { electron, win, channels } = await startMain();
    const proc = electron.forks[0]!;
    proc.ready();
    // The page has not loaded yet: a port sent now would be lost.
    expect(channels).toHaveLength(0);

    win!.webContents.finishLoad();
    expect(channels).toHaveLength(1);
    const first = channels[0]!;
    expect(proc.postMessage).toHaveBeenCalledWith({ type: 'connect' }, [first.port2]);
    expect(portsSent(win!)).toEqual([[ENGINE_PORT_CHANNEL, null, [first.port1]]]);
    // The status sent before the page loaded is replayed to it.
    expect(statusesSent(win!)).toEqual(['ready']);

    win!.webContents.finishLoad();
    expect(channels).toHaveLength(2);
    const second = channels[1]!;
    expect(second.port1).not.toBe(first.port1);
    expect(proc.postMessage).toHaveBeenLastCalledWith({ type: 'connect' }, [second.port2]);
    expect(portsSent(win!).at(-1)).toEqual([ENGINE_PORT_CHANNEL, null, [second.port1]]);
  });

  it('after an engine crash, tells the page and connects it to the restarted engine', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { electron, win, channels } = await startMain();
    win!.webContents.finishLoad();
    electron.forks[0]!.ready();
    expect(channels).toHaveLength(1);

    electron.forks[0]!.exit(134);
    expect(statusesSent(win!).slice(-2)).toEqual(['crashed', 'restarting']);
    await vi.waitFor(() => expect(electron.forks).toHaveLength(2), { timeout: 2_000 });
    const restarted: FakeUtilityProcess = electron.forks[1]!;
    restarted.ready();

    expect(channels).toHaveLength(2);
    expect(restarted.postMessage).toHaveBeenCalledWith({ type: 'connect' }, [channels[1]!.port2]);
    expect(portsSent(win!).at(-1)).toEqual([ENGINE_PORT_CHANNEL, null, [channels[1]!.port1]]);
    expect(win!.webContents.send).toHaveBeenLastCalledWith(ENGINE_STATUS_CHANNEL, { state: 'ready', restarts: 1 });
  });

  it('without an Electron build of better-sqlite3, explains the engine failure it causes', async () => {
    vi.stubEnv('CELLAR_SQLITE_BINDING', '');
    // As if build-electron/better_sqlite3.node had never been built (it may have been, here).
    vi.doMock('./paths.js', async (importOriginal) => {
      const actual = await importOriginal<typeof PathsModule>();
      return { ...actual, appPaths: (root: string) => ({ ...actual.appPaths(root), sqliteBinding: null }) };
    });
    onTestFinished(() => {
      vi.doUnmock('./paths.js');
    });
    const { electron, win } = await startMain();
    win!.webContents.finishLoad();
    const proc = electron.forks[0]!;
    expect(proc.options.env).not.toHaveProperty('CELLAR_SQLITE_BINDING');
    proc.emit('message', {
      type: 'fatal',
      error: {
        code: 'DATABASE_UNREADABLE',
        message: 'Cellar cannot open its database: compiled against NODE_MODULE_VERSION 115.',
      },
    });
    proc.exit(78);
    const sent = win!.webContents.send.mock.calls.at(-1)?.[1] as { state: string; message: string };
    expect(sent.state).toBe('failed');
    expect(sent.message).toContain('NODE_MODULE_VERSION 115');
    expect(sent.message).toContain('npm start');
    expect(electron.forks).toHaveLength(1);
  });

  it('stops the engine before quitting', async () => {
    const { electron } = await startMain();
    const proc = electron.forks[0]!;
    proc.ready();
    electron.app.quit();
    expect(proc.kill).toHaveBeenCalled();
    expect(electron.app.calls).not.toContain('quit');
    await vi.waitFor(() => expect(electron.app.calls).toContain('quit'));
    expect(electron.forks).toHaveLength(1);
  });
});
