import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { serveApi } from '../native/api/server.js';
import { mainPortChannel } from '../native/transports/message-port.js';
import { ENGINE_PORT_CHANNEL, ENGINE_STATUS_CHANNEL, MAIN_CONNECT_MESSAGE } from './ipc-channels.js';
import type * as PathsModule from './paths.js';
import {
  FakeWebContents,
  makeElectron,
  type FakeBrowserWindow,
  type FakeMessageChannelMain,
  type FakeMessagePortMain,
  type FakeUtilityProcess,
} from './testing/fake-electron.js';

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
const handlerFor = (electron: ReturnType<typeof makeElectron>, channel: string) => {
  const found = electron.ipcMain.handle.mock.calls.find(([name]) => name === channel);
  if (!found) throw new Error(`no ipcMain handler for ${channel}`);
  return found[1] as (...args: unknown[]) => Promise<unknown>;
};
const statusesSent = (win: FakeBrowserWindow) =>
  win.webContents.send.mock.calls.filter(([channel]) => channel === ENGINE_STATUS_CHANNEL).map(([, s]) => s.state);
const portsSent = (win: FakeBrowserWindow) =>
  win.webContents.postMessage.mock.calls.filter(([channel]) => channel === ENGINE_PORT_CHANNEL);
/** The port pairs made for the window (main makes one more per engine start, for itself). */
const windowChannels = (win: FakeBrowserWindow, channels: FakeMessageChannelMain[]) =>
  channels.filter((c) => portsSent(win).some(([, , ports]) => (ports as unknown[])[0] === c.port1));
/** The ports main handed the engine for its own client, oldest first. */
const mainPorts = (proc: FakeUtilityProcess) =>
  proc.postMessage.mock.calls
    .filter(([message]) => JSON.stringify(message) === JSON.stringify(MAIN_CONNECT_MESSAGE))
    .map(([, ports]) => (ports as FakeMessagePortMain[])[0]!);

