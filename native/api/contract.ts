/**
 * The one declaration of the engine's API, shared by the engine (native/),
 * the Electron shell (electron/) and the UI (renderer/). Only types and plain
 * constants live here: nothing that pulls in Node or the DOM.
 *
 * Methods are named `domain.verb`. Each takes one params object (or none) and
 * resolves to a plain, structured-clone-safe value. Events flow from the
 * engine to its clients and are always small deltas, never whole state.
 */

import type {
  ChatDelta,
  ChatStarted,
  Message,
  Preset,
  SamplingSettings,
  SearchHit,
  Thread,
  ThreadSummary,
  ThreadView,
} from './chat.js';
import type {
  Collection,
  DocumentBytes,
  DocumentRecord,
  IngestBatch,
  IngestResult,
  SearchMode,
  SearchResult,
} from './documents.js';
import type { AuditEntry, LedgerSummary } from './trust.js';
import type {
  CatalogItem,
  DownloadRecord,
  FitEstimate,
  GgufSummary,
  ImportProgress,
  ModelRecord,
  ModelSettings,
  ModelState,
} from './models.js';

export type * from './chat.js';
export type * from './documents.js';
export type * from './trust.js';
export type * from './models.js';

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

  'settings.get': () => AppSettings;
  'settings.update': (params: Partial<AppSettings>) => AppSettings;

  'models.list': () => ModelRecord[];
  /** Read a GGUF without registering it: metadata and the fit estimate. */
  'models.inspect': (params: { path: string }) => { gguf: GgufSummary; fit: FitEstimate };
  /** Validate, hash and register a GGUF; `copy` puts it in the data folder, `reference` uses it in place. */
  'models.import': (params: { path: string; mode: 'copy' | 'reference'; label?: string }) => ModelRecord;
  'models.update': (params: {
    id: string;
    label?: string;
    settings?: Partial<ModelSettings>;
    isDefault?: boolean;
  }) => ModelRecord;
  /** Remove from the library (and delete the copy, if it was copied in). */
  'models.remove': (params: { id: string }) => void;
  /** The fit estimate at given (or the model's own) settings. */
  'models.fit': (params: { id: string; contextSize?: number | null; gpuLayers?: number | null }) => FitEstimate;
  /** Load as the resident chat model (unloading the previous one first); `force` retries a model that failed. */
  'models.load': (params: { id: string; force?: boolean }) => ModelState;
  'models.unload': () => ModelState;
  'models.state': () => ModelState;

  'catalog.list': () => CatalogItem[];
  'downloads.list': () => DownloadRecord[];
  'downloads.start': (params: { catalogId: string; quantization: string }) => DownloadRecord;
  'downloads.pause': (params: { id: string }) => DownloadRecord;
  'downloads.resume': (params: { id: string }) => DownloadRecord;
  'downloads.cancel': (params: { id: string }) => void;

  'threads.list': () => ThreadSummary[];
  'threads.create': (params: { modelId?: string | null; systemPrompt?: string; title?: string }) => Thread;
  'threads.get': (params: { id: string }) => ThreadView;
  'threads.update': (params: {
    id: string;
    title?: string;
    modelId?: string | null;
    systemPrompt?: string;
    sampling?: Partial<SamplingSettings>;
    /** The collections this chat answers from (empty: a plain chat). */
    collectionIds?: string[];
  }) => Thread;
  'threads.delete': (params: { id: string }) => void;
  /** Show another branch: the newest path through the given message. */
  'threads.selectBranch': (params: { threadId: string; messageId: string }) => ThreadView;

  /** Send a user message; the answer streams as chat.delta events and ends with chat.done. */
  'chat.send': (params: { threadId: string; text: string }) => ChatStarted;
  /** Answer the same question again, as a new branch beside the given answer. */
  'chat.regenerate': (params: { threadId: string; messageId: string }) => ChatStarted;
  /** Replace a user message with new text, as a new branch, and answer it. */
  'chat.edit': (params: { threadId: string; messageId: string; text: string }) => ChatStarted;
  /** Stop the answer being written in a thread; the partial text is kept. */
  'chat.stop': (params: { threadId: string }) => void;
  'chat.search': (params: { query: string; limit?: number }) => SearchHit[];

  'collections.list': () => Collection[];
  /** A new collection; its embedding model (default: the library's embedding model) is fixed for its life. */
  'collections.create': (params: { name: string; embeddingModelId?: string }) => Collection;
  'collections.rename': (params: { id: string; name: string }) => Collection;
  /** Remove a collection with all its documents, chunks, vectors and file copies. */
  'collections.delete': (params: { id: string }) => void;

  'documents.list': (params: { collectionId?: string }) => DocumentRecord[];
  /** Queue files and folders (recursively) for indexing; progress comes as documents.progress events. */
  'documents.add': (params: { paths: string[]; collectionId: string }) => IngestResult;
  /** Index a failed document again, with its password if it asked for one. */
  'documents.retry': (params: { id: string; password?: string }) => DocumentRecord;
  /** Remove a document: its file copy, rows, full-text entries and vectors. */
  'documents.remove': (params: { id: string }) => void;
  /** Stop indexing: queued documents are dropped, the one in progress is abandoned. */
  'documents.cancel': (params: { collectionId?: string }) => void;
  /** The stored copy of a document, for the source viewer. */
  'documents.bytes': (params: { id: string }) => DocumentBytes;
  'documents.batches': () => IngestBatch[];

  'search.query': (params: {
    query: string;
    collectionIds?: string[];
    k?: number;
    mode?: SearchMode;
  }) => SearchResult[];

  /** Connections that left (or tried to leave) this computer, newest first. */
  'privacy.ledger': (params: { sinceDays?: number; limit?: number }) => LedgerSummary;
  /** The window reports a request the shell blocked (the engine records it in the ledger). */
  'privacy.report': (params: { host: string; purpose: string }) => void;
  'audit.list': (params: { limit?: number; beforeId?: number }) => AuditEntry[];
  /** The audit log as CSV (the export itself is audited). */
  'audit.export': () => { fileName: string; csv: string };
  /** Delete the library, indexes, copied models and documents, logs and caches; the confirmation must be typed. */
  'library.wipe': (params: { confirm: 'DELETE EVERYTHING' }) => void;

  'presets.list': () => Preset[];
  'presets.save': (params: { id?: string; name: string; text: string }) => Preset;
  'presets.delete': (params: { id: string }) => void;
}

