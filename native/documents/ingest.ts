import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, lstat, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { DocumentErrorCode, IngestResult, SkipCode } from '../api/documents.js';
import { ApiError } from '../api/errors.js';
import type { EventHub } from '../engine/events.js';
import type { ModelLibrary } from '../models/library.js';
import { chunkPages } from './chunker.js';
import type { EmbeddingHost } from './embedder.js';
import { detectKind, parseDocument, ParseError } from './parse/index.js';
import type { DocumentStore, StoredDocument } from './store.js';
import type { VectorIndex } from './vector-index.js';
import { privateDir, privateFile } from '../storage/private.js';

/** Chunk size in tokens (bounded by the embedding model's context) and the overlap between chunks. */
const CHUNK_TOKENS = 256;
const OVERLAP_TOKENS = 32;
/** While a large batch runs, vector index files are rewritten at most this often (and when it ends). */
const INDEX_FLUSH_MS = 30_000;
/** Folders can hold anything: stop walking after this many files in one request. */
const MAX_FILES_PER_REQUEST = 100_000;

/**
 * The indexing pipeline: files are queued in the database, then taken one at
 * a time through parse (and OCR) → chunk → embed → store. Everything a
 * finished file needs is committed in one transaction, so after a crash or a
 * restart the queue resumes where it stopped and finished files are never
 * embedded again. One bad file fails alone, with a specific reason.
 */
export class IngestQueue {
  #running = false;
  #current: { id: string; abort: AbortController } | null = null;
  /** Passwords given for a retry, kept in memory only for that run. */
  readonly #passwords = new Map<string, string>();
  #idle: Promise<void> = Promise.resolve();
  #closed = false;
  /** Collections whose vector index has additions not yet written to its file. */
  readonly #dirty = new Set<string>();
  #lastFlush = Date.now();

  constructor(
    private readonly store: DocumentStore,
    private readonly library: ModelLibrary,
    private readonly embedder: EmbeddingHost,
    private readonly indexFor: (collectionId: string) => VectorIndex,
    private readonly events: EventHub,
    private readonly documentsDir: string,
  ) {}

  /** Resume work left by a previous engine. */
  start(): void {
    if (this.store.requeueInterrupted() > 0 || this.store.nextQueued()) this.#kick();
  }

  /** Resolves when the queue is empty (tests, CLI). */
  whenIdle(): Promise<void> {
    return this.#idle;
  }

  async add(paths: string[], collectionId: string): Promise<IngestResult> {
    this.store.collection(collectionId);
    const skipped: IngestResult['skipped'] = [];
    const files: string[] = [];
    for (const path of paths) await collectTop(resolve(path), files, skipped);
    const batchId = this.store.createBatch(collectionId);
    const documents: StoredDocument[] = [];
    for (const path of files) {
      const kind = detectKind(path);
      if (!kind) {
        skipped.push({
          path,
          code: 'UNSUPPORTED',
          reason: `${extname(path) || 'files without an extension'} is not a supported type (PDF, DOCX, Markdown, HTML, TXT, CSV)`,
        });
        continue;
      }
      const info = await stat(path);
      const sha256 = await sha256File(path);
      const existing = this.store.documentAt(collectionId, path);
      if (existing && existing.sha256 === sha256 && existing.status === 'ready') {
        // Unchanged since it was indexed: nothing to do.
        documents.push(existing);
        continue;
      }
      if (existing) {
        const removed = this.store.requeue(existing.id, { sizeBytes: info.size, sha256, batchId });
        this.indexFor(collectionId).remove(removed);
        documents.push(this.store.document(existing.id));
      } else {
        documents.push(
          this.store.insertDocument({
            collectionId,
            path,
            name: basename(path),
            kind,
            sizeBytes: info.size,
            sha256,
            batchId,
          }),
        );
      }
    }
    for (const doc of documents) this.events.emit('documents.progress', doc);
    const batch = this.store.batch(batchId);
    this.events.emit('documents.batch', batch);
    this.#kick();
    return { batch, documents, skipped };
  }

