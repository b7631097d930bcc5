import type {
  CellarBridge,
  EngineEvents,
  EngineMethods,
  EventName,
  MethodName,
  Params,
  Result,
  SystemInfo,
} from '../api';

const GIB = 1024 ** 3;

/** A realistic answer from a laptop without a usable GPU. */
export function cpuSystemInfo(overrides: Partial<SystemInfo> = {}): SystemInfo {
  return {
    backend: 'cpu',
    gpuNames: [],
    cpuReason: 'No supported GPU was found, so llama.cpp runs on the CPU.',
    vramBytes: null,
    vramFreeBytes: null,
    ramBytes: 16 * GIB,
    ramFreeBytes: 9.8 * GIB,
    cpuCores: 8,
    cpuModel: 'Intel(R) Core(TM) i7-1165G7 @ 2.80GHz',
    defaultThreads: 4,
    platform: 'linux',
    arch: 'x64',
    dataDir: '/home/ana/.config/Cellar',
    appVersion: '0.1.0',
    engineVersion: '0.1.0',
    nodeVersion: 'v20.19.5',
    llamaCppVersion: 'b6250',
    schemaVersion: 1,
    uptimeMs: 3_725_000,
    pid: 48213,
    ...overrides,
  };
}

export function gpuSystemInfo(overrides: Partial<SystemInfo> = {}): SystemInfo {
  return cpuSystemInfo({
    backend: 'cuda',
    gpuNames: ['NVIDIA GeForce RTX 4060 Laptop GPU'],
    cpuReason: null,
    vramBytes: 8 * GIB,
    vramFreeBytes: 6.5 * GIB,
    ...overrides,
  });
}

type Handler<M extends MethodName> = (...params: Params<M>) => Result<M> | Promise<Result<M>>;
type Handlers = { [M in MethodName]?: Handler<M> };

/**
 * A CellarBridge for UI tests: answers from plain functions, records every
 * call, and lets the test push events as the shell would.
 */
export function createTestBridge(overrides: Handlers = {}) {
  const handlers: Handlers = {
    'system.info': () => cpuSystemInfo(),
    'system.ping': ({ echo }) => ({ echo, at: Date.now() }),
    // An empty library and no chats, like a first start; catalog.* is left out (an older engine).
    'models.list': () => [],
    'models.state': () => ({ state: 'idle' }),
    'threads.list': () => [],
    'settings.get': () => ({ offline: false }),
    'presets.list': () => [],
    'collections.list': () => [],
    'documents.list': () => [],
    'documents.batches': () => [],
    ...overrides,
  };
  const calls: Array<{ method: MethodName; params: unknown[] }> = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();

  const bridge: CellarBridge = {
    call<M extends MethodName>(method: M, ...params: Params<M>): Promise<Result<M>> {
      calls.push({ method, params });
      const handler = handlers[method] as Handler<M> | undefined;
      if (!handler) return Promise.reject({ code: 'UNKNOWN_METHOD', message: `The test bridge has no ${method}.` });
      // Answer asynchronously, as every real transport does.
      return Promise.resolve().then(() => handler(...params));
    },
    on<E extends EventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };

  return {
    bridge,
    handlers,
    calls,
    callsTo: (method: keyof EngineMethods) => calls.filter((c) => c.method === method),
    emit<E extends EventName>(event: E, payload: EngineEvents[E]): void {
      for (const listener of listeners.get(event) ?? []) (listener as (p: EngineEvents[E]) => void)(payload);
    },
    listenerCount: (event: EventName) => listeners.get(event)?.size ?? 0,
  };
}

/** A promise the test resolves or rejects by hand. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
