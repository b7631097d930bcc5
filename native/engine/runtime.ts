import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dispatch } from './dispatch.js';
import { Engine } from './engine.js';
import { EventHub } from './events.js';

/**
 * The engine as its hosts hold it (the engine process, the CLI, the browser
 * harness): one event hub and one dispatch that stay valid when "Delete
 * everything" closes the library, removes it and opens a fresh one.
 */
export class EngineRuntime {
  readonly events = new EventHub();
  #engine: Engine;

  constructor(readonly dataDir: string) {
    this.#engine = this.#open();
  }

  get engine(): Engine {
    return this.#engine;
  }

  readonly dispatch: Dispatch = (method, args) => this.#engine.dispatch(method, args);

  shutdown(): Promise<void> {
    return this.#engine.shutdown();
  }

  /** Delete everything in the data folder (library, indexes, copied models and documents, downloads, logs) and start empty. */
  async wipe(): Promise<void> {
    await this.#engine.shutdown();
    for (const entry of await readdir(this.dataDir)) {
      // The desktop shell's own browser session is cleared by the shell (it is in use).
      if (entry === 'electron-session') continue;
      await rm(join(this.dataDir, entry), { recursive: true, force: true });
    }
    this.#engine = this.#open();
    this.#engine.audit.record('library.wiped', 'library');
    this.events.emit('library.wiped', { at: new Date().toISOString() });
  }

  #open(): Engine {
    return Engine.open({ dataDir: this.dataDir, events: this.events, wipe: () => this.wipe() });
  }
}
