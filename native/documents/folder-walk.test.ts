// Adding a folder never leaves it: links out are refused, and every entry left out is reported with its reason.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResult } from '../api/documents.js';
import { modelPath, tempDataDir } from '../testing/fixtures.js';
import { openTestEngine, type TestEngine } from '../testing/engine.js';

const SECRET = 'OUTSIDE-SECRET-7f3a9c';
let t: TestEngine;
let temp: { dir: string; cleanup: () => void };
let folder: string;
let outside: string;
let result: IngestResult;

beforeAll(async () => {
  t = openTestEngine();
  temp = tempDataDir('cellar-walk-');
  folder = join(temp.dir, 'chosen');
  outside = join(temp.dir, 'elsewhere');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'passwd.txt'), `root:x:0:0:${SECRET}\n`);
  writeFileSync(join(folder, 'notes.txt'), 'Ordinary notes about the clinic rota.\n');
  writeFileSync(join(folder, 'sub', 'memo.md'), '# Memo\n\nThe memo inside the folder.\n');
  writeFileSync(join(folder, '.env'), `TOKEN=${SECRET}\n`);
  mkdirSync(join(folder, '.git'));
  writeFileSync(join(folder, '.git', 'config'), `${SECRET}\n`);
  symlinkSync(join(outside, 'passwd.txt'), join(folder, 'passwd.txt')); // a link out, to a file
  symlinkSync(outside, join(folder, 'elsewhere')); // a link out, to a folder
  symlinkSync('/etc/passwd', join(folder, 'etc-passwd.txt')); // an absolute link out
  symlinkSync(join('..', '..', 'elsewhere', 'passwd.txt'), join(folder, 'sub', 'relative.txt')); // a relative link out
  symlinkSync(join('sub', 'memo.md'), join(folder, 'memo-link.md')); // a link inside, to a file added already
  symlinkSync(join(folder, 'sub'), join(folder, 'sub-link')); // a link inside, to a folder
  symlinkSync(join(folder, 'gone.txt'), join(folder, 'broken.txt'));
  execFileSync('mkfifo', [join(folder, 'pipe.txt')]);
  const bert = await t.api.call('models.import', { path: modelPath('tiny-random-bert.gguf'), mode: 'reference' });
  const collection = await t.api.call('collections.create', { name: 'Walk', embeddingModelId: bert.id });
  result = await t.api.call('documents.add', { paths: [folder], collectionId: collection.id });
  await t.engine.documents.queue.whenIdle();
}, 120_000);

afterAll(async () => {
  await t?.dispose();
  temp?.cleanup();
});

const reasons = () => Object.fromEntries(result.skipped.map((s) => [s.path.slice(folder.length + 1), s.code]));

describe('adding a folder', () => {
  it('adds the folder’s own files only', () => {
    expect(result.documents.map((d) => d.path).sort()).toEqual([
      join(folder, 'notes.txt'),
      join(folder, 'sub', 'memo.md'),
    ]);
  });

  it('refuses every link that leaves the folder, and says where it pointed', () => {
    expect(reasons()).toMatchObject({
      'passwd.txt': 'OUTSIDE_FOLDER',
      elsewhere: 'OUTSIDE_FOLDER',
      'etc-passwd.txt': 'OUTSIDE_FOLDER',
      'sub/relative.txt': 'OUTSIDE_FOLDER',
    });
    const etc = result.skipped.find((s) => s.path.endsWith('etc-passwd.txt'))!;
    expect(etc.reason).toMatch(/outside the chosen folder/);
  });

  it('reports every other entry left out, with its reason', () => {
    expect(reasons()).toEqual({
      'passwd.txt': 'OUTSIDE_FOLDER',
      elsewhere: 'OUTSIDE_FOLDER',
      'etc-passwd.txt': 'OUTSIDE_FOLDER',
      'sub/relative.txt': 'OUTSIDE_FOLDER',
      '.env': 'HIDDEN',
      '.git': 'HIDDEN',
      'memo-link.md': 'DUPLICATE',
      'sub-link': 'LINK_TO_FOLDER',
      'broken.txt': 'BROKEN_LINK',
      'pipe.txt': 'SPECIAL_FILE',
    });
    for (const s of result.skipped) expect(s.reason, s.path).toBeTruthy();
    expect(result.skipped.find((s) => s.path.endsWith('pipe.txt'))!.reason).toMatch(/FIFO/);
  });

  it('copies and indexes nothing from outside the folder', async () => {
    const docs = await t.api.call('documents.list', {});
    expect(docs.map((d) => d.name).sort()).toEqual(['memo.md', 'notes.txt']);
    expect(docs.every((d) => d.status === 'ready')).toBe(true);
    const copies = join(t.dataDir, 'documents');
    for (const name of readdirSync(copies)) {
      const text = readFileSync(join(copies, name), 'latin1');
      expect(text, name).not.toContain(SECRET);
      expect(text, name).not.toContain('root:x:0:0');
    }
    const hits = await t.api.call('search.query', { query: 'root', mode: 'keyword' });
    expect(hits).toHaveLength(0);
  });

  it('still follows a link the user chose themselves', async () => {
    const collection = (await t.api.call('collections.list'))[0]!;
    const chosen = await t.api.call('documents.add', {
      paths: [join(folder, 'memo-link.md')],
      collectionId: collection.id,
    });
    expect(chosen.skipped).toEqual([]);
    expect(chosen.documents).toHaveLength(1);
  });

  it('refuses a file swapped for a link after it was added, before it is read', async () => {
    const late = join(temp.dir, 'late');
    mkdirSync(late);
    writeFileSync(join(late, 'report.txt'), 'An ordinary report.\n');
    const collection = (await t.api.call('collections.list'))[0]!;
    // The queue is stopped, so the file waits, as it would behind a long batch.
    await t.engine.documents.queue.close();
    const queued = await t.api.call('documents.add', { paths: [late], collectionId: collection.id });
    expect(queued.documents.map((d) => d.status)).toEqual(['queued']);
    rmSync(join(late, 'report.txt'));
    symlinkSync(join(outside, 'passwd.txt'), join(late, 'report.txt'));

    t = await t.reopen(); // resumes the queue
    await t.engine.documents.queue.whenIdle();
    const doc = (await t.api.call('documents.list', {})).find((d) => d.id === queued.documents[0]!.id)!;
    expect(doc.status).toBe('failed');
    expect(doc.error).toMatch(/replaced by a link/);
    for (const name of readdirSync(join(t.dataDir, 'documents'))) {
      expect(readFileSync(join(t.dataDir, 'documents', name), 'latin1'), name).not.toContain(SECRET);
    }
  });
});
