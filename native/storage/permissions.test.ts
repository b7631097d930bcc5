// The library is owner-only: folders 0700, files 0600, and a loose library is tightened when it opens.
import { chmodSync, existsSync, lstatSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { modelPath, tempDataDir } from '../testing/fixtures.js';
import { openTestEngine, stageModel, type TestEngine } from '../testing/engine.js';

const posix = process.platform !== 'win32';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Every folder and file under `dir` (links excluded), with its permission bits. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (path: string): void => {
    const info = lstatSync(path);
    if (info.isSymbolicLink()) return;
    out[relative(dir, path) || '.'] = `${info.isDirectory() ? 'd' : 'f'}${(info.mode & 0o777).toString(8)}`;
    if (info.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return out;
}

function loosen(dir: string): void {
  for (const [rel, mode] of Object.entries(modes(dir))) chmodSync(join(dir, rel), mode.startsWith('d') ? 0o755 : 0o644);
}

/** A library with a copied model, an ingested document, its index and its log. */
async function library(): Promise<{ t: TestEngine; dataDir: string; files: string }> {
  const temp = tempDataDir('cellar-perm-');
  cleanups.push(temp.cleanup);
  // A data folder the engine must create itself, below a parent that is not private.
  chmodSync(temp.dir, 0o755);
  const dataDir = join(temp.dir, 'home', 'Cellar');
  const files = join(temp.dir, 'files');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(files, { mode: 0o755 });
  const doc = join(files, 'patient.md');
  writeFileSync(doc, '# Patient\n\nThe patient was seen on Monday about the dressing.\n', { mode: 0o644 });
  const t = openTestEngine(dataDir);
  cleanups.push(() => t.dispose());
  const bert = await t.api.call('models.import', {
    path: stageModel(files, 'tiny-random-bert.gguf'),
    mode: 'copy',
  });
  const collection = await t.api.call('collections.create', { name: 'Clinic', embeddingModelId: bert.id });
  await t.api.call('documents.add', { paths: [doc], collectionId: collection.id });
  await t.engine.documents.queue.whenIdle();
  // Collections this small are searched exactly; a large one writes its HNSW index: write it here.
  t.engine.documents.indexFor(collection.id).rebuild();
  return { t, dataDir, files };
}

function expectPrivate(dataDir: string): Record<string, string> {
  const found = modes(dataDir);
  const loose = Object.entries(found).filter(([, m]) => m !== 'd700' && m !== 'f600');
  expect(loose, 'entries readable by other accounts').toEqual([]);
  return found;
}

describe.runIf(posix)('library permissions', () => {
  it('creates the data folder and its folders 0700, and the database, copies, indexes and logs 0600', async () => {
    modelPath('tiny-random-bert.gguf'); // a clear error if the fixture is missing
    const { t, dataDir } = await library();
    const doc = (await t.api.call('documents.list', {}))[0]!;
    expect(doc.status).toBe('ready');
    const found = expectPrivate(dataDir);
    const names = Object.keys(found);
    // What must be there, so the check above covers it.
    expect(found['.']).toBe('d700');
    expect(found['cellar.db']).toBe('f600');
    expect(existsSync(join(dataDir, 'cellar.db-wal'))).toBe(true);
    expect(found['cellar.db-wal']).toBe('f600');
    expect(names.some((n) => n.startsWith('documents/'))).toBe(true);
    expect(names.some((n) => n.startsWith('models/'))).toBe(true);
    expect(names.some((n) => n.startsWith('logs/'))).toBe(true);
    expect(names.some((n) => n.startsWith('indexes/') && n.endsWith('.hnsw'))).toBe(true);
    expect(names.some((n) => n.startsWith('indexes/') && n.endsWith('.hnsw.json'))).toBe(true);
  });

  it('tightens a library with loose modes when it opens again', async () => {
    const { t, dataDir } = await library();
    await t.runtime.shutdown();
    loosen(dataDir);
    const before = modes(dataDir);
    expect(before['.']).toBe('d755');
    expect(before['cellar.db']).toBe('f644');
    expect(
      Object.keys(before)
        .filter((n) => n.startsWith('documents/'))
        .every((n) => before[n]!.endsWith('644') || before[n] === 'd755'),
    ).toBe(true);

    const reopened = openTestEngine(dataDir);
    cleanups.push(() => reopened.dispose());
    expectPrivate(dataDir);
    expect(Object.keys(modes(dataDir)).length).toBeGreaterThanOrEqual(Object.keys(before).length);
    // Still a working library.
    expect((await reopened.api.call('documents.list', {}))[0]!.status).toBe('ready');

    // Later starts check the top level; one loose folder there sends them through everything again.
    await reopened.runtime.shutdown();
    const copies = join(dataDir, 'documents');
    const copy = join(copies, readdirSync(copies)[0]!);
    chmodSync(copies, 0o755);
    chmodSync(copy, 0o644);
    const again = openTestEngine(dataDir);
    cleanups.push(() => again.dispose());
    expect(modes(dataDir)[relative(dataDir, copies)]).toBe('d700');
    expect(modes(dataDir)[relative(dataDir, copy)]).toBe('f600');
  });
});
