import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, modelPath, tempDataDir } from '../testing/fixtures.js';
import { openTestEngine, type TestEngine } from '../testing/engine.js';

/**
 * A full disk during ingestion, for real: the library lives on a 3 MiB tmpfs
 * (mounting needs root, which CI and these machines have).
 */
let mountPoint: string;
let temp: { dir: string; cleanup: () => void };
let mounted = false;

beforeAll(() => {
  temp = tempDataDir('cellar-full-');
  mountPoint = join(temp.dir, 'small-disk');
  mkdirSync(mountPoint);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    throw new Error(
      `This test mounts a small tmpfs to fill the disk for real, which needs root (or CAP_SYS_ADMIN): ${(error as Error).message}`,
      { cause: error },
    );
  }
});

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint]);
  rmSync(temp.dir, { recursive: true, force: true });
});

describe('a full disk during ingestion', () => {
  let t: TestEngine;

  it('fails the files that do not fit with a clear reason, keeps the database consistent, and keeps working', async () => {
    t = openTestEngine(join(mountPoint, 'library'));
    try {
      const bert = await t.api.call('models.import', { path: modelPath('tiny-random-bert.gguf'), mode: 'reference' });
      const collection = await t.api.call('collections.create', { name: 'Full', embeddingModelId: bert.id });
      const files = [
        'md/simple-table.md',
        'pdf/understanding-breast-cancer.pdf',
        'pdf/tracemonkey.pdf',
        'pdf/pdkids.pdf',
        'docx/handbook-872p.docx',
      ];
      await t.api.call('documents.add', { paths: files.map((f) => join(CORPUS_DIR, f)), collectionId: collection.id });
      await t.engine.documents.queue.whenIdle();
      const docs = await t.api.call('documents.list', { collectionId: collection.id });
      const failed = docs.filter((d) => d.status === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      for (const doc of failed) {
        expect(doc.errorCode, doc.error ?? '').toBe('DISK_FULL');
        expect(doc.error).toMatch(/disk .* is full.*free some space/i);
      }
      expect(docs.find((d) => d.name === 'simple-table.md')?.status).toBe('ready');
      // What was indexed is still searchable, and the engine still answers.
      const hits = await t.api.call('search.query', {
        query: 'table',
        collectionIds: [collection.id],
        mode: 'keyword',
      });
      expect(hits.length).toBeGreaterThan(0);
      expect((await t.api.call('system.ping', { echo: 'alive' })).echo).toBe('alive');
      const db = new Database(join(mountPoint, 'library', 'cellar.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const orphans = db
        .prepare('SELECT COUNT(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)')
        .pluck()
        .get();
      expect(orphans).toBe(0);
      for (const doc of failed)
        expect(db.prepare('SELECT COUNT(*) FROM chunks WHERE document_id = ?').pluck().get(doc.id)).toBe(0);
      db.close();
    } finally {
      await t.dispose();
    }
  }, 180_000);
});