  retry(id: string, password?: string): StoredDocument {
    this.store.document(id); // NOT_FOUND for an unknown id
    if (password) this.#passwords.set(id, password);
    this.store.requeue(id);
    const queued = this.store.document(id);
    this.events.emit('documents.progress', queued);
    this.#kick();
    return queued;
  }

  /** Drop queued documents (marked failed: cancelled, so they can be retried) and abandon the one in progress. */
  cancel(collectionId?: string): void {
    for (const doc of this.store.documents(collectionId)) {
      if (doc.status === 'queued')
        this.#fail(doc, 'CANCELLED', 'Indexing was cancelled. Choose Retry to index this file.');
    }
    const current = this.#current;
    if (current && (!collectionId || this.store.document(current.id).collectionId === collectionId))
      current.abort.abort();
  }

  /** Stop after the current step (engine shutdown): unfinished files resume at the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#current?.abort.abort();
    await this.#idle;
  }

  /** Forget a document being removed: stop it if it is being indexed. */
  abandon(id: string): void {
    if (this.#current?.id === id) this.#current.abort.abort();
  }

  #kick(): void {
    if (this.#running || this.#closed) return;
    this.#running = true;
    this.#idle = this.#drain().finally(() => {
      this.#running = false;
    });
  }

  async #drain(): Promise<void> {
    for (let doc = this.store.nextQueued(); doc && !this.#closed; doc = this.store.nextQueued()) {
      const abort = new AbortController();
      this.#current = { id: doc.id, abort };
      try {
        await this.#process(doc, abort.signal);
      } catch (error) {
        if (this.#closed) break; // shutting down: the document stays queued for the next start
        if (!this.#exists(doc.id)) continue; // removed while it was being indexed
        const { code, message } = describeFailure(error, doc, abort.signal.aborted);
        this.#fail(this.store.document(doc.id), code, message);
      } finally {
        this.#current = null;
        this.#passwords.delete(doc.id);
      }
      if (doc.batchId && this.#exists(doc.id)) this.#reportBatch(doc.batchId);
      if (Date.now() - this.#lastFlush > INDEX_FLUSH_MS) this.#flushIndexes();
    }
    this.#flushIndexes();
    if (this.#closed) this.store.requeueInterrupted();
  }

  async #process(queued: StoredDocument, signal: AbortSignal): Promise<void> {
    const collection = this.store.collection(queued.collectionId);
    const model = this.library.get(collection.embeddingModelId);
    const storedPath = await this.#storeCopy(queued);
    let doc = this.#update(queued.id, 'parsing', { storedPath });
    const parsed = await parseDocument(storedPath, {
      displayName: doc.name,
      // Every kind is read in the parse thread (threads are reused, so a large folder does not pay a
      // start per file): pdf.js and tesseract can hang or crash, and a large CSV, HTML, Markdown or
      // text file parsed here blocked the engine for seconds, where the time limit could not fire.
      // OCR runs ~2.5 s a page here; scans run ~100 KB a page: give large files time in proportion.
      timeoutMs: 120_000 + Math.ceil(doc.sizeBytes / 1_000_000) * 60_000,
      ocr: true,
      // OCR language data is staged in the library (owner-only), not in a shared temporary folder.
      ocrCacheDir: join(dirname(this.documentsDir), 'cache', 'tessdata'),
      password: this.#passwords.get(queued.id),
      signal,
      onProgress: (p) => {
        if (p.phase === 'ocr' && doc.status !== 'ocr') doc = this.#update(doc.id, 'ocr');
        this.events.emit('documents.progress', { ...doc, progress: { done: p.page, total: p.pages } });
      },
    });
    const counter = await this.embedder.tokenCounter(model);
    const chunks = chunkPages(parsed.pages, {
      maxTokens: Math.min(CHUNK_TOKENS, counter.contextSize - 8),
      overlapTokens: OVERLAP_TOKENS,
      countTokens: counter.count,
    });
    if (!chunks.length) throw new IngestError('EMPTY', `${doc.name} has no text to index.`);
    doc = this.#update(doc.id, 'embedding');
    let lastReport = 0;
    const vectors = await this.embedder.embed(
      model,
      chunks.map((c) => (c.heading ? `${c.heading}\n${c.text}` : c.text)),
      'passage',
      (done) => {
        if (Date.now() - lastReport < 200 && done < chunks.length) return;
        lastReport = Date.now();
        this.events.emit('documents.progress', { ...doc, progress: { done, total: chunks.length } });
      },
      signal,
    );
    if (signal.aborted) throw new ApiError('BUSY', 'cancelled');
    const added = this.store.saveChunks(doc, chunks, vectors, {
      pages: parsed.pages.length,
      ocrPages: parsed.pages.filter((p) => p.ocr).length,
      warnings: parsed.warnings,
      title: parsed.title,
    });
    this.indexFor(doc.collectionId).add(added);
    this.#dirty.add(doc.collectionId);
    this.events.emit('documents.progress', this.store.document(doc.id));
  }

  /** Keep a copy in the library, so the source viewer works after the original moves. */
  async #storeCopy(doc: StoredDocument): Promise<string> {
    privateDir(this.documentsDir);
    const target = join(this.documentsDir, `${doc.sha256}${extname(doc.path).toLowerCase()}`);
    try {
      await stat(target);
      return target;
    } catch {
      // not there yet
    }
    // Every path was checked when it was added, and none recorded is a link: one now is a swap made since.
    if ((await lstat(doc.path).catch(() => null))?.isSymbolicLink()) {
      throw new IngestError(
        'NOT_FOUND',
        `${doc.path} was replaced by a link after it was added; Cellar does not follow it. Add the file itself again.`,
      );
    }
    const partial = `${target}.partial`;
    try {
      await copyFile(doc.path, partial);
      privateFile(partial); // copyFile keeps the original's mode
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      if (isDiskFull(error)) throw diskFull(doc);
      throw new IngestError(
        'NOT_FOUND',
        `${doc.path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check that the file is still there, then choose Retry.`,
      );
    }
    return target;
  }

  #flushIndexes(): void {
    for (const collectionId of this.#dirty) {
      try {
        this.indexFor(collectionId).flush();
      } catch {
        // The collection was deleted meanwhile.
      }
    }
    this.#dirty.clear();
    this.#lastFlush = Date.now();
  }

  #update(id: string, status: StoredDocument['status'], extra: { storedPath?: string } = {}): StoredDocument {
    const doc = this.store.setStatus(id, status, extra);
    this.events.emit('documents.progress', doc);
    return doc;
  }

  #fail(doc: StoredDocument, code: DocumentErrorCode, message: string): void {
    const failed = this.store.setStatus(doc.id, 'failed', { errorCode: code, error: message });
    this.events.emit('documents.progress', failed);
  }

  #reportBatch(batchId: string): void {
    const batch = this.store.batch(batchId);
    if (batch.state === 'running' && batch.done + batch.failed + batch.skipped >= batch.total) {
      this.store.setBatchState(batchId, 'done');
    }
    this.events.emit('documents.batch', this.store.batch(batchId));
  }

  #exists(id: string): boolean {
    try {
      this.store.document(id);
      return true;
    } catch {
      return false;
    }
  }
}

