import type { Database } from 'better-sqlite3';
import type { AppSettings } from '../api/contract.js';

const DEFAULTS: AppSettings = { offline: false };

/** App-wide settings, one row per key in the settings table. */
export class SettingsStore {
  constructor(private readonly db: Database) {}

  get(): AppSettings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    return { ...DEFAULTS, ...pick(stored) };
  }

  update(changes: Partial<AppSettings>): AppSettings {
    const upsert = this.db.prepare(
      `INSERT INTO settings (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(pick(changes))) upsert.run(key, JSON.stringify(value));
    })();
    return this.get();
  }
}

function pick(values: Record<string, unknown>): Partial<AppSettings> {
  const out: Partial<AppSettings> = {};
  if (typeof values.offline === 'boolean') out.offline = values.offline;
  return out;
}
