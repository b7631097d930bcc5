/**
 * Catalog downloads: the only place Cellar touches the network.
 *
 * A download only ever fetches a URL taken from the catalog the manager was
 * given (looked up again on every resume, so a stored row can never point it
 * elsewhere). Bytes go to <dataDir>/downloads/<id>.partial while being hashed;
 * a pause keeps the partial and a resume continues it with an HTTP Range
 * request. The finished file is checked against the catalog's SHA-256, or
 * else the one Hugging Face announces in X-Linked-Etag, and only then handed
 * to the library. Every state change is written to the `downloads` table, so
 * a restarted engine lists interrupted downloads as paused.
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../api/errors.js';
import { PRIVATE_FILE_MODE, privateDir } from '../storage/private.js';
import type { CatalogEntry, CatalogFile, DownloadRecord, DownloadState } from '../api/models.js';
import { findCatalogFile } from './catalog.js';
import type { ModelLibrary } from './library.js';

export const OFFLINE_MESSAGE =
  'Offline mode is on: downloads are disabled. Turn it off in Settings, or import a GGUF file from disk.';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export interface DownloadManagerOptions {
  /** Read on every start, resume and request: offline mode blocks them all. */
  isOffline(): boolean;
  /** Called on every state change and, throttled, on progress (`downloads.progress`). */
  emit(record: DownloadRecord): void;
  /** The models that may be downloaded; nothing else ever is. */
  catalog: readonly CatalogEntry[];
  /** Injectable for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /**
   * The network gate: a fetch that may reach only the hosts of this one
   * download (the catalog URL's, and those it redirects to), open until
   * `close()`. Without it, `fetch` is used as it is.
   */
  egress?(downloadId: string, purpose: string, fetcher: typeof fetch): { fetch: typeof fetch; close(): void };
  /** Minimum time between progress events for one download (default 250 ms). */
  progressIntervalMs?: number;
}

interface DownloadRow {
  id: string;
  catalog_id: string;
  quantization: string;
  url: string;
  file_name: string;
  /** The catalog's SHA-256, else the server's announced one; the verified hash once done. */
  expected_sha256: string | null;
  state: DownloadState;
  done_bytes: number;
  total_bytes: number;
  error: string | null;
  model_id: string | null;
  created_at: string;
}

interface ActiveRun {
  controller: AbortController;
  /** Why the run is being stopped, so its abort is not reported as a failure. */
  stopping: 'pause' | 'cancel' | null;
  finished: Promise<void>;
}

/** What the server said about the file before sending it. */
interface OpenedTransfer {
  response: Response;
  /** SHA-256 from X-Linked-Etag (Hugging Face sends the LFS object's hash there). */
  announcedSha256: string | null;
  announcedSize: number | null;
}

