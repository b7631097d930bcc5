import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { serveApi } from '../api/server.js';
import type { Dispatch } from '../engine/dispatch.js';
import type { EventHub } from '../engine/events.js';
import { webSocketChannel } from '../transports/websocket.js';

/**
 * The browser harness: the built renderer served on loopback, with the
 * engine's API bridged over a WebSocket guarded by a random per-run token.
 * For tests and development only; the packaged app never starts it.
 */
export interface HarnessOptions {
  /** The engine (or its runtime): what serves calls and pushes events. */
  engine: { dispatch: Dispatch; events: EventHub };
  /** The built renderer (dist/renderer) and the bridge script (dist/harness/cellar-bridge.js). */
  rendererDir: string;
  bridgeScript: string;
  port?: number;
}

export interface Harness {
  url: string;
  token: string;
  close(): Promise<void>;
}

export const RPC_PATH = '/rpc';
const BRIDGE_PATH = '/cellar-bridge.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const token = randomBytes(24).toString('base64url');
  const server = createServer((req, res) => {
    void serveFile(options, req, res).catch(() => send(res, 500, 'text/plain', 'Internal error'));
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if (!authorized(req, token, server)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const api = serveApi(options.engine.dispatch, options.engine.events.subscribe, webSocketChannel(ws));
      ws.on('close', () => api.close());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Only our own page, holding this run's token, may open the RPC socket. */
function authorized(req: IncomingMessage, token: string, server: Server): boolean {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== RPC_PATH) return false;
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const { port } = server.address() as AddressInfo;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://127.0.0.1:${port}`;
}

async function serveFile(options: HarnessOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed');
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  if (pathname === BRIDGE_PATH) return send(res, 200, TYPES['.js']!, await readFile(options.bridgeScript));
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  const file = normalize(join(options.rendererDir, relative));
  if (!file.startsWith(options.rendererDir + sep)) return send(res, 403, 'text/plain', 'Forbidden');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return send(res, 404, 'text/plain', 'Not found');
  }
  if (relative === 'index.html') {
    // The bridge must define window.cellar before the app's module script runs.
    const html = body
      .toString('utf8')
      .replace('<script type="module"', `<script src=".${BRIDGE_PATH}"></script>\n    <script type="module"`);
    body = Buffer.from(html);
  }
  send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(body);
}
