/**
 * The one declaration of the engine's API, shared by the engine (native/),
 * the Electron shell (electron/) and the UI (renderer/). Only types and plain
 * constants live here: nothing that pulls in Node or the DOM.
 *
 * Methods are named `domain.verb`. Each takes one params object (or none) and
 * resolves to a plain, structured-clone-safe value. Events flow from the
 * engine to its clients and are always small deltas, never whole state.
 */

export type GpuBackend = 'metal' | 'cuda' | 'vulkan';
export type Backend = GpuBackend | 'cpu';

export interface SystemInfo {
  /** Compute backend llama.cpp really uses. */
  backend: Backend;
  /** GPU device names reported by the backend; empty on CPU. */
  gpuNames: string[];
  /** Why the CPU is used, when it is; null when a GPU backend is active. */
  cpuReason: string | null;
  /** Total and free video memory in bytes; null on CPU. */
  vramBytes: number | null;
  vramFreeBytes: number | null;
  ramBytes: number;
  ramFreeBytes: number;
  cpuCores: number;
  cpuModel: string;
  /** Threads the engine gives llama.cpp by default (never more than the cores). */
  defaultThreads: number;
  platform: string;
  arch: string;
  dataDir: string;
  appVersion: string;
  engineVersion: string;
  nodeVersion: string;
  llamaCppVersion: string;
  schemaVersion: number;
  /** Milliseconds since the engine process started. */
  uptimeMs: number;
  pid: number;
}

/** Every method the engine serves: name -> (params) => result. */
export interface EngineMethods {
  'system.info': () => SystemInfo;
  'system.ping': (params: { echo: string }) => { echo: string; at: number };
}

export interface EngineStatusEvent {
  state: 'starting' | 'ready' | 'crashed' | 'restarting' | 'failed';
  /** Human-readable explanation, for crashes and failures. */
  message?: string;
  restarts: number;
}

/** Every event the engine (or the shell on its behalf) pushes to a client. */
export interface EngineEvents {
  'engine.status': EngineStatusEvent;
  /** A message the engine could not accept, when it carried no request id. */
  'rpc.error': ApiErrorShape;
}

export type MethodName = keyof EngineMethods;
export type EventName = keyof EngineEvents;
export type Params<M extends MethodName> = Parameters<EngineMethods[M]>;
export type Result<M extends MethodName> = Awaited<ReturnType<EngineMethods[M]>>;

export const METHOD_NAMES = ['system.info', 'system.ping'] as const satisfies readonly MethodName[];

export type ApiErrorCode =
  | 'UNKNOWN_METHOD'
  | 'BAD_MESSAGE'
  | 'BAD_PARAMS'
  | 'DATA_DIR_NOT_WRITABLE'
  | 'DATABASE_UNREADABLE'
  | 'ENGINE_UNAVAILABLE'
  | 'TIMEOUT'
  | 'INTERNAL';

/** The plain shape errors take on the wire (Error objects do not survive JSON). */
export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
}

/** What the preload (or the browser test bridge) exposes as `window.cellar`. */
export interface CellarBridge {
  call<M extends MethodName>(method: M, ...params: Params<M>): Promise<Result<M>>;
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void;
}
