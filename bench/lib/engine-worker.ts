/**
 * The worker-thread side of the messageport transport: a real Engine serving
 * its API over the MessagePort it was handed. A benchmark bundle calls
 * `isEngineWorker()` first and, when true, runs only this.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { serveApi } from '../../native/api/server.js';
import { Engine } from '../../native/engine/engine.js';
import { nodePortChannel } from './engine-client.js';

interface EngineWorkerData {
  benchEngineWorker: true;
  dataDir: string;
  port: MessagePort;
}

export function isEngineWorker(): boolean {
  return !isMainThread && Boolean((workerData as Partial<EngineWorkerData> | null)?.benchEngineWorker);
}

export function serveEngineInWorker(): void {
  const { dataDir, port } = workerData as EngineWorkerData;
  const engine = Engine.open({ dataDir });
  const api = serveApi(engine.dispatch, engine.events.subscribe, nodePortChannel(port));
  parentPort!.on('message', (message: { type?: string }) => {
    if (message.type !== 'shutdown') return;
    api.close();
    void engine.shutdown().finally(() => {
      port.close();
      parentPort!.close();
    });
  });
  parentPort!.postMessage({ type: 'ready' });
}