/** A stand-in engine on main's own port: records calls, and can push events to main. */
function engineForMain(proc: FakeUtilityProcess) {
  const port = mainPorts(proc).at(-1);
  if (!port) throw new Error('main did not connect to the engine');
  const calls: Array<{ method: string; args: unknown[] }> = [];
  let push: (event: string, payload: unknown) => void = () => {};
  serveApi(
    async (method, args) => {
      calls.push({ method, args });
      return undefined;
    },
    (listener) => {
      push = listener;
      return () => {};
    },
    mainPortChannel(port as never),
  );
  return { calls, emit: (event: string, payload: unknown) => push(event, payload) };
}

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

  it('registers two ipcMain handlers, the open and save dialogs, and nothing else', async () => {
    const { electron } = await startMain();
    expect(electron.ipcMain.on).not.toHaveBeenCalled();
    expect(electron.ipcMain.handle.mock.calls.map(([channel]) => channel)).toEqual([
      'cellar:pick-files',
      'cellar:save-file',
    ]);
  });

  it('shows the open dialog only to its own window', async () => {
    const { electron, win } = await startMain();
    const handler = handlerFor(electron, 'cellar:pick-files') as (
      event: unknown,
      options: unknown,
    ) => Promise<string[]>;
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
    // The page has not loaded yet: a port sent now would be lost. Main's own port goes at once.
    expect(channels).toHaveLength(1);
    expect(mainPorts(proc)).toEqual([channels[0]!.port2]);
    expect(portsSent(win!)).toEqual([]);

    win!.webContents.finishLoad();
    expect(windowChannels(win!, channels)).toHaveLength(1);
    const first = windowChannels(win!, channels)[0]!;
    expect(proc.postMessage).toHaveBeenCalledWith({ type: 'connect' }, [first.port2]);
    expect(portsSent(win!)).toEqual([[ENGINE_PORT_CHANNEL, null, [first.port1]]]);
    // The status sent before the page loaded is replayed to it.
    expect(statusesSent(win!)).toEqual(['ready']);

    win!.webContents.finishLoad();
    expect(windowChannels(win!, channels)).toHaveLength(2);
    const second = windowChannels(win!, channels)[1]!;
    expect(second.port1).not.toBe(first.port1);
    expect(proc.postMessage).toHaveBeenLastCalledWith({ type: 'connect' }, [second.port2]);
    expect(portsSent(win!).at(-1)).toEqual([ENGINE_PORT_CHANNEL, null, [second.port1]]);
  });

  it('after an engine crash, tells the page and connects it to the restarted engine', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { electron, win, channels } = await startMain();
    win!.webContents.finishLoad();
    electron.forks[0]!.ready();
    expect(windowChannels(win!, channels)).toHaveLength(1);
    const firstMainPort = mainPorts(electron.forks[0]!)[0]!;

    electron.forks[0]!.exit(134);
    expect(statusesSent(win!).slice(-2)).toEqual(['crashed', 'restarting']);
    // Main lets go of its port to the dead engine.
    expect(firstMainPort.peer?.closed).toBe(true);
    await vi.waitFor(() => expect(electron.forks).toHaveLength(2), { timeout: 2_000 });
    const restarted: FakeUtilityProcess = electron.forks[1]!;
    restarted.ready();

    const windows = windowChannels(win!, channels);
    expect(windows).toHaveLength(2);
    expect(restarted.postMessage).toHaveBeenCalledWith({ type: 'connect' }, [windows[1]!.port2]);
    expect(portsSent(win!).at(-1)).toEqual([ENGINE_PORT_CHANNEL, null, [windows[1]!.port1]]);
    expect(mainPorts(restarted)).toHaveLength(1);
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

  it('saves an export where the user chooses, only for its own window', async () => {
    const { electron, win } = await startMain();
    const save = handlerFor(electron, 'cellar:save-file');
    const ownPage = pathToFileURL(join(ROOT, 'dist', 'renderer', 'index.html')).href;
    const own = { sender: win!.webContents, senderFrame: { url: `${ownPage}#/privacy` } };
    const target = join(dataDir, 'exported.csv');
    const options = {
      defaultName: '../../etc/cellar-audit-2025-03-12.csv',
      content: 'id,time,event\r\n1,2025-03-12,model.imported\r\n',
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    };

    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    await expect(save(own, options)).resolves.toBe(target);
    expect(readFileSync(target, 'utf8')).toBe(options.content);
    const [, shown] = electron.dialog.showSaveDialog.mock.calls[0]!;
    // Only a name is suggested: the page cannot pick the folder.
    expect(shown).toMatchObject({ defaultPath: 'cellar-audit-2025-03-12.csv', filters: options.filters });

    // Cancelled: nothing written, null back.
    await expect(save(own, { ...options, content: 'other' })).resolves.toBeNull();
    expect(readFileSync(target, 'utf8')).toBe(options.content);

    await expect(
      save({ sender: win!.webContents, senderFrame: { url: 'https://evil.example/' } }, options),
    ).rejects.toThrow();
    await expect(save({ sender: new FakeWebContents(), senderFrame: { url: ownPage } }, options)).rejects.toThrow();
    await expect(save(own, { ...options, content: 42 })).rejects.toThrow(/content must be text/);
    expect(electron.dialog.showSaveDialog).toHaveBeenCalledTimes(2);
  });

  it('reports each request it blocks in the window to the engine’s network ledger, once a minute per host', async () => {
    const { electron } = await startMain();
    const proc = electron.forks[0]!;
    proc.ready();
    const engine = engineForMain(proc);
    const ses = electron.session.defaultSession;
    const request = (url: string) => {
      const callback = vi.fn();
      ses.handlers.onBeforeRequest!({ url } as never, callback as never);
      return (callback.mock.calls[0]?.[0] as { cancel: boolean }).cancel;
    };

    expect(request('https://tracker.example/pixel.gif')).toBe(true);
    expect(request('https://tracker.example/again.gif')).toBe(true);
    expect(request('wss://sync.example.org/socket')).toBe(true);
    // Blocked, but never leaving the computer: not a ledger entry.
    expect(request('http://127.0.0.1:8080/api')).toBe(true);
    expect(request('file:///etc/passwd')).toBe(true);
    // The app's own files pass and are not reported.
    expect(request(pathToFileURL(join(ROOT, 'dist', 'renderer', 'index.html')).href)).toBe(false);

    await vi.waitFor(() => expect(engine.calls).toHaveLength(2));
    expect(engine.calls).toEqual([
      { method: 'privacy.report', args: [{ host: 'tracker.example', purpose: 'blocked request from the window' }] },
      { method: 'privacy.report', args: [{ host: 'sync.example.org', purpose: 'blocked request from the window' }] },
    ]);
  });

  it('a report made while the engine restarts reaches the restarted engine', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { electron } = await startMain();
    electron.forks[0]!.ready();
    electron.forks[0]!.exit(134);
    electron.session.defaultSession.handlers.onBeforeRequest!(
      { url: 'https://fonts.example/font.woff2' } as never,
      vi.fn() as never,
    );
    await vi.waitFor(() => expect(electron.forks).toHaveLength(2), { timeout: 2_000 });
    electron.forks[1]!.ready();
    const engine = engineForMain(electron.forks[1]!);
    await vi.waitFor(() =>
      expect(engine.calls.map((c) => c.args[0])).toEqual([
        { host: 'fonts.example', purpose: 'blocked request from the window' },
      ]),
    );
  });

  it('clears the window’s browser data (storage and cache) when the library is wiped', async () => {
    const { electron } = await startMain();
    const proc = electron.forks[0]!;
    proc.ready();
    const engine = engineForMain(proc);
    const ses = electron.session.defaultSession;
    // Let main's client subscribe over the port before the event comes.
    await flush();
    expect(ses.clearStorageData).not.toHaveBeenCalled();

    engine.emit('library.wiped', { at: '2025-03-12T10:00:00.000Z' });
    await vi.waitFor(() => expect(ses.clearStorageData).toHaveBeenCalledOnce());
    expect(ses.clearCache).toHaveBeenCalledOnce();
    // Other events do nothing of the kind.
    engine.emit('models.changed', { models: [] });
    await flush();
    await flush();
    expect(ses.clearStorageData).toHaveBeenCalledOnce();
  });

  it('locks down every web contents and the window as the security policy says', async () => {
    const { electron, win } = await startMain();
    // The window: isolated, sandboxed, no Node, no webview tag.
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
    });
    // Any web contents the app creates (a window, devtools, a would-be webview).
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    const prevented = (event: string, ...rest: unknown[]) => {
      const preventDefault = vi.fn();
      contents.emit(event, { url: 'https://evil.example/', preventDefault }, ...rest);
      return preventDefault.mock.calls.length > 0;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-frame-navigate')).toBe(true);
    expect(prevented('will-redirect')).toBe(true);
    expect(prevented('will-attach-webview', {}, {})).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    // Permissions: requests and checks denied (clipboard writes by the app page are the documented exception).
    const ses = electron.session.defaultSession;
    const callback = vi.fn();
    ses.handlers.permissionRequest!({} as never, 'media' as never, callback as never, {} as never);
    expect(callback).toHaveBeenCalledWith(false);
    expect(ses.handlers.permissionCheck!(null as never, 'notifications' as never, '' as never, {} as never)).toBe(
      false,
    );
    expect(ses.handlers.devicePermission!({} as never)).toBe(false);
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
