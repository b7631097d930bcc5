import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createBridge } from '../api/client.js';
import type { ApiErrorShape } from '../api/contract.js';
import { Engine } from '../engine/engine.js';
import { tempDataDir } from '../testing/fixtures.js';
import { webSocketChannel } from '../transports/websocket.js';
import { startHarness, type Harness } from './server.js';

let harness: Harness;
let engine: Engine;
let cleanup: () => void;
let base: URL;

beforeAll(async () => {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<html><head><script type="module" src="./app.js"></script></head></html>',
  );
  writeFileSync(join(rendererDir, 'app.js'), 'console.log("app")');
  writeFileSync(join(temp.dir, 'secret.txt'), 'outside the renderer');
  writeFileSync(join(temp.dir, 'bridge.js'), '/* bridge */');
  engine = Engine.open({ dataDir: join(temp.dir, 'data') });
  harness = await startHarness({ engine, rendererDir, bridgeScript: join(temp.dir, 'bridge.js') });
  base = new URL(harness.url);
});

afterAll(async () => {
  await harness.close();
  engine.close();
  cleanup();
});

function socketUrl(token: string | null): string {
  return `ws://${base.host}/rpc${token === null ? '' : `?token=${token}`}`;
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('the browser harness', () => {
  it('listens on loopback only and serves the renderer with the bridge injected first', async () => {
    expect(base.hostname).toBe('127.0.0.1');
    const html = await (await fetch(new URL('/', base))).text();
    expect(html.indexOf('cellar-bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('cellar-bridge.js')).toBeLessThan(html.indexOf('type="module"'));
    expect(await (await fetch(new URL('/cellar-bridge.js', base))).text()).toBe('/* bridge */');
  });

  it('serves nothing outside the renderer folder', async () => {
    const response = await fetch(`http://${base.host}/..%2Fsecret.txt`);
    expect([403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('outside the renderer');
  });

  it('refuses sockets without the token, with a wrong token, or from another origin', async () => {
    await expect(openSocket(socketUrl(null))).rejects.toThrow(/401/);
    await expect(openSocket(socketUrl('wrong-token'))).rejects.toThrow(/401/);
    await expect(openSocket(socketUrl(harness.token), { Origin: 'http://evil.example' })).rejects.toThrow(/401/);
  });

  it('serves the real engine API over the socket, and answers garbage with BAD_MESSAGE', async () => {
    const ws = await openSocket(socketUrl(harness.token));
    const controller = createBridge({ timeoutMs: 10_000 });
    controller.attach(webSocketChannel(ws));
    const errors: ApiErrorShape[] = [];
    controller.bridge.on('rpc.error', (e) => errors.push(e));
    const info = await controller.bridge.call('system.info');
    expect(info.dataDir).toBe(engine.dataDir);
    ws.send('{this is not json');
    ws.send(JSON.stringify({ t: 'x' }));
    await expect.poll(() => errors.length).toBe(2);
    expect(errors.map((e) => e.code)).toEqual(['BAD_MESSAGE', 'BAD_MESSAGE']);
    expect((await controller.bridge.call('system.ping', { echo: 'alive' })).echo).toBe('alive');
    ws.close();
  });
});
