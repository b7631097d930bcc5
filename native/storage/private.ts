/**
 * The library holds confidential documents: its folders are 0700 and its
 * files 0600, so no other account on the machine can read them. Everything
 * Cellar creates in the data folder goes through these helpers (or names the
 * mode where Node creates the file), and `repairPermissions` tightens a
 * library made by an older Cellar, or loosened by hand, at start-up.
 *
 * On Windows, modes mean little (ACLs apply): the helpers do nothing there.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** Create a folder (and its missing parents) owner-only, and make it owner-only if it existed. */
export function privateDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix) chmodSync(path, PRIVATE_DIR_MODE);
  return path;
}

/** Make a file Cellar wrote owner-only (copyFile keeps the source's mode; native writers use 0644). */
export function privateFile(path: string): void {
  if (!posix) return;
  try {
    chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Walk the data folder without following links, and take group and other
 * permissions off every folder and file this account owns. Returns how many
 * entries were tightened. Links are left alone (their targets are not ours).
 */
export function repairPermissions(dataDir: string): number {
  if (!posix) return 0;
  const uid = process.getuid?.();
  let repaired = 0;
  const visit = (path: string): void => {
    let info;
    try {
      info = lstatSync(path);
    } catch {
      return; // gone meanwhile
    }
    if (info.isSymbolicLink() || (uid !== undefined && info.uid !== uid)) return;
    const dir = info.isDirectory();
    if (!dir && !info.isFile()) return;
    const mode = dir ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((info.mode & 0o777) !== mode) {
      try {
        chmodSync(path, mode);
        repaired++;
      } catch {
        // Not ours to change after all: left as it is.
      }
    }
    if (!dir) return;
    let names: string[];
    try {
      names = readdirSync(path);
    } catch {
      return;
    }
    for (const name of names) visit(join(path, name));
  };
  visit(dataDir);
  return repaired;
}

/** For the engine process only: whatever else creates a file in it (SQLite, hnswlib, llama.cpp) makes it owner-only. */
export function restrictUmask(): void {
  if (!posix) return;
  try {
    process.umask(0o077);
  } catch {
    // Not allowed in this kind of process (a worker thread): the explicit modes still apply.
  }
}
