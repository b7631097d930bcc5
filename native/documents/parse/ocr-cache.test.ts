// OCR language data is staged where only this account can reach it, and a copy is trusted only by its hash.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CORPUS_DIR, modelPath, tempDataDir } from '../../testing/fixtures.js';
import { openTestEngine } from '../../testing/engine.js';
import { findTraineddata, prepareLangPath, privateStagingDir } from './ocr.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const mode = (path: string): number => statSync(path).mode & 0o777;
const posix = process.platform !== 'win32';

describe('OCR language data', () => {
  it('is staged in the folder it is given (the library cache), owner-only, byte for byte', () => {
    const temp = tempDataDir('cellar-ocr-cache-');
    cleanups.push(temp.cleanup);
    const cache = join(temp.dir, 'data', 'cache', 'tessdata');
    const [eng] = findTraineddata(['eng']);
    const { langPath } = prepareLangPath([eng!], cache);
    expect(langPath).toBe(cache);
    const copy = join(cache, 'eng.traineddata.gz');
    expect(sha(copy)).toBe(sha(eng!.path));
    if (posix) {
      expect(mode(cache)).toBe(0o700);
      expect(mode(copy)).toBe(0o600);
    }
    expect(readdirSync(cache)).toEqual(['eng.traineddata.gz']); // no partial copies left
  });

  it('replaces a cached copy whose hash differs, even when its size matches', () => {
    const temp = tempDataDir('cellar-ocr-cache-');
    cleanups.push(temp.cleanup);
    const cache = join(temp.dir, 'tessdata');
    const [eng] = findTraineddata(['eng']);
    prepareLangPath([eng!], cache);
    const copy = join(cache, 'eng.traineddata.gz');
    const size = statSync(copy).size;
    writeFileSync(copy, Buffer.alloc(size, 0x41)); // same size, other bytes
    expect(sha(copy)).not.toBe(sha(eng!.path));
    prepareLangPath([eng!], cache);
    expect(sha(copy)).toBe(sha(eng!.path));
  });

  it('without a library, never uses a folder another account made or could reach', () => {
    const [eng] = findTraineddata(['eng']);
    // Where the old code staged it: one name for everyone, reused when a file of the right size was there.
    const key = createHash('sha256')
      .update(`${eng!.path}:${statSync(eng!.path).size}`)
      .digest('hex')
      .slice(0, 16);
    const { langPath } = prepareLangPath([eng!]);
    expect(langPath).not.toBe(join(tmpdir(), `cellar-tessdata-${key}`));
    expect(sha(join(langPath, 'eng.traineddata.gz'))).toBe(sha(eng!.path));
    if (!posix) return;
    const info = statSync(langPath);
    expect(info.uid).toBe(process.getuid!());
    expect(info.mode & 0o777).toBe(0o700);

    // The per-account folder is refused when it is loose, a link, or someone else's; a fresh mkdtemp one is used.
    const uid = process.getuid!();
    for (const plant of ['loose', 'link', 'foreign'] as const) {
      const root = tempDataDir('cellar-ocr-root-');
      cleanups.push(root.cleanup);
      const named = join(root.dir, `cellar-tessdata-u${uid}`);
      if (plant === 'loose') mkdirSync(named, { mode: 0o755 });
      if (plant === 'link') {
        mkdirSync(join(root.dir, 'elsewhere'), { mode: 0o700 });
        symlinkSync(join(root.dir, 'elsewhere'), named);
      }
      if (plant === 'foreign') {
        if (uid !== 0) continue; // only root can make a folder another account owns
        mkdirSync(named, { mode: 0o700 });
        chownSync(named, 65534, 65534);
      }
      if (plant === 'loose') chmodSync(named, 0o755);
      const chosen = privateStagingDir(root.dir);
      expect(chosen, plant).not.toBe(named);
      expect(chosen.startsWith(join(root.dir, 'cellar-tessdata-')), plant).toBe(true);
      expect(lstatSync(chosen).isDirectory(), plant).toBe(true);
      expect(statSync(chosen).mode & 0o777, plant).toBe(0o700);
    }
    // And used when it is this account's alone.
    const clean = tempDataDir('cellar-ocr-root-');
    cleanups.push(clean.cleanup);
    expect(privateStagingDir(clean.dir)).toBe(join(clean.dir, `cellar-tessdata-u${uid}`));
  });

  it('is staged in the library when a scan is indexed, and nowhere in the shared temporary folder', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('cellar-tessdata-')));
    const t = openTestEngine();
    cleanups.push(() => t.dispose());
    const bert = await t.api.call('models.import', { path: modelPath('tiny-random-bert.gguf'), mode: 'reference' });
    const collection = await t.api.call('collections.create', { name: 'Scans', embeddingModelId: bert.id });
    await t.api.call('documents.add', {
      paths: [join(CORPUS_DIR, 'pdf', 'loremipsum-flat.pdf')],
      collectionId: collection.id,
    });
    await t.engine.documents.queue.whenIdle();
    const [doc] = await t.api.call('documents.list', {});
    expect(doc!.status).toBe('ready');
    expect(doc!.ocrPages).toBeGreaterThan(0);
    const cache = join(t.dataDir, 'cache', 'tessdata');
    expect(readdirSync(cache)).toEqual(['eng.traineddata.gz']);
    expect(sha(join(cache, 'eng.traineddata.gz'))).toBe(sha(findTraineddata(['eng'])[0]!.path));
    if (posix) expect(mode(cache)).toBe(0o700);
    // No folder under the old, shared naming scheme (a 16-hex-digit key) appeared.
    const after = readdirSync(tmpdir()).filter((n) => /^cellar-tessdata-[0-9a-f]{16}$/.test(n) && !before.has(n));
    expect(after).toEqual([]);
  }, 120_000);
});
