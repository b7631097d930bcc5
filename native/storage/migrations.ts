import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/**
 * Every schema change, in order. Append only: a released migration is never
 * edited, a new one is added with the next version number.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL,
          updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'models-and-chat',
    up(db) {
      db.exec(`
        CREATE TABLE models (
          id TEXT PRIMARY KEY,
          label TEXT NOT NULL,
          file_name TEXT NOT NULL,
          path TEXT NOT NULL,
          storage TEXT NOT NULL CHECK (storage IN ('copied', 'referenced')),
          sha256 TEXT NOT NULL,
          size_bytes INTEGER NOT NULL,
          source TEXT NOT NULL,
          gguf TEXT NOT NULL,
          settings TEXT NOT NULL DEFAULT '{}',
          status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'failed')),
          failure TEXT,
          -- Set while the engine loads the model: still set at start-up means the load crashed the engine.
          loading_since TEXT,
          is_default INTEGER NOT NULL DEFAULT 0,
          added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ) STRICT;
        CREATE UNIQUE INDEX models_sha256 ON models (sha256);

        CREATE TABLE downloads (
          id TEXT PRIMARY KEY,
          catalog_id TEXT NOT NULL,
          quantization TEXT NOT NULL,
          url TEXT NOT NULL,
          file_name TEXT NOT NULL,
          expected_sha256 TEXT,
          state TEXT NOT NULL,
          done_bytes INTEGER NOT NULL DEFAULT 0,
          total_bytes INTEGER NOT NULL DEFAULT 0,
          error TEXT,
          model_id TEXT REFERENCES models (id) ON DELETE SET NULL,
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ) STRICT;

        CREATE TABLE presets (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          text TEXT NOT NULL,
          built_in INTEGER NOT NULL DEFAULT 0
        ) STRICT;

        CREATE TABLE threads (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          model_id TEXT REFERENCES models (id) ON DELETE SET NULL,
          system_prompt TEXT NOT NULL DEFAULT '',
          sampling TEXT NOT NULL DEFAULT '{}',
          leaf_id TEXT,
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ) STRICT;
        CREATE INDEX threads_updated ON threads (updated_at DESC);

        CREATE TABLE messages (
          id TEXT PRIMARY KEY,
          thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
          parent_id TEXT REFERENCES messages (id) ON DELETE CASCADE,
          role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
          content TEXT NOT NULL,
          status TEXT NOT NULL,
          model_id TEXT,
          model_label TEXT,
          stats TEXT,
          error TEXT,
          seq INTEGER NOT NULL,
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ) STRICT;
        CREATE INDEX messages_thread ON messages (thread_id, seq);
        CREATE INDEX messages_parent ON messages (parent_id, seq);

        -- Full-text search over every message (external content: the text lives once, in messages).
        CREATE VIRTUAL TABLE messages_fts USING fts5 (
          content, content = 'messages', content_rowid = 'rowid',
          tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
          INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
        END;
        CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
        END;
        CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
          INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
        END;
      `);
    },
  },
  {
    version: 3,
    name: 'documents',
    up(db) {
      db.exec(`
        CREATE TABLE collections (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          embedding_model_id TEXT NOT NULL REFERENCES models (id),
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ) STRICT;

        CREATE TABLE documents (
          id TEXT PRIMARY KEY,
          collection_id TEXT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
          path TEXT NOT NULL,
          name TEXT NOT NULL,
          kind TEXT NOT NULL,
          size_bytes INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          stored_path TEXT,
          status TEXT NOT NULL,
          error_code TEXT,
          error TEXT,
          pages INTEGER NOT NULL DEFAULT 0,
          chunks INTEGER NOT NULL DEFAULT 0,
          ocr_pages INTEGER NOT NULL DEFAULT 0,
          warnings TEXT NOT NULL DEFAULT '[]',
          batch_id TEXT,
          added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          UNIQUE (collection_id, path)
        ) STRICT;
        CREATE INDEX documents_status ON documents (status);

        -- SQLite is the source of truth: text, page spans and the vectors themselves
        -- live here, so an index file can always be rebuilt without re-embedding.
        CREATE TABLE chunks (
          id INTEGER PRIMARY KEY,
          document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
          collection_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          page_start INTEGER NOT NULL,
          page_end INTEGER NOT NULL,
          heading TEXT,
          text TEXT NOT NULL,
          token_count INTEGER NOT NULL,
          embedding BLOB NOT NULL
        ) STRICT;
        CREATE INDEX chunks_document ON chunks (document_id, seq);
        CREATE INDEX chunks_collection ON chunks (collection_id);

        -- Keyword search: word tokens with stemming and diacritics folded (rows hold a
        -- normalised copy of the text, keyed by chunk id), and trigrams for Chinese,
        -- Japanese and Korean, which have no spaces between words.
        CREATE VIRTUAL TABLE chunks_fts USING fts5 (
          text, content = '', contentless_delete = 1,
          tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE chunks_trigram USING fts5 (
          text, content = '', contentless_delete = 1,
          tokenize = 'trigram case_sensitive 0'
        );

        CREATE TABLE ingest_batches (
          id TEXT PRIMARY KEY,
          collection_id TEXT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
          state TEXT NOT NULL,
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ) STRICT;

        CREATE TABLE thread_collections (
          thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
          collection_id TEXT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
          PRIMARY KEY (thread_id, collection_id)
        ) STRICT;

        ALTER TABLE messages ADD COLUMN citations TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE messages ADD COLUMN notice TEXT;
      `);
    },
  },
  {
    version: 4,
    name: 'trust',
    up(db) {
      db.exec(`
        -- Every outbound connection attempt, allowed or blocked. No URLs with queries, no content.
        CREATE TABLE network_ledger (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          process TEXT NOT NULL,
          host TEXT NOT NULL,
          purpose TEXT NOT NULL,
          allowed INTEGER NOT NULL,
          reason TEXT NOT NULL
        ) STRICT;
        CREATE INDEX network_ledger_at ON network_ledger (at);

        -- Security-relevant events, append-only: rows cannot be changed or removed.
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          event TEXT NOT NULL,
          subject TEXT NOT NULL,
          detail TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** Apply every pending migration, each in its own transaction. Returns the resulting version. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ) STRICT;
  `);
  const current = currentVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `The library was written by a newer Cellar (schema ${current}, this build knows ${newest}). Update Cellar to open it.`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      record.run(migration.version, migration.name);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return currentVersion(db);
}

export function currentVersion(db: Database): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}