export class DownloadManager {
  readonly #active = new Map<string, ActiveRun>();
  /** The error (with its code) of each download that failed in this process. */
  readonly #errors = new Map<string, ApiError>();
  readonly #lastProgress = new Map<string, number>();
  readonly #fetch: typeof fetch;
  readonly #progressIntervalMs: number;

  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
    private readonly library: Pick<ModelLibrary, 'adopt'>,
    private readonly options: DownloadManagerOptions,
  ) {
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#progressIntervalMs = options.progressIntervalMs ?? 250;
    // A row still marked as running belongs to a previous engine that stopped
    // mid-transfer: its partial file is intact, so it can be resumed.
    this.db.prepare("UPDATE downloads SET state = 'paused' WHERE state IN ('downloading', 'verifying')").run();
  }

  get downloadsDir(): string {
    return join(this.dataDir, 'downloads');
  }

  partialPath(id: string): string {
    return join(this.downloadsDir, `${id}.partial`);
  }

  list(): DownloadRecord[] {
    const rows = this.db.prepare('SELECT * FROM downloads ORDER BY created_at DESC, rowid DESC').all() as DownloadRow[];
    return rows.map(toRecord);
  }

  get(id: string): DownloadRecord {
    return toRecord(this.#row(id));
  }

  /** Begin downloading one file of a catalog model (or return the download already under way). */
  start(catalogId: string, quantization: string): DownloadRecord {
    this.#assertOnline();
    const found = findCatalogFile(this.options.catalog, catalogId, quantization);
    if (!found) throw notInCatalog(this.options.catalog, catalogId, quantization);
    const existing = this.db
      .prepare(
        "SELECT * FROM downloads WHERE catalog_id = ? AND quantization = ? AND state != 'done' ORDER BY created_at DESC, rowid DESC LIMIT 1",
      )
      .get(catalogId, quantization) as DownloadRow | undefined;
    // Starting a model that is already paused or failed picks up that download instead of adding a second row.
    if (existing) return this.#active.has(existing.id) ? toRecord(existing) : this.resume(existing.id);

    const id = randomUUID();
    const { file } = found;
    this.db
      .prepare(
        `INSERT INTO downloads (id, catalog_id, quantization, url, file_name, expected_sha256, state, done_bytes, total_bytes)
         VALUES (?, ?, ?, ?, ?, ?, 'downloading', 0, ?)`,
      )
      .run(id, catalogId, quantization, file.url, file.fileName, file.sha256, file.sizeBytes);
    const record = this.#emit(id);
    this.#launch(id);
    return record;
  }

  /** Stop a running download and keep what has arrived. */
  async pause(id: string): Promise<DownloadRecord> {
    const row = this.#row(id);
    if (row.state === 'paused') return toRecord(row);
    if (row.state !== 'downloading' && row.state !== 'verifying') {
      throw new ApiError('BAD_PARAMS', `Only a running download can be paused; this one is ${row.state}.`);
    }
    const active = this.#active.get(id);
    if (active) {
      active.stopping = 'pause';
      active.controller.abort();
      await active.finished;
    } else {
      this.#update(id, { state: 'paused' });
    }
    return this.get(id);
  }

  /** Continue a paused download, or retry a failed one (from its partial file when one is kept). */
  resume(id: string): DownloadRecord {
    this.#assertOnline();
    const row = this.#row(id);
    if (this.#active.has(id)) return toRecord(row);
    if (row.state === 'done') throw new ApiError('BAD_PARAMS', 'This download has already finished.');
    if (!findCatalogFile(this.options.catalog, row.catalog_id, row.quantization)) {
      throw notInCatalog(this.options.catalog, row.catalog_id, row.quantization);
    }
    this.#errors.delete(id);
    this.#update(id, { state: 'downloading', error: null });
    const record = this.#emit(id);
    this.#launch(id);
    return record;
  }

  /** Stop a download (if running), delete its partial file and forget it. A finished model stays in the library. */
  async cancel(id: string): Promise<void> {
    this.#row(id);
    const active = this.#active.get(id);
    if (active) {
      active.stopping = 'cancel';
      active.controller.abort();
      await active.finished;
    }
    await rm(this.partialPath(id), { force: true });
    this.db.prepare('DELETE FROM downloads WHERE id = ?').run(id);
    this.#errors.delete(id);
    this.#lastProgress.delete(id);
  }

  /** Pause every running download: for offline mode being switched on, and before the engine closes the database. */
  async pauseAll(): Promise<void> {
    // A run may finish or fail while this waits; that is fine, it is no longer running.
    await Promise.allSettled([...this.#active.keys()].map((id) => this.pause(id)));
  }

  /**
   * Wait until a download stops running. Resolves with its record when it is
   * done or paused; rejects with its ApiError (CHECKSUM_MISMATCH,
   * DOWNLOAD_FAILED, ...) when it failed.
   */
  async settled(id: string): Promise<DownloadRecord> {
    await this.#active.get(id)?.finished;
    const record = this.get(id);
    if (record.state === 'failed') {
      throw this.#errors.get(id) ?? new ApiError('DOWNLOAD_FAILED', record.error ?? 'The download failed.');
    }
    return record;
  }

  // -------------------------------------------------------------------------

  #launch(id: string): void {
    const active: ActiveRun = { controller: new AbortController(), stopping: null, finished: Promise.resolve() };
    active.finished = this.#transfer(id, active.controller.signal)
      .catch((error: unknown) => this.#stopped(id, active, error))
      .finally(() => {
        if (this.#active.get(id) === active) this.#active.delete(id);
      });
    this.#active.set(id, active);
  }

  /** Record why a run ended early: a pause, a cancel, or a failure. */
  async #stopped(id: string, active: ActiveRun, error: unknown): Promise<void> {
    if (active.stopping === 'cancel') return;
    const failure =
      error instanceof ApiError ? error : new ApiError('DOWNLOAD_FAILED', `The download failed: ${describe(error)}`);
    if (active.stopping !== 'pause') this.#errors.set(id, failure);
    try {
      if (active.stopping === 'pause') {
        this.#update(id, { state: 'paused', done_bytes: await fileSize(this.partialPath(id)) });
      } else {
        this.#update(id, { state: 'failed', error: failure.message });
      }
      this.#emit(id);
    } catch {
      // The database was closed under a running download (engine shutdown
      // without pauseAll): the next start lists the row as paused anyway, and
      // nobody awaits this promise, so it must not reject.
    }
  }

  /** One attempt: fetch the rest of the file, verify it, hand it to the library. */
  async #transfer(id: string, signal: AbortSignal): Promise<void> {
    const row = this.#row(id);
    // Use the catalog's URL, never the stored one: only catalog URLs are fetched.
    const found = findCatalogFile(this.options.catalog, row.catalog_id, row.quantization);
    if (!found) throw notInCatalog(this.options.catalog, row.catalog_id, row.quantization);
    const { entry, file } = found;
    const partial = this.partialPath(id);
    privateDir(this.downloadsDir);

    // The hash covers every byte of the file, so bytes kept from an earlier
    // attempt are read back through it before new ones are appended.
    const hash = createHash('sha256');
    const done = await hashFile(partial, hash);
    const gate = this.options.egress?.(id, `model download: ${entry.name} ${file.quantization}`, this.#fetch) ?? {
      fetch: this.#fetch,
      close: () => {},
    };
    try {
      await this.#transferThrough(gate.fetch, id, signal, { row, entry, file, partial, hash, done });
    } finally {
      gate.close();
    }
  }

  async #transferThrough(
    fetcher: typeof fetch,
    id: string,
    signal: AbortSignal,
    context: {
      row: DownloadRow;
      entry: CatalogEntry;
      file: CatalogFile;
      partial: string;
      hash: Hash;
      done: number;
    },
  ): Promise<void> {
    const { row, entry, file, partial } = context;
    let { hash, done } = context;
    let transfer = await this.#open(fetcher, file.url, done, signal);
    const expected = file.sha256 ?? row.expected_sha256;
    const announced = transfer.announcedSha256;

    if (file.sha256 && announced && announced !== file.sha256) {
      await transfer.response.body?.cancel();
      await rm(partial, { force: true });
      throw checksumMismatch(
        file,
        file.sha256,
        announced,
        'The server now offers a different file than the catalog lists',
      );
    }
    if (done > 0 && announced && row.expected_sha256 && announced !== row.expected_sha256 && !file.sha256) {
      // The file changed on the server since the partial was written: start over.
      await transfer.response.body?.cancel();
      ({ hash, done } = await restart(partial));
      transfer = await this.#open(fetcher, file.url, 0, signal);
    }
    if (announced && !file.sha256) this.#update(id, { expected_sha256: announced });

    const { response } = transfer;
    let total: number;
    if (response.status === 416 && done > 0) {
      // Everything had already arrived before an interruption.
      total = rangeTotal(response.headers.get('content-range')) ?? done;
      await response.body?.cancel();
      if (total !== done) {
        await rm(partial, { force: true });
        throw new ApiError(
          'DOWNLOAD_FAILED',
          `The partial file of ${file.fileName} no longer matches the server's copy; it was deleted. Start the download again.`,
        );
      }
    } else {
      if (response.status === 200 && done > 0) {
        // The server ignored the Range request and sent the whole file.
        ({ hash, done } = await restart(partial));
      } else if (response.status === 206) {
        const start = rangeStart(response.headers.get('content-range'));
        if (start !== done) {
          await response.body?.cancel();
          throw new ApiError(
            'DOWNLOAD_FAILED',
            `The server resumed ${file.fileName} at byte ${start ?? '?'} instead of ${done}.`,
          );
        }
      } else if (response.status !== 200) {
        await response.body?.cancel();
        throw new ApiError(
          'DOWNLOAD_FAILED',
          `The download of ${file.fileName} failed: the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
        );
      }
      total = expectedTotal(response, done, transfer.announcedSize, file.sizeBytes);
      this.#update(id, { done_bytes: done, total_bytes: total });
      done = await this.#receive(id, response, partial, hash, done, total);
      if (done !== total) {
        throw new ApiError(
          'DOWNLOAD_FAILED',
          `The connection closed early: ${done} of ${total} bytes of ${file.fileName} arrived. Resume to fetch the rest.`,
        );
      }
    }

    this.#update(id, { state: 'verifying', done_bytes: done, total_bytes: total });
    this.#emit(id);
    const actual = hash.digest('hex');
    const want = file.sha256 ?? announced ?? expected;
    if (want && want !== actual) {
      await rm(partial, { force: true });
      throw checksumMismatch(file, want, actual, 'The downloaded file is not the published one');
    }
    // A pause or cancel that arrived while hashing still wins over registering the model.
    signal.throwIfAborted();
    let modelId: string;
    try {
      const model = await this.library.adopt(
        partial,
        file.fileName,
        actual,
        `catalog:${entry.id}`,
        `${entry.name} ${file.quantization}`,
      );
      modelId = model.id;
    } catch (error) {
      await rm(partial, { force: true });
      if (error instanceof ApiError) throw error;
      throw new ApiError(
        'DOWNLOAD_FAILED',
        `${file.fileName} was downloaded but could not be added to the library: ${describe(error)}`,
      );
    }
    this.#update(id, { state: 'done', expected_sha256: actual, model_id: modelId, error: null });
    this.#lastProgress.delete(id);
    this.#emit(id);
  }

  /** Request the file from `offset` on, following redirects by hand so Hugging Face's X-Linked-* headers are seen. */
  async #open(fetcher: typeof fetch, url: string, offset: number, signal: AbortSignal): Promise<OpenedTransfer> {
    let current = new URL(url);
    let announcedSha256: string | null = null;
    let announcedSize: number | null = null;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      this.#assertOnline();
      const headers: Record<string, string> = { 'accept-encoding': 'identity' };
      if (offset > 0) headers.range = `bytes=${offset}-`;
      let response: Response;
      try {
        response = await fetcher(current, { headers, redirect: 'manual', signal });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new ApiError(
          'DOWNLOAD_FAILED',
          `Cannot reach ${current.host}: ${describe(error)}. Check the connection, then resume.`,
        );
      }
      announcedSha256 ??= parseSha256Etag(response.headers.get('x-linked-etag'));
      announcedSize ??= parseByteCount(response.headers.get('x-linked-size'));
      if (!REDIRECT_STATUSES.has(response.status)) return { response, announcedSha256, announcedSize };

      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location)
        throw new ApiError('DOWNLOAD_FAILED', `${current.host} redirected the download without saying where.`);
      const next = new URL(location, current);
      // Never downgrade to plain HTTP on the way to the file.
      if (next.protocol !== 'https:' && next.protocol !== current.protocol) {
        throw new ApiError('DOWNLOAD_FAILED', `Refusing to follow a redirect to ${next.protocol}//${next.host}.`);
      }
      current = next;
    }
    throw new ApiError('DOWNLOAD_FAILED', `Too many redirects while downloading ${url}.`);
  }

  /** Stream the body to the partial file and through the hash, reporting progress. Returns the bytes now on disk. */
  async #receive(
    id: string,
    response: Response,
    partial: string,
    hash: Hash,
    done: number,
    total: number,
  ): Promise<number> {
    if (!response.body) return done;
    const handle = await open(partial, done > 0 ? 'a' : 'w', PRIVATE_FILE_MODE);
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        await handle.write(chunk);
        done += chunk.byteLength;
        this.#progress(id, done, total);
      }
    } finally {
      await handle.close();
    }
    return done;
  }

  #progress(id: string, done: number, total: number): void {
    const now = Date.now();
    if (now - (this.#lastProgress.get(id) ?? 0) < this.#progressIntervalMs) return;
    this.#lastProgress.set(id, now);
    this.#update(id, { done_bytes: done, total_bytes: total });
    this.#emit(id);
  }

  #assertOnline(): void {
    if (this.options.isOffline()) throw new ApiError('OFFLINE', OFFLINE_MESSAGE);
  }

  #row(id: string): DownloadRow {
    const row = this.db.prepare('SELECT * FROM downloads WHERE id = ?').get(id) as DownloadRow | undefined;
    if (!row) throw new ApiError('NOT_FOUND', `No download with id ${id}.`);
    return row;
  }

  #update(
    id: string,
    fields: Partial<
      Pick<DownloadRow, 'state' | 'done_bytes' | 'total_bytes' | 'error' | 'model_id' | 'expected_sha256'>
    >,
  ): void {
    const keys = Object.keys(fields) as Array<keyof typeof fields>;
    if (keys.length === 0) return;
    const assignments = keys.map((key) => `${key} = @${key}`).join(', ');
    this.db.prepare(`UPDATE downloads SET ${assignments} WHERE id = @id`).run({ ...fields, id });
  }

  /** Send the current record to listeners (unless the row is gone: a cancel won the race). */
  #emit(id: string): DownloadRecord {
    const row = this.db.prepare('SELECT * FROM downloads WHERE id = ?').get(id) as DownloadRow | undefined;
    if (!row) throw new ApiError('NOT_FOUND', `No download with id ${id}.`);
    const record = toRecord(row);
    this.options.emit(record);
    return record;
  }
}

