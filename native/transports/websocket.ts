import type { WebSocket } from 'ws';
import type { Channel } from '../api/channel.js';

const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * RPC over a WebSocket (the browser test harness and development). Frames
 * are JSON; a frame that is not JSON is handed on as a string so the RPC
 * server answers it with a BAD_MESSAGE error.
 */
export function webSocketChannel(socket: WebSocket): Channel {
  const wrappers = new Map<(data: unknown) => void, (raw: unknown) => void>();
  return {
    post(data) {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(data));
    },
    on(listener) {
      const wrapper = (raw: unknown): void => {
        const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
        if (text.length > MAX_MESSAGE_BYTES) {
          listener('oversized message');
          return;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
        listener(parsed);
      };
      wrappers.set(listener, wrapper);
      socket.on('message', wrapper);
    },
    off(listener) {
      const wrapper = wrappers.get(listener);
      if (wrapper) socket.off('message', wrapper);
      wrappers.delete(listener);
    },
  };
}
