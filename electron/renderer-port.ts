/**
 * A Channel over a DOM MessagePort: the page's end of the pipe main handed
 * out, whose other end lives in the engine. No electron import, so it can be
 * tested with Node's own MessageChannel.
 */
import type { Channel } from '../native/api/channel.js';

/** The part of a DOM (or Node) MessagePort this uses. */
export interface PortLike {
  postMessage(data: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
  close(): void;
}

export function rendererPortChannel(port: PortLike): Channel {
  const wrappers = new Map<(data: unknown) => void, (event: { data: unknown }) => void>();
  return {
    post: (data) => port.postMessage(data),
    on(listener) {
      const wrapper = (event: { data: unknown }): void => listener(event.data);
      wrappers.set(listener, wrapper);
      port.addEventListener('message', wrapper);
      // addEventListener (unlike onmessage) needs start() before messages flow.
      port.start();
    },
    off(listener) {
      const wrapper = wrappers.get(listener);
      if (wrapper) port.removeEventListener('message', wrapper);
      wrappers.delete(listener);
    },
  };
}
