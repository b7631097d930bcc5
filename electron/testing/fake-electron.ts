/**
 * A stand-in for the `electron` module in unit tests (the real one only loads
 * inside the Electron binary). It records what the shell asks of Electron so
 * tests can assert on it, and lets tests fire the events Electron would.
 *
 * Use: vi.mock('electron', async () => (await import('./testing/fake-electron.js')).electronModule)
 * then `const fake = (await import('electron')) as unknown as FakeElectron`.
 * For a fresh fake per test: vi.resetModules(); vi.doMock('electron', () => makeElectron()).
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { vi } from 'vitest';

type Handler = (...args: never[]) => unknown;

export class FakeWebContents extends EventEmitter {
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly postMessage = vi.fn();
  readonly send = vi.fn();
  readonly reload = vi.fn();
  readonly setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = handler;
  });
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Simulate a page load finishing (the initial load or a reload). */
  finishLoad(): void {
    this.emit('did-start-loading');
    this.emit('did-finish-load');
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  visible = false;
  readonly loadFile = vi.fn((_path: string) => Promise.resolve());
  readonly show = vi.fn(() => {
    this.visible = true;
  });
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly reload = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
}

export class FakeSession {
  readonly handlers: Record<string, Handler> = {};
  readonly webRequest = {
    onHeadersReceived: vi.fn((handler: Handler) => (this.handlers.onHeadersReceived = handler)),
    onBeforeRequest: vi.fn((handler: Handler) => (this.handlers.onBeforeRequest = handler)),
  };
  readonly setPermissionRequestHandler = vi.fn((h: Handler) => (this.handlers.permissionRequest = h));
  readonly setPermissionCheckHandler = vi.fn((h: Handler) => (this.handlers.permissionCheck = h));
  readonly setDevicePermissionHandler = vi.fn((h: Handler) => (this.handlers.devicePermission = h));
  readonly clearStorageData = vi.fn((_options?: unknown) => Promise.resolve());
  readonly clearCache = vi.fn(() => Promise.resolve());
}

export class FakeApp extends EventEmitter {
  readonly paths = new Map<string, string>();
  hasLock = true;
  readonly calls: string[] = [];
  readonly setPath = vi.fn((name: string, path: string) => {
    this.calls.push(`setPath:${name}`);
    this.paths.set(name, path);
  });
  readonly requestSingleInstanceLock = vi.fn(() => {
    this.calls.push('requestSingleInstanceLock');
    return this.hasLock;
  });
  readonly whenReady = vi.fn(() => Promise.resolve());
  readonly isReady = vi.fn(() => true);
  readonly quit = vi.fn(() => {
    // Like Electron: quitting first asks 'before-quit' listeners, which may prevent it.
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.calls.push('quit');
  });
  readonly exit = vi.fn();
}

export class FakeUtilityProcess extends EventEmitter {
  static nextPid = 5000;
  pid: number | undefined = FakeUtilityProcess.nextPid++;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly postMessage = vi.fn();
  readonly kill = vi.fn(() => {
    setImmediate(() => this.exit(0));
    return true;
  });
  constructor(
    readonly modulePath: string,
    readonly options: { env?: Record<string, string | undefined>; serviceName?: string; stdio?: unknown },
  ) {
    super();
  }
  ready(): void {
    this.emit('message', { type: 'ready', pid: this.pid });
  }
  exit(code: number): void {
    this.pid = undefined;
    this.emit('exit', code);
  }
}

/**
 * One end of a FakeMessageChannelMain, behaving like Electron's MessagePortMain:
 * messages are delivered asynchronously as {data}, queued until start(), and
 * close() tells both ends.
 */
export class FakeMessagePortMain extends EventEmitter {
  peer: FakeMessagePortMain | null = null;
  started = false;
  closed = false;
  readonly #queue: unknown[] = [];
  constructor(readonly name: string) {
    super();
  }
  postMessage(data: unknown): void {
    const peer = this.peer;
    if (this.closed || !peer || peer.closed) return;
    // Structured clone, as the real port does: nothing is shared by reference.
    const copy = structuredClone(data);
    setImmediate(() => peer.#receive(copy));
  }
  start(): void {
    this.started = true;
    for (const data of this.#queue.splice(0)) this.emit('message', { data, ports: [] });
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
    const peer = this.peer;
    if (peer && !peer.closed) setImmediate(() => peer.close());
  }
  #receive(data: unknown): void {
    if (this.closed) return;
    if (this.started) this.emit('message', { data, ports: [] });
    else this.#queue.push(data);
  }
}

export class FakeMessageChannelMain {
  static next = 0;
  readonly port1: FakeMessagePortMain;
  readonly port2: FakeMessagePortMain;
  constructor() {
    const n = FakeMessageChannelMain.next++;
    this.port1 = new FakeMessagePortMain(`port1#${n}`);
    this.port2 = new FakeMessagePortMain(`port2#${n}`);
    this.port1.peer = this.port2;
    this.port2.peer = this.port1;
  }
}

export class FakeIpcRenderer {
  readonly listeners = new Map<string, Array<(event: unknown, ...args: unknown[]) => void>>();
  readonly on = vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  });
  readonly send = vi.fn();
  readonly invoke = vi.fn();
  deliver(channel: string, event: unknown, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

export function makeElectron() {
  const forks: FakeUtilityProcess[] = [];
  const windows: FakeBrowserWindow[] = [];
  const channels: FakeMessageChannelMain[] = [];
  const exposed: Record<string, unknown> = {};
  return {
    app: new FakeApp(),
    session: { defaultSession: new FakeSession() },
    windows,
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(options: Record<string, unknown>) {
        super(options);
        windows.push(this);
      }
    },
    channels,
    MessageChannelMain: class extends FakeMessageChannelMain {
      constructor() {
        super();
        channels.push(this);
      }
    },
    nativeTheme: { shouldUseDarkColors: false },
    forks,
    utilityProcess: {
      fork: vi.fn((modulePath: string, _args: string[], options: FakeUtilityProcess['options']) => {
        const proc = new FakeUtilityProcess(modulePath, options);
        forks.push(proc);
        return proc;
      }),
    },
    exposed,
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, api: unknown) => {
        exposed[key] = api;
      }),
    },
    ipcRenderer: new FakeIpcRenderer(),
    // Records handlers so tests can call them the way Electron would.
    ipcMain: { on: vi.fn(), handle: vi.fn(), once: vi.fn(), handleOnce: vi.fn() },
    dialog: {
      showOpenDialog: vi.fn((_win: unknown, _options: Record<string, unknown>) =>
        Promise.resolve({ canceled: false, filePaths: ['/home/ana/models/qwen.gguf'] }),
      ),
      showSaveDialog: vi.fn(
        (_win: unknown, _options: Record<string, unknown>): Promise<{ canceled: boolean; filePath: string }> =>
          Promise.resolve({ canceled: true, filePath: '' }),
      ),
    },
    webUtils: { getPathForFile: vi.fn((_file: unknown) => '/home/ana/dropped.gguf') },
  };
}

export type FakeElectron = ReturnType<typeof makeElectron>;

/** One shared fake, for test files that import the shell once. */
export const electronModule: FakeElectron = makeElectron();
