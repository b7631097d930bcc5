import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths, findAppRoot } from './paths.js';

describe('appPaths', () => {
  it('finds the app root above the bundled main, the sources and inside app.asar', () => {
    const asar = '/opt/Cellar/resources/app.asar';
    const exists = (path: string) => path === join(asar, 'package.json') || path === join('/repo', 'package.json');
    expect(findAppRoot(join(asar, 'dist', 'electron'), exists)).toBe(asar);
    expect(findAppRoot(join('/repo', 'dist', 'electron'), exists)).toBe('/repo');
    expect(findAppRoot(join('/repo', 'electron'), exists)).toBe('/repo');
    expect(() => findAppRoot(join('/elsewhere', 'dist'), exists)).toThrow(/No package.json/);
  });

  it('lays out the bundles under the root', () => {
    const paths = appPaths('/repo', {}, () => false);
    expect(paths).toEqual({
      root: '/repo',
      preload: join('/repo', 'dist', 'electron', 'preload.cjs'),
      rendererIndex: join('/repo', 'dist', 'renderer', 'index.html'),
      engineEntry: join('/repo', 'dist', 'native', 'engine.js'),
      sqliteBinding: null,
    });
  });

  it('uses the Electron-ABI better-sqlite3 build when there is one, unpacked beside app.asar', () => {
    const seen: string[] = [];
    const exists = (path: string) => (seen.push(path), true);
    expect(appPaths('/opt/Cellar/resources/app.asar', {}, exists).sqliteBinding).toBe(
      join('/opt/Cellar/resources/app.asar.unpacked', 'build-electron', 'better_sqlite3.node'),
    );
    expect(appPaths('/repo', {}, exists).sqliteBinding).toBe(join('/repo', 'build-electron', 'better_sqlite3.node'));
    expect(appPaths('/repo', { CELLAR_SQLITE_BINDING: '/custom.node' }, exists).sqliteBinding).toBe('/custom.node');
  });
});
