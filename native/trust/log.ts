import { appendFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EventName } from '../api/contract.js';
import { PRIVATE_FILE_MODE, privateDir } from '../storage/private.js';

/** Field values a log line may hold: ids, counts, codes. Never text from a document, a prompt or an answer. */
export type LogFields = Record<string, string | number | boolean | null>;

const MAX_BYTES = 1024 * 1024;
const KEEP = 5;

/**
 * The engine's log: JSON lines in <data dir>/logs/engine.log, rotated at
 * 1 MiB, five files kept. It records what happened to which id, and sizes;
 * the event subscriber below is the only writer, so what it picks is all
 * that is ever logged.
 */
export class EngineLog {
  readonly file: string;

  constructor(dataDir: string) {
    const dir = join(dataDir, 'logs');
    privateDir(dir);
    this.file = join(dir, 'engine.log');
  }

  write(event: string, fields: LogFields = {}): void {
    const line = JSON.stringify({ at: new Date().toISOString(), event, ...fields }) + '\n';
    try {
      this.#rotate();
      appendFileSync(this.file, line, { mode: PRIVATE_FILE_MODE });
    } catch {
      // A log that cannot be written must never stop the engine.
    }
  }

  #rotate(): void {
    let size: number;
    try {
      size = statSync(this.file).size;
    } catch {
      return; // no log yet
    }
    if (size < MAX_BYTES) return;
    rmSync(`${this.file}.${KEEP}`, { force: true });
    for (let i = KEEP - 1; i >= 1; i--) {
      try {
        renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
      } catch {
        // that generation does not exist yet
      }
    }
    renameSync(this.file, `${this.file}.1`);
  }
}

/** What each engine event contributes to the log: ids, states, counts; nothing else. */
export function logEvent(log: EngineLog, event: EventName, payload: unknown): void {
  const p = payload as Record<string, unknown>;
  switch (event) {
    case 'documents.progress':
      if (p.progress) return; // progress ticks are not worth a line
      log.write('document', {
        id: str(p.id),
        status: str(p.status),
        pages: num(p.pages),
        chunks: num(p.chunks),
        ocrPages: num(p.ocrPages),
        errorCode: str(p.errorCode),
      });
      return;
    case 'chat.done': {
      const m = p.message as Record<string, unknown>;
      const stats = (m.stats ?? {}) as Record<string, unknown>;
      log.write('answer', {
        threadId: str(m.threadId),
        messageId: str(m.id),
        status: str(m.status),
        chars: String(m.content ?? '').length,
        completionTokens: num(stats.completionTokens),
        citations: Array.isArray(m.citations) ? m.citations.length : 0,
      });
      return;
    }
    case 'models.state':
      if (p.state === 'loading') return;
      log.write('model', {
        state: str(p.state),
        modelId: str((p.model as Record<string, unknown> | undefined)?.modelId ?? p.modelId),
      });
      return;
    case 'downloads.progress':
      if (p.state === 'downloading') return;
      log.write('download', {
        id: str(p.id),
        catalogId: str(p.catalogId),
        state: str(p.state),
        bytes: num(p.doneBytes),
      });
      return;
    case 'engine.status':
      log.write('engine', { state: str(p.state), restarts: num(p.restarts) });
      return;
    default:
      return;
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
