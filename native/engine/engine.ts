import type { EngineContext } from './context.js';
import { createDispatch, type Dispatch } from './dispatch.js';
import type { MethodTable } from './define.js';
import { EventHub } from './events.js';
import { openDatabase } from '../storage/database.js';
import { ensureWritableDataDir } from '../storage/data-dir.js';
import { sharedLlama } from '../system/llama.js';
import { systemMethods } from '../system/methods.js';

export interface EngineOptions {
  dataDir: string;
}

/**
 * The engine: the open library plus every API method. It knows nothing of
 * transports; the RPC server, the CLI and tests all call `dispatch`.
 */
export class Engine {
  readonly dispatch: Dispatch;
  readonly #ctx: EngineContext;

  private constructor(ctx: EngineContext) {
    this.#ctx = ctx;
    const table: MethodTable = {
      ...systemMethods(ctx),
    };
    this.dispatch = createDispatch(table);
  }

  static open(options: EngineOptions): Engine {
    const dataDir = ensureWritableDataDir(options.dataDir);
    const { db, schemaVersion } = openDatabase(dataDir);
    const events = new EventHub();
    return new Engine({ dataDir, db, schemaVersion, events, llama: sharedLlama });
  }

  get events(): EventHub {
    return this.#ctx.events;
  }

  get dataDir(): string {
    return this.#ctx.dataDir;
  }

  close(): void {
    if (this.#ctx.db.open) this.#ctx.db.close();
  }
}
