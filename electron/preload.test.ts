import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatusEvent } from '../native/api/contract.js';
import { serveApi } from '../native/api/server.js';
import { ENGINE_PORT_CHANNEL, ENGINE_STATUS_CHANNEL } from './ipc-channels.js';
import { rendererPortChannel, type PortLike } from './renderer-port.js';
import type { FakeElectron } from './testing/fake-electron.js';

vi.mock('electron', async () => (await import('./testing/fake-electron.js')).electronModule);

await import('./preload.js');
const electron = (await import('electron')) as unknown as FakeElectron;
const cellar = electron.exposed.cellar as {
  call(method: string, ...params: unknown[]): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
};

/** A tiny engine on the far end of a real MessageChannel. */
function engineOn(port: MessagePort, dispatch: (method: string, args: unknown[]) => Promise<unknown>) {
  return serveApi(dispatch, () => () => {}, rendererPortChannel(port as unknown as PortLike));
}

const open: MessagePort[] = [];
afterEach(() => {
  for (const port of open.splice(0)) port.close();
});

function handOverPort(dispatch: (method: string, args: unknown[]) => Promise<unknown>): MessagePort {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  engineOn(port2, dispatch);
  electron.ipcRenderer.deliver(ENGINE_PORT_CHANNEL, { ports: [port1] });
  return port1;
}

const status = (s: EngineStatusEvent): void => electron.ipcRenderer.deliver(ENGINE_STATUS_CHANNEL, {}, s);

describe('preload', () => {
  it('exposes exactly one key, cellar, holding only call, on and the shell services', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(Object.keys(electron.exposed)).toEqual(['cellar']);
    expect(Object.keys(cellar).sort()).toEqual(['call', 'on', 'shell']);
    expect(Object.keys((cellar as unknown as { shell: object }).shell).sort()).toEqual([
      'pathForFile',
      'pickFiles',
      'saveFile',
    ]);
    expect(typeof cellar.call).toBe('function');
    expect(typeof cellar.on).toBe('function');
    // ipcRenderer (or anything carrying it) must never reach the page.
    for (const value of Object.values(cellar)) expect(value).not.toBe(electron.ipcRenderer);
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('asks main for the file dialog on its one channel, and reads dropped file paths with webUtils', async () => {
    const shell = (
      cellar as unknown as { shell: { pickFiles(o: unknown): Promise<string[]>; pathForFile(f: unknown): string } }
    ).shell;
    electron.ipcRenderer.invoke.mockResolvedValueOnce(['/a/b.gguf']);
    const options = { title: 'Import', filters: [], multiple: false };
    await expect(shell.pickFiles(options)).resolves.toEqual(['/a/b.gguf']);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('cellar:pick-files', options);
    expect(shell.pathForFile('not a file')).toBe('');
    expect(electron.webUtils.getPathForFile).not.toHaveBeenCalled();
    electron.ipcRenderer.invoke.mockClear();
  });

  it('asks main to save an export on its one save channel', async () => {
    const shell = (cellar as unknown as { shell: { saveFile(o: unknown): Promise<string | null> } }).shell;
    electron.ipcRenderer.invoke.mockResolvedValueOnce('/home/ana/cellar-audit.csv');
    const options = { defaultName: 'cellar-audit.csv', content: 'a,b\r\n', filters: [] };
    await expect(shell.saveFile(options)).resolves.toBe('/home/ana/cellar-audit.csv');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('cellar:save-file', options);
    electron.ipcRenderer.invoke.mockClear();
  });

  it('listens only for the engine port and engine status from main', () => {
    expect([...electron.ipcRenderer.listeners.keys()].sort()).toEqual([ENGINE_PORT_CHANNEL, ENGINE_STATUS_CHANNEL]);
  });

  it('calls the engine over the port main hands over', async () => {
    const dispatch = vi.fn(async (method: string, args: unknown[]) => ({ method, args }));
    handOverPort(dispatch);
    await expect(cellar.call('system.ping', { echo: 'hi' })).resolves.toEqual({
      method: 'system.ping',
      args: [{ echo: 'hi' }],
    });
  });

  it('rejects with a plain {code, message} object, which survives contextBridge', async () => {
    handOverPort(async () => {
      throw { code: 'BAD_PARAMS', message: 'echo must be a string' };
    });
    const error = await cellar.call('system.ping', { echo: 1 }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(Error);
    expect(error).toEqual({ code: 'BAD_PARAMS', message: 'echo must be a string' });

    handOverPort(async () => {
      throw new Error('disk on fire');
    });
    expect(await cellar.call('system.info').catch((e: unknown) => e)).toEqual({
      code: 'INTERNAL',
      message: 'disk on fire',
    });
  });

  it('on a crash fails pending calls, then works again on the next port', async () => {
    let release: () => void = () => {};
    handOverPort(() => new Promise((resolve) => (release = () => resolve('late'))));
    const pending = cellar.call('system.info').catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    status({ state: 'crashed', message: 'The engine stopped unexpectedly (signal SIGKILL).', restarts: 0 });
    expect(await pending).toEqual({
      code: 'ENGINE_UNAVAILABLE',
      message: 'The engine stopped unexpectedly (signal SIGKILL).',
    });
    release();

    // Calls made while it restarts wait for the new engine instead of failing.
    const waiting = cellar.call('system.ping', { echo: 'after' });
    status({ state: 'restarting', restarts: 1 });
    handOverPort(async (_method, args) => args[0]);
    status({ state: 'ready', restarts: 1 });
    await expect(waiting).resolves.toEqual({ echo: 'after' });
  });

  it('forwards statuses, replays the latest to late subscribers, and fails fast once failed', async () => {
    const seen: unknown[] = [];
    const off = cellar.on('engine.status', (payload) => seen.push(payload));
    const failed = { state: 'failed', message: 'Cellar cannot write to its data folder /x', restarts: 0 } as const;
    status(failed);
    await Promise.resolve();
    expect(seen.at(-1)).toEqual(failed);
    off();
    status({ state: 'starting', restarts: 0 });
    expect(seen.at(-1)).toEqual(failed);

    status(failed);
    const late: unknown[] = [];
    cellar.on('engine.status', (payload) => late.push(payload));
    await Promise.resolve();
    expect(late).toEqual([failed]);

    await expect(cellar.call('system.ping', { echo: 'x' })).rejects.toEqual({
      code: 'ENGINE_UNAVAILABLE',
      message: failed.message,
    });
  });

  it('ignores malformed status messages', async () => {
    const seen: unknown[] = [];
    cellar.on('engine.status', (payload) => seen.push(payload));
    await Promise.resolve();
    const before = seen.length;
    electron.ipcRenderer.deliver(ENGINE_STATUS_CHANNEL, {}, 'ready');
    electron.ipcRenderer.deliver(ENGINE_STATUS_CHANNEL, {}, { state: 'ready' });
    expect(seen).toHaveLength(before);
  });
});
