import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Preset } from '../api/chat.js';
import { ApiError } from '../api/errors.js';

interface PresetRow {
  id: string;
  name: string;
  text: string;
  built_in: number;
}

/** Named system prompts. The built-in ones come from resources/prompts.json and are added once. */
export class PresetStore {
  constructor(private readonly db: Database) {}

  seed(defaults: ReadonlyArray<{ name: string; text: string }>): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO presets (id, name, text, built_in) VALUES (?, ?, ?, 1)');
    this.db.transaction(() => {
      for (const preset of defaults) insert.run(randomUUID(), preset.name, preset.text);
    })();
  }

  list(): Preset[] {
    const rows = this.db
      .prepare('SELECT * FROM presets ORDER BY built_in DESC, name COLLATE NOCASE')
      .all() as PresetRow[];
    return rows.map((r) => ({ id: r.id, name: r.name, text: r.text, builtIn: r.built_in === 1 }));
  }

  save(input: { id?: string; name: string; text: string }): Preset {
    const name = input.name.trim();
    if (!name) throw new ApiError('BAD_PARAMS', 'A preset needs a name.');
    const clash = this.db
      .prepare('SELECT id FROM presets WHERE name = ? AND id IS NOT ?')
      .pluck()
      .get(name, input.id ?? null);
    if (clash) throw new ApiError('BAD_PARAMS', `A preset named "${name}" already exists.`);
    const id = input.id ?? randomUUID();
    if (input.id) {
      const changed = this.db
        .prepare('UPDATE presets SET name = ?, text = ? WHERE id = ?')
        .run(name, input.text, id).changes;
      if (!changed) throw new ApiError('NOT_FOUND', `No preset with id ${id}.`);
    } else {
      this.db.prepare('INSERT INTO presets (id, name, text) VALUES (?, ?, ?)').run(id, name, input.text);
    }
    return this.list().find((p) => p.id === id)!;
  }

  delete(id: string): void {
    if (!this.db.prepare('DELETE FROM presets WHERE id = ?').run(id).changes)
      throw new ApiError('NOT_FOUND', `No preset with id ${id}.`);
  }
}
