import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../api/errors.js';
import { currentVersion, migrate, SCHEMA_VERSION } from './migrations.js';
import { PRIVATE_FILE_MODE, privateFile } from './private.js';
import { secureDeleteExisting, secureDeletePragmas } from './scrub.js';

export const DATABASE_FILE = 'cellar.db';

export interface OpenedDatabase {
  db: Database;
  path: string;
  schemaVersion: number;
}

/**
 * A library written by an older Cellar is copied (consistently, with VACUUM
 * INTO) before its schema is upgraded: if an upgrade goes wrong, the copy
 * beside it still holds everything.
 */
function backupBeforeUpgrade(db: Database, path: string): void {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) return;
  const version = currentVersion(db);
  if (version === 0 || version >= SCHEMA_VERSION) return;
  const backup = `${path}.before-v${SCHEMA_VERSION}-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
  db.prepare('VACUUM INTO ?').run(backup);
  privateFile(backup);
}

/** better-sqlite3's options for this process's ABI (the Electron build when the shell names one). */
export function bindingOptions(env: NodeJS.ProcessEnv = process.env): BetterSqlite3.Options {
  const nativeBinding = env.CELLAR_SQLITE_BINDING || undefined;
  return nativeBinding ? { nativeBinding } : {};
}

/**
 * Open (or create) the library database in a data folder: WAL journal,
 * foreign keys on, secure delete (zeroed deletes, incremental vacuum, FTS5
 * secure-delete), every pending migration applied.
 *
 * better-sqlite3 is compiled for one Node ABI. Under Electron the shell
 * passes CELLAR_SQLITE_BINDING, the path of a build made for Electron's ABI.
 */
export function openDatabase(dataDir: string, env: NodeJS.ProcessEnv = process.env): OpenedDatabase {
  const path = join(dataDir, DATABASE_FILE);
  let db: Database;
  try {
    // Created owner-only before SQLite opens it: SQLite gives its -wal and -shm files the database's mode.
    closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
    privateFile(path);
    db = new BetterSqlite3(path, bindingOptions(env));
  } catch (error) {
    throw new ApiError('DATABASE_UNREADABLE', `Cellar cannot open its database ${path}: ${(error as Error).message}`);
  }
  try {
    // Deleted content is zeroed, free pages are released after deletes (see scrub.ts).
    secureDeletePragmas(db);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    privateFile(`${path}-wal`);
    privateFile(`${path}-shm`);
    backupBeforeUpgrade(db, path);
    const schemaVersion = migrate(db);
    secureDeleteExisting(db);
    return { db, path, schemaVersion };
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code;
    const detail =
      code === 'SQLITE_NOTADB'
        ? 'the file is not a Cellar database (or it is damaged). It was left untouched; move it away to start a new library'
        : (error as Error).message;
    throw new ApiError('DATABASE_UNREADABLE', `Cellar cannot open its database ${path}: ${detail}.`);
  }
}
