import { createBirpc } from 'birpc';
import type { CellarBridge, EngineEvents, EventName, MethodName, Params, Result } from './contract.js';
import { EVENT_FUNCTION, type Channel, type ClientFunctions } from './channel.js';
import { ApiError, fromWireError } from './errors.js';

type Listener = (payload: never) => void;

export interface BridgeController {
  /** The API object handed to the UI (window.cellar). */
  readonly bridge: CellarBridge;
  /** Connect to an engine over a channel; calls made before this wait for it. */
  attach(channel: Channel): void;
  /** Drop the current engine: pending calls fail with ENGINE_UNAVAILABLE, new ones wait. */
  detach(reason: string): void;
  /** Deliver an event that did not come from the engine (the shell's engine.status). */
  dispatch<E extends EventName>(event: E, payload: EngineEvents[E]): void;
}

export interface BridgeOptions {
  /** Milliseconds before a call with no answer fails with TIMEOUT. */
  timeoutMs?: number;
}

/**
 * The client side of the API, shared by the Electron preload (MessagePort)
 * and the browser test bridge (WebSocket). Listeners survive engine restarts:
 * a new channel is attached and the same bridge keeps working.
 */
export function createBridge(options: BridgeOptions = {}): BridgeController {
  const listeners = new Map<string, Set<Listener>>();
  const deliver = (event: string, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        (listener as (p: unknown) => void)(payload);
      } catch (error) {
        console.error(`[cellar] listener for ${event} failed:`, error);
      }
    }
  };
  const functions: ClientFunctions = { [EVENT_FUNCTION]: deliver };

  let rpc: ReturnType<typeof createBirpc<Record<string, (...args: unknown[]) => unknown>, ClientFunctions>> | null =
    null;
  let waiting: Array<() => void> = [];

  const connected = (): Promise<void> => (rpc ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve)));

  const bridge: CellarBridge = {
    async call<M extends MethodName>(method: M, ...params: Params<M>): Promise<Result<M>> {
      while (!rpc) await connected();
      const current = rpc;
      try {
        return (await current.$call(method, ...params)) as Result<M>;
      } catch (error) {
        throw fromWireError(error);
      }
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  };

  return {
    bridge,
    attach(channel) {
      rpc?.$close(new ApiError('ENGINE_UNAVAILABLE', 'The engine connection was replaced.'));
      rpc = createBirpc(functions, {
        post: (data) => channel.post(data),
        on: (fn) => channel.on(fn),
        off: (fn) => channel.off(fn),
        timeout: options.timeoutMs ?? 120_000,
      });
      const ready = waiting;
      waiting = [];
      for (const resolve of ready) resolve();
    },
    detach(reason) {
      rpc?.$close(new ApiError('ENGINE_UNAVAILABLE', reason));
      rpc = null;
    },
    dispatch: (event, payload) => deliver(event, payload),
  };
}
