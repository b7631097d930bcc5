/**
 * A real engine in another process (or thread), reached through the app's own
 * client (createBridge: birpc) over a real transport:
 *  - ipc:         dist/native/engine.js forked with an IPC channel (the Node supervisor's launcher),
 *  - websocket:   dist/native/harness.js, the loopback WebSocket with its per-run token (browser harness),
 *  - messageport: the engine in a worker thread, served over a worker_threads MessagePort
 *                 (structured clone, as Electron's MessagePort between window and utility process),
 *  - ipc-throttled: a prototype, not the app: as ipc, but the engine process (this bench's own
 *                 bundle, see engine-child.ts) joins chat.delta events into at most one per 16 ms.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import WebSocket from 'ws';
import { createBridge } from '../../native/api/client.js';
import type { Channel } from '../../native/api/channel.js';
import type { CellarBridge } from '../../native/api/contract.js';
import { childChannel } from '../../native/transports/process-ipc.js';
import { webSocketChannel } from '../../native/transports/websocket.js';
import { requireDist } from './common.js';
import { ENGINE_CHILD_ENV } from './engine-child.js';

export type Transport = 'ipc' | 'websocket' | 'messageport' | 'ipc-throttled';
export const TRANSPORTS: readonly Transport[] = ['ipc', 'websocket', 'messageport', 'ipc-throttled'];

export interface RemoteEngine {
  transport: Transport;
  api: CellarBridge;
  /** The engine's process id (the bench's own for messageport, where the engine is a thread). */
  pid: number;
  close(): Promise<void>;
}

export async function startEngine(transport: Transport, dataDir: string, benchEntry?: string): Promise<RemoteEngine> {
  const controller = createBridge({ timeoutMs: 600_000 });
  if (transport === 'ipc' || transport === 'ipc-throttled') {
    const prototype = transport === 'ipc-throttled';
    if (prototype && !benchEntry) throw new Error('the ipc-throttled prototype needs the bench bundle');
    const child = fork(prototype ? benchEntry! : requireDist('native/engine.js'), [], {
      // CELLAR_BENCH_ENGINE_FLAGS="--cpu-prof --cpu-prof-dir=DIR" profiles the engine process.
      execArgv: process.env.CELLAR_BENCH_ENGINE_FLAGS?.split(' ').filter(Boolean) ?? [],
      env: { ...process.env, CELLAR_DATA_DIR: dataDir, ...(prototype ? { [ENGINE_CHILD_ENV]: '1' } : {}) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    await waitForReady(child);
    controller.attach(childChannel(child));
    return { transport, api: controller.bridge, pid: child.pid!, close: () => stopChild(child) };
  }
  if (transport === 'websocket') {
    const child = spawn(process.execPath, [requireDist('native/harness.js'), '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the harness exited (${code}) before it was ready`)));
    });
    const { url } = JSON.parse(first) as { url: string };
    const page = new URL(url);
    const socket = new WebSocket(`ws://${page.host}/rpc?token=${encodeURIComponent(page.searchParams.get('token')!)}`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    controller.attach(webSocketChannel(socket));
    return {
      transport,
      api: controller.bridge,
      pid: child.pid!,
      close: async () => {
        socket.close();
        await stopChild(child);
      },
    };
  }
  if (!benchEntry) throw new Error('the messageport transport needs the bench bundle as worker entry');
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(benchEntry, {
    workerData: { benchEngineWorker: true, dataDir, port: port2 },
    transferList: [port2],
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { type?: string }) => (m.type === 'ready' ? resolve() : reject(new Error(String(m)))));
    worker.once('error', reject);
  });
  controller.attach(nodePortChannel(port1));
  return {
    transport,
    api: controller.bridge,
    pid: process.pid,
    close: async () => {
      worker.postMessage({ type: 'shutdown' });
      await new Promise((resolve) => worker.once('exit', resolve));
      port1.close();
    },
  };
}

/** Node's MessagePort hands listeners the data itself (Electron's hands an event with .data). */
export function nodePortChannel(port: MessagePort): Channel {
  return {
    post: (data) => port.postMessage(data),
    on: (listener) => {
      port.on('message', listener);
    },
    off: (listener) => {
      port.off('message', listener);
    },
  };
}

export function waitForReady(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown): void => {
      const message = m as { type?: string; error?: { message?: string } };
      if (message?.type === 'ready') {
        child.off('message', onMessage);
        resolve(performance.now());
      } else if (message?.type === 'fatal') reject(new Error(`engine failed: ${message.error?.message}`));
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`engine exited (${code}) before it was ready`)));
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
