import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Database } from 'better-sqlite3';
import type { Llama } from 'node-llama-cpp';
import { ApiError } from '../api/errors.js';
import { PRIVATE_FILE_MODE, privateDir } from '../storage/private.js';
import type { GgufSummary, ImportProgress, ModelRecord, ModelSettings } from '../api/models.js';
import { inspectGguf } from './gguf.js';
import { sha256File } from './hash.js';

interface ModelRow {
  id: string;
  label: string;
  file_name: string;
  path: string;
  storage: 'copied' | 'referenced';
  sha256: string;
  size_bytes: number;
  source: string;
  gguf: string;
  settings: string;
  status: 'ready' | 'failed';
  failure: string | null;
  is_default: number;
  added_at: string;
}

const EMPTY_SETTINGS: ModelSettings = { contextSize: null, gpuLayers: null, threads: null };

export interface ImportRequest {
  path: string;
  mode: 'copy' | 'reference';
  label?: string;
  source?: string;
  /** When known (a verified download), skip hashing again. */
  sha256?: string;
  /** A file already moved into models/ (a finished download) is recorded as copied in. */
  alreadyInLibrary?: boolean;
}

/** The models the user has registered, kept in the library database. */
export class ModelLibrary {
  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
    private readonly llama: () => Promise<Llama>,
  ) {}

  get modelsDir(): string {
    return join(this.dataDir, 'models');
  }

  list(): ModelRecord[] {
    const rows = this.db.prepare('SELECT * FROM models ORDER BY is_default DESC, added_at DESC').all() as ModelRow[];
    return rows.map(toRecord);
  }

  get(id: string): ModelRecord {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
    if (!row) throw new ApiError('NOT_FOUND', `No model with id ${id} in the library.`);
    return toRecord(row);
  }

  defaultModel(): ModelRecord | null {
    return (
      this.list().find((m) => m.isDefault && !m.gguf.embeddingOnly) ??
      this.list().find((m) => !m.gguf.embeddingOnly) ??
      null
    );
  }

  /**
   * Validate, hash and register a GGUF. A file already in the library (same
   * SHA-256) is not added twice: its existing record is returned.
   */
  async import(request: ImportRequest, onProgress: (p: ImportProgress) => void): Promise<ModelRecord> {
    const { path, mode } = request;
    onProgress({ path, phase: 'validating', doneBytes: 0, totalBytes: 0 });
    const { summary } = await inspectGguf(path, await this.llama());
    const total = summary.fileSizeBytes;
    const sha256 =
      request.sha256 ??
      (await sha256File(path, (done) => onProgress({ path, phase: 'hashing', doneBytes: done, totalBytes: total })));
    const existing = this.db.prepare('SELECT * FROM models WHERE sha256 = ?').get(sha256) as ModelRow | undefined;
    if (existing) return toRecord(existing);

    const id = randomUUID();
    let storedPath = path;
    if (mode === 'copy') {
      storedPath = await this.copyIn(path, `${sha256.slice(0, 12)}-${basename(path)}`, (done) =>
        onProgress({ path, phase: 'copying', doneBytes: done, totalBytes: total }),
      );
    }
    const isFirstChatModel = !summary.embeddingOnly && this.defaultModel() === null;
    this.db
      .prepare(
        `INSERT INTO models (id, label, file_name, path, storage, sha256, size_bytes, source, gguf, settings, is_default)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        request.label?.trim() || defaultLabel(summary, path),
        basename(path),
        storedPath,
        mode === 'copy' || request.alreadyInLibrary ? 'copied' : 'referenced',
        sha256,
        total,
        request.source ?? 'import',
        JSON.stringify(summary),
        JSON.stringify(EMPTY_SETTINGS),
        isFirstChatModel ? 1 : 0,
      );
    return this.get(id);
  }

  /** Move a verified file that is already inside the data folder (a finished download) into models/. */
  async adopt(tempPath: string, fileName: string, sha256: string, source: string, label: string): Promise<ModelRecord> {
    privateDir(this.modelsDir);
    const target = join(this.modelsDir, `${sha256.slice(0, 12)}-${fileName}`);
    await rename(tempPath, target);
    try {
      return await this.import(
        { path: target, mode: 'reference', sha256, source, label, alreadyInLibrary: true },
        () => {},
      );
    } catch (error) {
      // Not a usable model after all: do not leave an orphan file in models/.
      await rm(target, { force: true });
      throw error;
    }
  }

  update(id: string, changes: { label?: string; settings?: Partial<ModelSettings>; isDefault?: boolean }): ModelRecord {
    const current = this.get(id);
    this.db.transaction(() => {
      if (changes.label !== undefined) {
        const label = changes.label.trim();
        if (!label) throw new ApiError('BAD_PARAMS', 'A model label cannot be empty.');
        this.db.prepare('UPDATE models SET label = ? WHERE id = ?').run(label, id);
      }
      if (changes.settings) {
        const settings = { ...current.settings, ...changes.settings };
        this.db.prepare('UPDATE models SET settings = ? WHERE id = ?').run(JSON.stringify(settings), id);
      }
      if (changes.isDefault) {
        this.db.prepare('UPDATE models SET is_default = (id = ?)').run(id);
      }
    })();
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const record = this.get(id);
    this.db.prepare('DELETE FROM models WHERE id = ?').run(id);
    if (record.storage === 'copied') await rm(record.path, { force: true });
    if (record.isDefault) {
      const next = this.defaultModel();
      if (next) this.update(next.id, { isDefault: true });
    }
  }

  markLoading(id: string): void {
    this.db.prepare("UPDATE models SET loading_since = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?").run(id);
  }

  markLoadFinished(id: string): void {
    this.db.prepare("UPDATE models SET loading_since = NULL, status = 'ready', failure = NULL WHERE id = ?").run(id);
  }

  markFailed(id: string, failure: string): void {
    this.db
      .prepare("UPDATE models SET loading_since = NULL, status = 'failed', failure = ? WHERE id = ?")
      .run(failure, id);
  }

  /**
   * At start-up: a model still marked as loading crashed the previous engine
   * (llama.cpp aborts the process on some malformed files). Mark it failed so
   * nothing loads it again by itself.
   */
  recoverCrashedLoads(): string[] {
    const crashed = this.db.prepare('SELECT id FROM models WHERE loading_since IS NOT NULL').pluck().all() as string[];
    for (const id of crashed) {
      this.markFailed(
        id,
        'The engine stopped while loading this model, so the file may be malformed. It will not be loaded again unless you choose Retry.',
      );
    }
    return crashed;
  }

  private async copyIn(source: string, name: string, onProgress: (done: number) => void): Promise<string> {
    privateDir(this.modelsDir);
    const target = join(this.modelsDir, name);
    if (existsSync(target)) return target;
    const partial = `${target}.partial`;
    let done = 0;
    let reported = 0;
    const input = createReadStream(source, { highWaterMark: 4 * 1024 * 1024 });
    input.on('data', (chunk) => {
      done += chunk.length;
      if (done - reported >= 64 * 1024 * 1024) {
        reported = done;
        onProgress(done);
      }
    });
    try {
      await pipeline(input, createWriteStream(partial, { mode: PRIVATE_FILE_MODE }));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw new ApiError('INVALID_MODEL', `Could not copy ${source} into the library: ${(error as Error).message}`);
    }
    onProgress(done);
    return target;
  }
}

/** general.name when it says something more than the architecture, else the file name. */
function defaultLabel(summary: GgufSummary, path: string): string {
  const name = summary.name?.trim();
  if (name && name.toLowerCase() !== summary.architecture.toLowerCase()) return name;
  return basename(path).replace(/\.gguf$/i, '');
}

function toRecord(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    label: row.label,
    fileName: row.file_name,
    path: row.path,
    storage: row.storage,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    source: row.source,
    addedAt: row.added_at,
    gguf: JSON.parse(row.gguf) as GgufSummary,
    settings: { ...EMPTY_SETTINGS, ...(JSON.parse(row.settings) as Partial<ModelSettings>) },
    status: row.status === 'failed' ? 'failed' : existsSync(row.path) ? 'ready' : 'missing',
    failure:
      row.status === 'failed' ? row.failure : existsSync(row.path) ? null : `The file ${row.path} is no longer there.`,
    isDefault: row.is_default === 1,
  };
}