function toRecord(row: DownloadRow): DownloadRecord {
  return {
    id: row.id,
    catalogId: row.catalog_id,
    quantization: row.quantization,
    url: row.url,
    fileName: row.file_name,
    state: row.state,
    doneBytes: row.done_bytes,
    totalBytes: row.total_bytes,
    error: row.error,
    modelId: row.model_id,
  };
}

function notInCatalog(catalog: readonly CatalogEntry[], catalogId: string, quantization: string): ApiError {
  const entry = catalog.find((e) => e.id === catalogId);
  if (!entry) return new ApiError('NOT_FOUND', `The model catalog has no model "${catalogId}".`);
  const offered = entry.files.map((f) => f.quantization).join(', ');
  return new ApiError('NOT_FOUND', `${entry.name} is not offered as ${quantization}; the catalog has ${offered}.`);
}

function checksumMismatch(file: CatalogFile, expected: string, actual: string, why: string): ApiError {
  return new ApiError(
    'CHECKSUM_MISMATCH',
    `${why}: ${file.fileName} should have SHA-256 ${expected} but has ${actual}. Nothing was added to the library and the partial file was deleted.`,
  );
}

/** Forget a partial file's bytes: the next bytes start the file anew. */
async function restart(partial: string): Promise<{ hash: Hash; done: number }> {
  await rm(partial, { force: true });
  return { hash: createHash('sha256'), done: 0 };
}

