import { createBirpc } from 'birpc';
import type { ApiErrorShape } from './contract.js';
import { EVENT_FUNCTION, type Channel, type ClientFunctions } from './channel.js';
import { toWireError } from './errors.js';
import { requestId, wireProblem } from './wire.js';

export type Dispatcher = (method: string, args: unknown[]) => Promise<unknown>;
export type EventSource = (listener: (event: string, payload: unknown) => void) => () => void;

export interface ServedApi {
  close(): void;
}

/**
 * Serve the engine's API over one channel. Calls are routed through
 * `dispatch`; errors cross as plain {code, message} objects; events are
 * pushed as fire-and-forget calls to the client's `event` function.
 */
export function serveApi(dispatch: Dispatcher, subscribe: EventSource, channel: Channel): ServedApi {
  const guards = new Map<(data: unknown) => void, (data: unknown) => void>();
  const guarded: Channel = {
    post: (data) => channel.post(data),
    on(listener) {
      const guard = (data: unknown): void => {
        const problem = wireProblem(data);
        if (problem === null) {
          listener(data);
          return;
        }
        rejectMalformed(channel, data, problem);
      };
      guards.set(listener, guard);
      channel.on(guard);
    },
    off(listener) {
      const guard = guards.get(listener);
      if (guard) channel.off(guard);
      guards.delete(listener);
    },
  };

  const rpc = createBirpc<ClientFunctions, Record<string, never>>(
    {},
    {
      ...guarded,
      eventNames: [EVENT_FUNCTION],
      timeout: -1,
      // Only the dispatcher decides which names exist: birpc's own lookup would
      // also find inherited properties such as "constructor".
      resolver:
        (name) =>
        async (...args: unknown[]) => {
          try {
            return await dispatch(name, args);
          } catch (error) {
            throw toWireError(error);
          }
        },
      onGeneralError: (error) => {
        console.error('[engine] RPC transport error:', (error as Error).message);
        return true;
      },
    },
  );
  const unsubscribe = subscribe((event, payload) => {
    void rpc[EVENT_FUNCTION].asEvent(event, payload);
  });
  return {
    close() {
      unsubscribe();
      rpc.$close();
    },
  };
}

function rejectMalformed(channel: Channel, data: unknown, problem: string): void {
  const error: ApiErrorShape = { code: 'BAD_MESSAGE', message: `Malformed message: ${problem}.` };
  const id = requestId(data);
  try {
    if (id) channel.post({ t: 's', i: id, e: error });
    else channel.post({ t: 'q', m: EVENT_FUNCTION, a: ['rpc.error', error] });
  } catch {
    // The peer is gone; nothing to tell.
  }
}