class IngestError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** ENOSPC from the file system, or SQLITE_FULL from the database. */
function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (
    code === 'ENOSPC' || code === 'SQLITE_FULL' || /database or disk is full/i.test(String((error as Error)?.message))
  );
}

function diskFull(doc: StoredDocument): IngestError {
  return new IngestError(
    'DISK_FULL',
    `The disk holding Cellar's library is full, so ${doc.name} could not be indexed. Nothing was lost: free some space, then choose Retry.`,
  );
}

function describeFailure(
  error: unknown,
  doc: StoredDocument,
  cancelled: boolean,
): { code: DocumentErrorCode; message: string } {
  if (cancelled) return { code: 'CANCELLED', message: 'Indexing was cancelled. Choose Retry to index this file.' };
  if (isDiskFull(error)) return { code: 'DISK_FULL', message: diskFull(doc).message };
  if (error instanceof ParseError || error instanceof IngestError)
    return { code: error.code as DocumentErrorCode, message: error.message };
  if (error instanceof ApiError) return { code: 'INTERNAL', message: `${doc.name}: ${error.message}` };
  return { code: 'INTERNAL', message: `${doc.name} could not be indexed: ${(error as Error).message}` };
}

type Skipped = IngestResult['skipped'];

function skip(skipped: Skipped, path: string, code: SkipCode, reason: string): void {
  skipped.push({ path, code, reason });
}

