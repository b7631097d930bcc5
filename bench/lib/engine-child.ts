/**
 * A prototype engine process for the generation benchmark: the same Engine and
 * serveApi as dist/native/engine.js over the same IPC channel, except that
 * chat.delta events are throttled (leading edge: a delta goes out at once when
 * none went out in the last `ms`; later ones within the window are joined into
 * one message). Used to measure what such a change in the engine would buy.
 * Not part of the app.
 */
import type { EventSource } from '../../native/api/server.js';
import { serveApi } from '../../native/api/server.js';
import type { ChatDelta } from '../../native/api/contract.js';
import { Engine } from '../../native/engine/engine.js';
import { parentChannel } from '../../native/transports/process-ipc.js';

export const ENGINE_CHILD_ENV = 'CELLAR_BENCH_ENGINE_CHILD';

export function isEngineChild(): boolean {
  return process.env[ENGINE_CHILD_ENV] === '1' && typeof process.send === 'function';
}

export function throttleDeltas(subscribe: EventSource, ms: number): EventSource {
  return (listener) => {
    let pending: ChatDelta | null = null;
    let timer: NodeJS.Timeout | null = null;
    let last = 0;
    const flush = (): void => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (!pending) return;
      const delta = pending;
      pending = null;
      last = performance.now();
      listener('chat.delta', delta);
    };
    const unsubscribe = subscribe((event, payload) => {
      if (event !== 'chat.delta') {
        flush(); // keep the order: every delta before chat.done (or anything else)
        listener(event, payload);
        return;
      }
      const delta = payload as ChatDelta;
      if (pending && (pending.threadId !== delta.threadId || pending.messageId !== delta.messageId)) flush();
      pending = pending ? { ...pending, delta: pending.delta + delta.delta } : { ...delta };
      const wait = last + ms - performance.now();
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    });
    return () => {
      flush();
      unsubscribe();
    };
  };
}

export function serveEngineChild(): void {
  const engine = Engine.open({ dataDir: process.env.CELLAR_DATA_DIR! });
  const ms = Number(process.env.CELLAR_BENCH_THROTTLE_MS ?? 16);
  const api = serveApi(engine.dispatch, throttleDeltas(engine.events.subscribe, ms), parentChannel());
  const shutdown = (): void => {
    api.close();
    void engine.shutdown().finally(() => process.exit(0));
  };
  process.on('disconnect', shutdown);
  process.on('SIGTERM', shutdown);
  process.send!({ type: 'ready', pid: process.pid });
}
