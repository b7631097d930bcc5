/**
 * window.cellar for the browser harness: the same client as the Electron
 * preload, over a WebSocket to the harness instead of a MessagePort.
 * Reconnects with backoff and reports engine.status like the shell does.
 */
import type { Channel } from '../api/channel.js';
import type { CellarBridge } from '../api/contract.js';
import { createBridge } from '../api/client.js';

declare global {
  interface Window {
    cellar: CellarBridge;
  }
}

const TOKEN_KEY = 'cellar-harness-token';
const token = new URLSearchParams(location.search).get('token') ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
sessionStorage.setItem(TOKEN_KEY, token);

const controller = createBridge();
window.cellar = controller.bridge;

let restarts = 0;
let delay = 250;

function socketChannel(ws: WebSocket): Channel {
  const wrappers = new Map<(data: unknown) => void, (event: MessageEvent) => void>();
  return {
    post: (data) => ws.send(JSON.stringify(data)),
    on(listener) {
      const wrapper = (event: MessageEvent): void => listener(JSON.parse(String(event.data)));
      wrappers.set(listener, wrapper);
      ws.addEventListener('message', wrapper);
    },
    off(listener) {
      const wrapper = wrappers.get(listener);
      if (wrapper) ws.removeEventListener('message', wrapper);
      wrappers.delete(listener);
    },
  };
}

function connect(): void {
  const url = new URL('rpc', location.href);
  url.protocol = 'ws:';
  url.search = `?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(url);
  let opened = false;
  ws.addEventListener('open', () => {
    opened = true;
    delay = 250;
    controller.attach(socketChannel(ws));
    controller.dispatch('engine.status', { state: 'ready', restarts });
  });
  ws.addEventListener('close', () => {
    if (opened) {
      restarts += 1;
      controller.detach('The connection to the engine was lost.');
      controller.dispatch('engine.status', { state: 'restarting', message: 'Reconnecting to the engine…', restarts });
    }
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 5000);
  });
}
connect();