/** True when `path` is `root` or lies inside it (both real paths). */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

/**
 * A path the user chose: a file, a link to a file (the user's own choice, so it
 * is followed), or a folder walked without leaving it.
 */
async function collectTop(path: string, files: string[], skipped: Skipped): Promise<void> {
  let info;
  try {
    info = await lstat(path);
  } catch {
    skip(skipped, path, 'NOT_FOUND', 'no such file or folder');
    return;
  }
  const link = info.isSymbolicLink();
  if (link) {
    try {
      info = await stat(path);
    } catch {
      skip(skipped, path, 'BROKEN_LINK', 'a broken link');
      return;
    }
    if (info.isDirectory()) {
      skip(skipped, path, 'LINK_TO_FOLDER', 'a link to a folder (not followed, to avoid loops)');
      return;
    }
  }
  if (!info.isDirectory()) {
    // A link the user chose is recorded at its target, so no path ever recorded is a link (see #storeCopy).
    collectFile(link ? await realpath(path) : path, info, files, skipped);
    return;
  }
  const root = await realpath(path);
  const links: string[] = [];
  await walk(path, files, skipped, links);
  // Links last, so a link to a file of the folder is known as a duplicate whichever name sorts first.
  const added = new Set(files);
  for (const link of links) {
    let target: string;
    try {
      target = await realpath(link);
    } catch {
      skip(skipped, link, 'BROKEN_LINK', 'a broken link');
      continue;
    }
    if (!inside(root, target)) {
      skip(skipped, link, 'OUTSIDE_FOLDER', `a link to ${target}, outside the chosen folder (not followed)`);
      continue;
    }
    let info;
    try {
      info = await stat(target);
    } catch {
      skip(skipped, link, 'BROKEN_LINK', 'a broken link');
      continue;
    }
    if (info.isDirectory()) {
      skip(skipped, link, 'LINK_TO_FOLDER', 'a link to a folder (not followed, to avoid loops)');
      continue;
    }
    // The link's target inside the folder is what gets read, so re-pointing the link later changes nothing.
    const real = join(path, relative(root, target));
    if (added.has(real)) {
      skip(skipped, link, 'DUPLICATE', `a link to ${real}, which is added already`);
      continue;
    }
    if (collectFile(real, info, files, skipped)) added.add(real);
  }
}

/** Adds a regular file; reports anything else (FIFO, socket, device). */
function collectFile(
  path: string,
  info: { isFile(): boolean; isFIFO(): boolean; isSocket(): boolean },
  files: string[],
  skipped: Skipped,
): boolean {
  if (!info.isFile()) {
    const what = info.isFIFO() ? 'a FIFO (named pipe)' : info.isSocket() ? 'a socket' : 'a device or special file';
    skip(skipped, path, 'SPECIAL_FILE', `${what}, not a document`);
    return false;
  }
  if (files.length >= MAX_FILES_PER_REQUEST)
    throw new ApiError(
      'BAD_PARAMS',
      `More than ${MAX_FILES_PER_REQUEST} files in one request: add folders one at a time.`,
    );
  files.push(path);
  return true;
}

/** A chosen folder's entries, sorted: links are set aside for `collectTop` to check, never followed here. */
async function walk(path: string, files: string[], skipped: Skipped, links: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') skip(skipped, path, 'NOT_FOUND', 'no such file or folder');
    else skip(skipped, path, 'UNREADABLE', `the folder could not be read (${code ?? (error as Error).message})`);
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.name.startsWith('.')) {
      // .git, .DS_Store, .env: hidden files and folders are left out, and said so.
      skip(skipped, child, 'HIDDEN', entry.isDirectory() ? 'a hidden folder (left out)' : 'a hidden file (left out)');
      continue;
    }
    if (entry.isSymbolicLink()) links.push(child);
    else if (entry.isDirectory()) await walk(child, files, skipped, links);
    else collectFile(child, entry, files, skipped);
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
