import { rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiError } from '../api/errors.js';
import { PRIVATE_FILE_MODE, privateDir } from './private.js';

export const APP_NAME = 'Cellar';

/**
 * The folder the app keeps its library in. It is the path Electron uses for
 * `app.getPath('userData')` with productName "Cellar", so the CLI and the app
 * share one library; the Electron main sets userData from this same function.
 * CELLAR_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CELLAR_DATA_DIR) return resolve(env.CELLAR_DATA_DIR);
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the disk is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOSPC: 'the disk is full',
  EEXIST: 'a file with that name is in the way',
};

/** Create the data folder if needed (owner-only) and prove it is writable, or say exactly why not. */
export function ensureWritableDataDir(dir: string): string {
  const path = resolve(dir);
  try {
    privateDir(path);
    const probe = join(path, `.write-test-${process.pid}`);
    writeFileSync(probe, 'ok', { mode: PRIVATE_FILE_MODE });
    rmSync(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    const reason = REASONS[code] ?? `system error ${code}`;
    throw new ApiError(
      'DATA_DIR_NOT_WRITABLE',
      `Cellar cannot write to its data folder ${path} (${reason}). ` +
        'Fix its permissions or choose another folder with --data-dir.',
    );
  }
  return path;
}
