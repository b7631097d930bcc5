import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { tempDataDir } from '../testing/fixtures.js';
import type { Channel } from './channel.js';
import { createBridge } from './client.js';
import type { ApiErrorShape } from './contract.js';
import { createDirectBridge } from './direct.js';
import { ApiError } from './errors.js';
import { serveApi } from './server.js';

function portChannel(port: MessagePort): Channel {
  const wrappers = new Map<(d: unknown) => void, (d: unknown) => void>();
  return {
    post: (data) => port.postMessage(data),
    on: (listener) => {
      const w = (d: unknown): void => listener(d);
      wrappers.set(listener, w);
      port.on('message', w);
    },
    off: (listener) => {
      const w = wrappers.get(listener);
      if (w) port.off('message', w);
    },
  };
}

let engine: Engine;
let cleanup: () => void;
let ports: MessageChannel;

beforeEach(() => {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  engine = Engine.open({ dataDir: temp.dir });
  ports = new MessageChannel();
  serveApi(engine.dispatch, engine.events.subscribe, portChannel(ports.port1));
});

afterEach(() => {
  ports.port1.close();
  ports.port2.close();
  engine.close();
  cleanup();
});

function connect() {
  const controller = createBridge({ timeoutMs: 5000 });
  controller.attach(portChannel(ports.port2));
  return controller;
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

describe('the RPC over a message port', () => {
  it('serves system.info from the real engine', async () => {
    const { bridge } = connect();
    const info = await bridge.call('system.info');
    expect(info.dataDir).toBe(engine.dataDir);
    expect(info.cpuCores).toBeGreaterThan(0);
    expect(['cpu', 'cuda', 'vulkan', 'metal']).toContain(info.backend);
    expect(info.schemaVersion).toBeGreaterThan(0);
  });

  it('answers an unknown method with a typed error and keeps serving', async () => {
    const { bridge } = connect();
    const call = bridge.call as unknown as (m: string) => Promise<unknown>;
    const error = await rejection(call('nope.missing'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('UNKNOWN_METHOD');
    // Inherited names must not reach Object.prototype.
    expect((await rejection(call('constructor'))).code).toBe('UNKNOWN_METHOD');
    expect((await rejection(call('__proto__'))).code).toBe('UNKNOWN_METHOD');
    expect((await bridge.call('system.ping', { echo: 'still here' })).echo).toBe('still here');
  });

  it('rejects invalid parameters with BAD_PARAMS', async () => {
    const { bridge } = connect();
    const call = bridge.call as unknown as (m: string, ...a: unknown[]) => Promise<unknown>;
    const error = await rejection(call('system.ping', { echo: 42 }));
    expect(error.code).toBe('BAD_PARAMS');
    expect(error.message).toContain('echo');
    expect((await rejection(call('system.ping'))).code).toBe('BAD_PARAMS');
    expect((await rejection(call('system.ping', { echo: 'x', extra: true }))).code).toBe('BAD_PARAMS');
  });

  it('answers malformed messages with BAD_MESSAGE, with or without a request id', async () => {
    const controller = connect();
    const events: ApiErrorShape[] = [];
    controller.bridge.on('rpc.error', (e) => events.push(e));
    const replies: unknown[] = [];
    ports.port2.on('message', (m) => replies.push(m));
    ports.port2.postMessage({ t: 'q', m: 'system.info', a: 'not-an-array', i: 'req-1' });
    ports.port2.postMessage('garbage');
    ports.port2.postMessage(null);
    await expect.poll(() => events.length).toBe(2);
    await expect.poll(() => replies.some((r) => (r as { i?: string }).i === 'req-1')).toBe(true);
    const reply = replies.find((r) => (r as { i?: string }).i === 'req-1') as { e: ApiErrorShape };
    expect(reply.e.code).toBe('BAD_MESSAGE');
    expect(events.every((e) => e.code === 'BAD_MESSAGE')).toBe(true);
    expect((await controller.bridge.call('system.ping', { echo: 'ok' })).echo).toBe('ok');
  });

  it('pushes engine events to subscribers', async () => {
    const { bridge } = connect();
    const seen: string[] = [];
    bridge.on('engine.status', (status) => seen.push(status.state));
    await bridge.call('system.ping', { echo: 'sync' });
    engine.events.emit('engine.status', { state: 'ready', restarts: 0 });
    await expect.poll(() => seen).toEqual(['ready']);
  });

  it('fails pending calls with ENGINE_UNAVAILABLE when the engine goes away, and works again after re-attach', async () => {
    const controller = connect();
    controller.detach('engine crashed');
    const pending = controller.bridge.call('system.ping', { echo: 'after' });
    controller.attach(portChannel(ports.port2));
    expect((await pending).echo).toBe('after');
    const stuck = new MessageChannel();
    controller.attach(portChannel(stuck.port2)); // nobody serves this one
    const lost = controller.bridge.call('system.ping', { echo: 'lost' });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the request is now in flight
    controller.detach('engine crashed');
    expect((await rejection(lost)).code).toBe('ENGINE_UNAVAILABLE');
    stuck.port1.close();
  });
});

describe('the direct bridge', () => {
  it('uses the same dispatcher and error codes', async () => {
    const bridge = createDirectBridge(engine.dispatch, engine.events.subscribe);
    expect((await bridge.call('system.ping', { echo: 'direct' })).echo).toBe('direct');
    const call = bridge.call as unknown as (m: string, ...a: unknown[]) => Promise<unknown>;
    expect((await rejection(call('system.ping', { echo: 1 }))).code).toBe('BAD_PARAMS');
    expect((await rejection(call('missing'))).code).toBe('UNKNOWN_METHOD');
  });
});