export interface AppSettings {
  /** Blocks every download: nothing leaves the machine at all. */
  offline: boolean;
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
  'models.importProgress': ImportProgress;
  'models.state': ModelState;
  'models.changed': { models: ModelRecord[] };
  'downloads.progress': DownloadRecord;
  'chat.started': ChatStarted;
  'chat.delta': ChatDelta;
  'chat.done': { threadId: string; message: Message };
  'documents.progress': DocumentRecord;
  'documents.batch': IngestBatch;
  'collections.changed': { collections: Collection[] };
  /** Everything was deleted: views reload from an empty library. */
  'library.wiped': { at: string };
}

export type MethodName = keyof EngineMethods;
export type EventName = keyof EngineEvents;
export type Params<M extends MethodName> = Parameters<EngineMethods[M]>;
export type Result<M extends MethodName> = Awaited<ReturnType<EngineMethods[M]>>;

export type ApiErrorCode =
  | 'UNKNOWN_METHOD'
  | 'BAD_MESSAGE'
  | 'BAD_PARAMS'
  | 'DATA_DIR_NOT_WRITABLE'
  | 'DATABASE_UNREADABLE'
  | 'NOT_FOUND'
  | 'INVALID_MODEL'
  | 'MODEL_NOT_LOADED'
  | 'MODEL_LOAD_FAILED'
  | 'BUSY'
  | 'OFFLINE'
  | 'DOWNLOAD_FAILED'
  | 'CHECKSUM_MISMATCH'
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
  /** The desktop shell's own services; absent in the browser harness. */
  shell?: ShellBridge;
}

export interface FilePickOptions {
  title: string;
  /** e.g. [{name: 'GGUF models', extensions: ['gguf']}] */
  filters: Array<{ name: string; extensions: string[] }>;
  multiple: boolean;
  directories?: boolean;
}

export interface FileSaveOptions {
  /** The file name the save dialog suggests: a name only, never a folder. */
  defaultName: string;
  /** The text to write, as UTF-8. */
  content: string;
  /** e.g. [{name: 'CSV', extensions: ['csv']}] */
  filters: Array<{ name: string; extensions: string[] }>;
}

export interface ShellBridge {
  /** The OS open dialog; resolves to the chosen absolute paths (empty when cancelled). */
  pickFiles(options: FilePickOptions): Promise<string[]>;
  /** The OS save dialog; the shell writes `content` there. Resolves to the path written, or null when cancelled. */
  saveFile(options: FileSaveOptions): Promise<string | null>;
  /** The absolute path of a file dropped on the window (a DOM File; typed loosely to keep this file DOM-free). */
  pathForFile(file: unknown): string;
}