/** Feed an existing file through the hash; returns its length (0 when there is none). */
async function hashFile(path: string, hash: Hash): Promise<number> {
  if ((await fileSize(path)) === 0) return 0;
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return bytes;
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** The file's full length: from Content-Range, the announced size, Content-Length, or the catalog. */
function expectedTotal(response: Response, offset: number, announcedSize: number | null, catalogSize: number): number {
  const fromRange = rangeTotal(response.headers.get('content-range'));
  if (fromRange !== null) return fromRange;
  const length = parseByteCount(response.headers.get('content-length'));
  if (length !== null) return offset + length;
  return announcedSize ?? catalogSize;
}

/** Hugging Face sends the LFS object's SHA-256 in X-Linked-Etag, quoted (sometimes weak). Anything else is ignored. */
export function parseSha256Etag(value: string | null): string | null {
  if (!value) return null;
  const bare = value.trim().replace(/^W\//i, '').replace(/^"|"$/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(bare) ? bare : null;
}

function parseByteCount(value: string | null): number | null {
  if (!value || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** "bytes 100-199/1000" -> 100. */
function rangeStart(value: string | null): number | null {
  const match = value?.match(/^bytes (\d+)-\d+\/(?:\d+|\*)$/);
  return match?.[1] ? Number(match[1]) : null;
}

/** "bytes 100-199/1000" or "bytes * /1000" -> 1000. */
function rangeTotal(value: string | null): number | null {
  const match = value?.match(/\/(\d+)$/);
  return match?.[1] ? Number(match[1]) : null;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: string; code?: string } } | null)?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
