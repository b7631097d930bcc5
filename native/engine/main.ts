/**
 * The engine process entry. Under Electron it runs in a utility process and
 * receives one MessagePort per window from the main process; under Node (the
 * supervisor tests) it is a forked child and serves over its IPC channel.
 *
 * Control messages to the parent: {type: 'ready', pid} once the library is
 * open, {type: 'fatal', error} when it cannot start (then exit code 78, which
 * the supervisor treats as "do not restart").
 */
import { serveApi } from '../api/server.js';
import { toWireError } from '../api/errors.js';
import { defaultDataDir } from '../storage/data-dir.js';
import { restrictUmask } from '../storage/private.js';
import { mainPortChannel, type MainPortLike } from '../transports/message-port.js';
import { parentChannel } from '../transports/process-ipc.js';
import { EngineRuntime } from './runtime.js';

export const EXIT_FATAL_CONFIG = 78;

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown; ports: MainPortLike[] }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
const tell = (message: unknown): void => {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
};

function openEngine(): EngineRuntime | null {
  // Whatever SQLite, hnswlib or llama.cpp create in this process is owner-only.
  restrictUmask();
  try {
    return new EngineRuntime(process.env.CELLAR_DATA_DIR ?? defaultDataDir());
  } catch (error) {
    const wire = toWireError(error);
    console.error(`[engine] cannot start: ${wire.message}`);
    tell({ type: 'fatal', error: wire });
    // Leave time for the message to reach the parent, then exit.
    setTimeout(() => process.exit(EXIT_FATAL_CONFIG), 100);
    return null;
  }
}

const engine = openEngine();
if (engine) serve(engine);

function serve(engine: EngineRuntime): void {
  const served = new Set<{ close(): void }>();
  if (parentPort) {
    parentPort.on('message', (event) => {
      const port = event.ports[0];
      if ((event.data as { type?: string } | null)?.type !== 'connect' || !port) return;
      const api = serveApi(engine.dispatch, engine.events.subscribe, mainPortChannel(port));
      served.add(api);
      port.on('close', () => {
        api.close();
        served.delete(api);
      });
    });
  } else if (process.send) {
    served.add(serveApi(engine.dispatch, engine.events.subscribe, parentChannel()));
    process.on('disconnect', () => shutdown());
  }

  function shutdown(): void {
    for (const api of served) api.close();
    // Save any partial answer before leaving.
    void engine.shutdown().finally(() => process.exit(0));
  }
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  tell({ type: 'ready', pid: process.pid });
}
