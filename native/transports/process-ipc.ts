import type { ChildProcess } from 'node:child_process';
import type { Channel } from '../api/channel.js';

/**
 * RPC over a Node child process's IPC channel. Control messages (ready,
 * fatal) share the pipe, so RPC messages travel wrapped as {rpc: data}.
 */
interface Endpoint {
  send?(message: unknown): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

function channelOver(endpoint: Endpoint): Channel {
  const wrappers = new Map<(data: unknown) => void, (message: unknown) => void>();
  return {
    post(data) {
      endpoint.send?.({ rpc: data });
    },
    on(listener) {
      const wrapper = (message: unknown): void => {
        if (typeof message === 'object' && message !== null && 'rpc' in message) listener(message.rpc);
      };
      wrappers.set(listener, wrapper);
      endpoint.on('message', wrapper);
    },
    off(listener) {
      const wrapper = wrappers.get(listener);
      if (wrapper) endpoint.off('message', wrapper);
      wrappers.delete(listener);
    },
  };
}

/** The engine's side: its own process object. */
export function parentChannel(): Channel {
  return channelOver(process as unknown as Endpoint);
}

/** The supervisor's side: the forked child. */
export function childChannel(child: ChildProcess): Channel {
  return channelOver(child as unknown as Endpoint);
}
