import type { Database } from 'better-sqlite3';
import type { Llama } from 'node-llama-cpp';
import type { EventHub } from './events.js';

/** What every domain's methods may use: the open library and the shared services. */
export interface EngineContext {
  readonly dataDir: string;
  readonly db: Database;
  readonly schemaVersion: number;
  readonly events: EventHub;
  /** The llama.cpp binding, loaded on first use. */
  llama(): Promise<Llama>;
}
