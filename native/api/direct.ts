import type { CellarBridge, MethodName, Params, Result } from './contract.js';
import { fromWireError, toWireError } from './errors.js';
import type { Dispatcher, EventSource } from './server.js';

/**
 * The API with no transport: the CLI and engine tests call the engine in the
 * same process, through the same dispatcher and error shapes as the RPC.
 */
export function createDirectBridge(dispatch: Dispatcher, subscribe: EventSource): CellarBridge {
  return {
    async call<M extends MethodName>(method: M, ...params: Params<M>): Promise<Result<M>> {
      try {
        return (await dispatch(method, params)) as Result<M>;
      } catch (error) {
        throw fromWireError(toWireError(error));
      }
    },
    on(event, listener) {
      return subscribe((name, payload) => {
        if (name === event) (listener as (p: unknown) => void)(payload);
      });
    },
  };
}
