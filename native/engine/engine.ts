import { readFileSync } from 'node:fs';
import type { EngineContext } from './context.js';
import { createDispatch, type Dispatch } from './dispatch.js';
import type { MethodTable } from './define.js';
import { EventHub } from './events.js';
import { chatMethods } from '../chat/methods.js';
import { PresetStore } from '../chat/presets.js';
import { ChatService } from '../chat/service.js';
import { ChatStore } from '../chat/store.js';
import { documentMethods } from '../documents/methods.js';
import { DocumentsService } from '../documents/service.js';
import { EmbeddingHost } from '../documents/embedder.js';
import { catalogItems, loadCatalog } from '../models/catalog.js';
import { downloadMethods } from '../models/download-methods.js';
import { DownloadManager } from '../models/downloads.js';
import { ModelHost } from '../models/host.js';
import { ModelLibrary } from '../models/library.js';
import { modelMethods } from '../models/methods.js';
import { resourcePath } from '../package-root.js';
import { openDatabase } from '../storage/database.js';
import { ensureWritableDataDir } from '../storage/data-dir.js';
import { repairPermissions } from '../storage/private.js';
import { scrubbingDispatch } from '../storage/scrub.js';
import { SettingsStore } from '../storage/settings.js';
import { settingsMethods } from '../storage/settings-methods.js';
import { sharedLlama } from '../system/llama.js';
import { systemMethods } from '../system/methods.js';
import { AuditLog } from '../trust/audit.js';
import { auditedDispatch, auditEvent } from '../trust/audit-hooks.js';
import { EgressGuard, installEgressGuard } from '../trust/egress.js';
import { EngineLog, logEvent } from '../trust/log.js';
import { trustMethods } from '../trust/methods.js';

export interface EngineOptions {
  dataDir: string;
  /** Shared across re-opens (after "Delete everything") so subscribers keep listening. */
  events?: EventHub;
  /** Delete the library and open a fresh one (EngineRuntime provides it). */
  wipe?: () => Promise<void>;
}

/**
 * The engine: the open library plus every API method. It knows nothing of
 * transports; the RPC server, the CLI and tests all call `dispatch`.
 */
export class Engine {
  readonly dispatch: Dispatch;
  readonly library: ModelLibrary;
  readonly host: ModelHost;
  readonly chat: ChatService;
  readonly downloads: DownloadManager;
  readonly documents: DocumentsService;
  readonly audit: AuditLog;
  readonly egress: EgressGuard;
  readonly log: EngineLog;
  readonly #ctx: EngineContext;

  private constructor(ctx: EngineContext, wipe: () => Promise<void>) {
    this.#ctx = ctx;
    const { db, events } = ctx;
    this.log = new EngineLog(ctx.dataDir);
    events.subscribe((event, payload) => logEvent(this.log, event, payload));
    this.audit = new AuditLog(db);
    events.subscribe((event, payload) => {
      try {
        auditEvent(this.audit, event, payload);
      } catch {
        // The library is closing.
      }
    });
    const settings = new SettingsStore(db);
    this.egress = new EgressGuard(db, () => settings.get().offline);
    installEgressGuard(this.egress);
    this.library = new ModelLibrary(db, ctx.dataDir, ctx.llama);
    this.library.recoverCrashedLoads();
    this.host = new ModelHost(this.library, ctx.llama, (state) => events.emit('models.state', state));
    const store = new ChatStore(db);
    store.markInterrupted();
    const presets = new PresetStore(db);
    presets.seed(
      JSON.parse(readFileSync(resourcePath('prompts.json'), 'utf8')) as Array<{ name: string; text: string }>,
    );
    const catalog = loadCatalog();
    this.documents = new DocumentsService(db, ctx.dataDir, this.library, new EmbeddingHost(ctx.llama), events, catalog);
    this.chat = new ChatService(store, this.library, this.host, events, this.documents);
    this.downloads = new DownloadManager(db, ctx.dataDir, this.library, {
      isOffline: () => settings.get().offline,
      emit: (record) => events.emit('downloads.progress', record),
      catalog,
      egress: (id, purpose, fetcher) => this.egress.download(id, purpose, fetcher),
    });
    const table: MethodTable = {
      ...systemMethods(ctx),
      ...settingsMethods(settings, () => this.downloads.pauseAll()),
      ...downloadMethods({
        downloads: this.downloads,
        catalogItems: async () => catalogItems(await ctx.llama(), catalog),
      }),
      ...modelMethods({ library: this.library, host: this.host, events, llama: ctx.llama }),
      ...chatMethods({ store, chat: this.chat, presets }),
      ...documentMethods(this.documents),
      ...trustMethods({ egress: this.egress, audit: this.audit, wipe }),
    };
    // Outermost: after a delete (and its audit row), free pages go and the WAL is truncated.
    this.dispatch = scrubbingDispatch(
      auditedDispatch(createDispatch(table), this.audit, (method, params) => this.#current(method, params)),
      () => db,
    );
    this.log.write('engine.opened', { schemaVersion: ctx.schemaVersion, pid: process.pid });
    this.documents.queue.start();
    this.documents.warmIndexes();
  }

  static open(options: EngineOptions): Engine {
    const dataDir = ensureWritableDataDir(options.dataDir);
    // A library made before folders were 0700 and files 0600, or loosened by hand, is tightened first.
    repairPermissions(dataDir);
    const { db, schemaVersion } = openDatabase(dataDir);
    const wipe =
      options.wipe ??
      (() => Promise.reject(new Error('Delete everything needs the engine runtime (native/engine/runtime.ts).')));
    return new Engine(
      { dataDir, db, schemaVersion, events: options.events ?? new EventHub(), llama: sharedLlama },
      wipe,
    );
  }

  /** What a call is about to change, read before it runs (for the audit log). */
  #current(method: string, params: Record<string, unknown>): unknown {
    const id = typeof params.id === 'string' ? params.id : null;
    try {
      if (method === 'presets.save' || method === 'presets.delete') {
        return id ? this.#ctx.db.prepare('SELECT name, text FROM presets WHERE id = ?').get(id) : undefined;
      }
      if (method === 'settings.update') return new SettingsStore(this.#ctx.db).get();
      if (!id) return undefined;
      if (method === 'models.remove' || method === 'models.load') return this.library.get(id);
      if (method === 'collections.rename' || method === 'collections.delete')
        return this.documents.store.collection(id);
      if (method === 'documents.remove') return this.documents.store.document(id);
    } catch {
      // Unknown id: the call itself will say so.
    }
    return undefined;
  }

  get events(): EventHub {
    return this.#ctx.events;
  }

  get dataDir(): string {
    return this.#ctx.dataDir;
  }

  /** Stop any answer being written (its partial text is saved), pause downloads, unload the model, close the library. */
  async shutdown(): Promise<void> {
    await this.chat.stopAll();
    await this.downloads.pauseAll();
    await this.documents.close();
    await this.host.unload();
    this.close();
  }

  close(): void {
    if (this.#ctx.db.open) {
      this.log.write('engine.closed');
      this.#ctx.db.close();
    }
  }
}
