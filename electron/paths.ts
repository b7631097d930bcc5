/**
 * Where the app's pieces sit. The layout under the app root (the folder with
 * package.json) is the same in the repo and inside app.asar.
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

export interface AppPaths {
  root: string;
  preload: string;
  rendererIndex: string;
  engineEntry: string;
  /** better-sqlite3 built for Electron's ABI, or null when none was built (the engine then fails to open its database and says so). */
  sqliteBinding: string | null;
}

/** Name of the Electron-ABI better-sqlite3 build, made by scripts/start.js and shipped by electron-builder.yml. */
export const SQLITE_BINDING = join('build-electron', 'better_sqlite3.node');

/**
 * The app root: the nearest folder above `from` holding package.json. Walking
 * up works wherever main runs from (dist/electron bundled, electron/ in tests,
 * app.asar packaged) and however it was launched (`electron .` or
 * `electron dist/electron/main.js`, where app.getAppPath() would differ).
 */
export function findAppRoot(from: string, exists: (path: string) => boolean = existsSync): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (exists(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

export function appPaths(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): AppPaths {
  return {
    root,
    preload: join(root, 'dist', 'electron', 'preload.cjs'),
    rendererIndex: join(root, 'dist', 'renderer', 'index.html'),
    engineEntry: join(root, 'dist', 'native', 'engine.js'),
    sqliteBinding: sqliteBinding(root, env, exists),
  };
}

function sqliteBinding(root: string, env: NodeJS.ProcessEnv, exists: (path: string) => boolean): string | null {
  if (env.CELLAR_SQLITE_BINDING) return env.CELLAR_SQLITE_BINDING;
  // A native library cannot be loaded from inside an asar archive: electron-builder
  // unpacks it next to the archive (asarUnpack), so point at that copy.
  const path = join(root, SQLITE_BINDING).replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
  return exists(path) ? path : null;
}
