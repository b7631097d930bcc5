import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../testing/fixtures.js';
import { defaultDataDir, ensureWritableDataDir } from './data-dir.js';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('defaultDataDir', () => {
  it("matches Electron's userData folder for productName Cellar on each platform", () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/ana/.config' }, 'linux')).toBe('/home/ana/.config/Cellar');
    expect(defaultDataDir({}, 'darwin')).toMatch(/\/Library\/Application Support\/Cellar$/);
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming.Cellar$/);
  });

  it('honours CELLAR_DATA_DIR', () => {
    expect(defaultDataDir({ CELLAR_DATA_DIR: '/srv/library' }, 'linux')).toBe('/srv/library');
  });
});

describe('ensureWritableDataDir', () => {
  it('creates a missing folder and leaves no probe file behind', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const dir = join(temp.dir, 'nested', 'library');
    expect(ensureWritableDataDir(dir)).toBe(dir);
    expect(existsSync(dir)).toBe(true);
    expect(existsSync(join(dir, `.write-test-${process.pid}`))).toBe(false);
  });

  it('names the path and the reason when the folder cannot be written', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const file = join(temp.dir, 'a-file');
    writeFileSync(file, 'x');
    const dir = join(file, 'library');
    expect(() => ensureWritableDataDir(dir)).toThrow(
      expect.objectContaining({ code: 'DATA_DIR_NOT_WRITABLE', message: expect.stringContaining(dir) }),
    );
    expect(() => ensureWritableDataDir(dir)).toThrow(/a part of the path is a file/);
  });
});
