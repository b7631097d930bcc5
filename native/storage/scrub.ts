/**
 * Deleting deletes. SQLite and FTS5 keep deleted text around unless told
 * otherwise: in free pages and in the unused space of pages still in use, in
 * the WAL until it is checkpointed and truncated, and in FTS5 segments, where
 * a delete is only a marker until the segments merge. So:
 *
 * - every connection runs with `secure_delete = ON`: deleted content and
 *   freed pages are overwritten with zeros;
 * - every FTS5 table has its `secure-delete` option on: a deleted row's
 *   entries are removed from the index at once, not marked; when the option
 *   is first turned on, the table is optimized so that older markers go too;
 * - the database uses incremental auto-vacuum, and after every call that
 *   deletes user data, free pages are released and the WAL is checkpointed
 *   and truncated (`scrubDeleted`);
 * - a library made by an older Cellar is converted, and scrubbed, when it
 *   opens (`secureDeleteExisting`).
 */
import type { Database } from 'better-sqlite3';
import type { Dispatch } from '../engine/dispatch.js';

/** Calls that delete documents, chats, collections, models or presets: each is followed by `scrubDeleted`. */
export const DELETING_METHODS: ReadonlySet<string> = new Set([
  'documents.remove',
  'collections.delete',
  'threads.delete',
  'models.remove',
  'presets.delete',
]);

/** Before the schema is created or migrated: secure delete for this connection, incremental auto-vacuum for a new file. */
export function secureDeletePragmas(db: Database): void {
  db.pragma('secure_delete = ON');
  // A new file takes auto_vacuum as it is; an existing one needs a VACUUM (secureDeleteExisting).
  if (!db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get()) db.pragma('auto_vacuum = INCREMENTAL');
}

/**
 * After migrations: bring a library made by an older Cellar up to secure
 * delete, and scrub what it left. FTS5 tables get secure-delete and are
 * optimized (their delete markers and the entries they hide go), then one
 * VACUUM converts the file to incremental auto-vacuum and drops old free
 * pages, then the WAL is checkpointed and truncated. Returns whether
 * anything had to change (a library already converted costs two reads).
 */
export function secureDeleteExisting(db: Database): boolean {
  let changed = secureDeleteFts(db);
  if (db.pragma('auto_vacuum', { simple: true }) !== 2) {
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
    changed = true;
  }
  if (changed) scrubDeleted(db);
  return changed;
}

/** Turn on FTS5's secure-delete for every full-text table; a table turned on now is optimized once. */
function secureDeleteFts(db: Database): boolean {
  let changed = false;
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'")
    .all() as Array<{ name: string }>;
  for (const { name } of tables) {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    const config = `"${`${name}_config`.replace(/"/g, '""')}"`;
    const on = db.prepare(`SELECT v FROM ${config} WHERE k = 'secure-delete'`).get() as { v: unknown } | undefined;
    if (on && Number(on.v) === 1) continue;
    db.prepare(`INSERT INTO ${quoted} (${quoted}, rank) VALUES ('secure-delete', 1)`).run();
    db.prepare(`INSERT INTO ${quoted} (${quoted}) VALUES ('optimize')`).run();
    changed = true;
  }
  return changed;
}

/**
 * After a delete: give free pages back to the file system (they are zeroed
 * already) and move the WAL into the database, then truncate it to nothing.
 * A reader holding an old snapshot (an index build) can keep the WAL from
 * being truncated; the next scrub, or closing the library, finishes it.
 */
export function scrubDeleted(db: Database): void {
  db.pragma('incremental_vacuum');
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** Runs `scrubDeleted` after every call that succeeded in deleting user data. */
export function scrubbingDispatch(dispatch: Dispatch, db: () => Database): Dispatch {
  return async (method, args) => {
    const result = await dispatch(method, args);
    if (DELETING_METHODS.has(method)) {
      try {
        scrubDeleted(db());
      } catch {
        // A busy or closing database: the data is deleted and zeroed; the WAL is truncated when the library closes.
      }
    }
    return result;
  };
}
