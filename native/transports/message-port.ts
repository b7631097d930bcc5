import type { Channel } from '../api/channel.js';

/** The part of Electron's MessagePortMain the engine uses (no electron import here). */
export interface MainPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

/** RPC over an Electron MessagePortMain handed to the engine's utility process. */
export function mainPortChannel(port: MainPortLike): Channel {
  const wrappers = new Map<(data: unknown) => void, (event: { data: unknown }) => void>();
  return {
    post: (data) => port.postMessage(data),
    on(listener) {
      const wrapper = (event: { data: unknown }): void => listener(event.data);
      wrappers.set(listener, wrapper);
      port.on('message', wrapper);
      port.start();
    },
    off(listener) {
      const wrapper = wrappers.get(listener);
      if (wrapper) port.off('message', wrapper);
      wrappers.delete(listener);
    },
  };
}
