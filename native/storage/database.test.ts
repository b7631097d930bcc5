import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.js';
import { tempDataDir } from '../testing/fixtures.js';
import { DATABASE_FILE, openDatabase } from './database.js';
import { currentVersion, migrate, SCHEMA_VERSION, type Migration } from './migrations.js';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

function freshDir(): string {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  return temp.dir;
}

describe('openDatabase', () => {
  it('creates the library with WAL, foreign keys and every migration applied', () => {
    const dir = freshDir();
    const { db, path, schemaVersion } = openDatabase(dir);
    expect(path).toBe(join(dir, DATABASE_FILE));
    expect(schemaVersion).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['schema_migrations', 'settings']));
    db.close();
  });

  it('keeps data across reopen and applies no migration twice', () => {
    const dir = freshDir();
    const first = openDatabase(dir);
    first.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', 'dark');
    first.db.close();
    const second = openDatabase(dir);
    expect(second.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get('theme')).toBe('dark');
    expect(second.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(SCHEMA_VERSION);
    second.db.close();
  });

  it('refuses a file that is not SQLite, names it, and leaves it untouched', () => {
    const dir = freshDir();
    const path = join(dir, DATABASE_FILE);
    const content = 'these are my notes, not a database\n'.repeat(200);
    writeFileSync(path, content);
    let caught: unknown;
    try {
      openDatabase(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).code).toBe('DATABASE_UNREADABLE');
    expect((caught as ApiError).message).toContain(path);
    expect(readFileSync(path, 'utf8')).toBe(content);
  });
});

describe('migrate', () => {
  it('runs new migrations in order, each once', () => {
    const { db } = openDatabase(freshDir());
    const ran: number[] = [];
    const extra: Migration[] = [
      { version: SCHEMA_VERSION + 1, name: 'a', up: (d) => (ran.push(1), d.exec('CREATE TABLE a (x INTEGER)')) },
      { version: SCHEMA_VERSION + 2, name: 'b', up: (d) => (ran.push(2), d.exec('CREATE TABLE b (x INTEGER)')) },
    ];
    const all = [
      ...Array.from({ length: SCHEMA_VERSION }, (_, i) => ({ version: i + 1, name: 'old', up: () => {} })),
      ...extra,
    ];
    expect(migrate(db, all)).toBe(SCHEMA_VERSION + 2);
    expect(migrate(db, all)).toBe(SCHEMA_VERSION + 2);
    expect(ran).toEqual([1, 2]);
    db.close();
  });

  it('rolls back a failing migration completely', () => {
    const { db } = openDatabase(freshDir());
    const broken: Migration = {
      version: SCHEMA_VERSION + 1,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half (x INTEGER)');
        throw new Error('boom');
      },
    };
    const all = [
      ...Array.from({ length: SCHEMA_VERSION }, (_, i) => ({ version: i + 1, name: 'old', up: () => {} })),
      broken,
    ];
    expect(() => migrate(db, all)).toThrow('boom');
    expect(currentVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a library written by a newer Cellar', () => {
    const { db } = openDatabase(freshDir());
    db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(SCHEMA_VERSION + 5, 'future');
    expect(() => migrate(db)).toThrow(/newer Cellar/);
    db.close();
  });
});
