/**
 * What the preload exposes as window.cellar, built without electron so it can
 * be tested against a real engine API over Node's MessageChannel.
 *
 * Everything here crosses contextBridge, which copies values: an Error loses
 * its `code`, so failed calls reject with a plain {code, message} object (the
 * shape renderer/src/lib/errors.ts reads).
 */
import type {
  ApiErrorShape,
  CellarBridge,
  EngineStatusEvent,
  MethodName,
  Params,
  Result,
} from '../native/api/contract.js';
import { createBridge } from '../native/api/client.js';
import { toWireError } from '../native/api/errors.js';
import { rendererPortChannel, type PortLike } from './renderer-port.js';

export interface PreloadBridge {
  /** The object exposed to the page. */
  readonly api: CellarBridge;
  /** Main handed over a new port to a ready engine. */
  connect(port: PortLike): void;
  /** Main forwarded an engine status. */
  status(status: EngineStatusEvent): void;
}

export function createPreloadBridge(): PreloadBridge {
  const controller = createBridge();
  let port: PortLike | null = null;
  let last: EngineStatusEvent | null = null;
  /** Counts statuses, so a replay never overtakes a newer one. */
  let sequence = 0;

  const dropPort = (): void => {
    // Closing our end tells the engine this client is gone.
    port?.close();
    port = null;
  };

  const api: CellarBridge = {
    async call<M extends MethodName>(method: M, ...params: Params<M>): Promise<Result<M>> {
      if (typeof method !== 'string') {
        throw plainError({ code: 'BAD_PARAMS', message: 'The method name must be a string.' });
      }
      // A failed engine will not come back by itself: fail now rather than wait forever.
      if (last?.state === 'failed') {
        throw plainError({ code: 'ENGINE_UNAVAILABLE', message: last.message ?? 'The engine could not start.' });
      }
      try {
        return await controller.bridge.call(method, ...params);
      } catch (error) {
        throw plainError(toWireError(error));
      }
    },
    on(event, listener) {
      if (typeof listener !== 'function') throw new TypeError('cellar.on needs a listener function.');
      let active = true;
      const unsubscribe = controller.bridge.on(event, listener);
      // The engine status is state, not news: a page that subscribes after the
      // shell sent it (React effects run late) still learns where things stand.
      if (event === 'engine.status' && last) {
        const current = last;
        const seen = sequence;
        queueMicrotask(() => {
          if (active && sequence === seen) (listener as (payload: EngineStatusEvent) => void)(current);
        });
      }
      return () => {
        active = false;
        unsubscribe();
      };
    },
  };

  return {
    api,
    connect(next) {
      dropPort();
      port = next;
      controller.attach(rendererPortChannel(next));
    },
    status(status) {
      last = status;
      sequence += 1;
      if (status.state === 'crashed' || status.state === 'failed') {
        controller.detach(status.message ?? `The engine ${status.state}.`);
        dropPort();
      }
      controller.dispatch('engine.status', status);
    },
  };
}

/** A clonable rejection value (contextBridge would strip an Error's code). */
function plainError(shape: ApiErrorShape): ApiErrorShape {
  return { code: shape.code, message: shape.message };
}
