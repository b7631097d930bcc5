/**
 * The library holds confidential documents: its folders are 0700 and its
 * files 0600, so no other account on the machine can read them. Everything
 * Cellar creates in the data folder goes through these helpers (or names the
 * mode where Node creates the file), and `repairPermissions` tightens a
 * library made by an older Cellar, or loosened by hand, at start-up.
 *
 * On Windows, modes mean little (ACLs apply): the helpers do nothing there.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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

/** Written once a full repair of the data folder has run (so later starts only check its top level). */
export const PERMISSIONS_MARKER = '.permissions-v1';

/**
 * Take group and other permissions off the data folder's folders and files.
 * The first start (per library) walks everything, without following links,
 * and writes PERMISSIONS_MARKER; later starts check the data folder and its
 * direct entries only (a 0700 folder keeps everything below it private, and
 * everything Cellar creates is private already), and walk everything again
 * only if one of those is loose. Returns how many entries were tightened.
 * Entries another account owns, and links, are left alone.
 */
export function repairPermissions(dataDir: string): number {
  if (!posix) return 0;
  const marker = join(dataDir, PERMISSIONS_MARKER);
  if (existsSync(marker) && topLevelPrivate(dataDir)) return 0;
  const repaired = repairTree(dataDir);
  writeFileSync(marker, '', { mode: PRIVATE_FILE_MODE });
  return repaired;
}

function loose(mode: number, dir: boolean): boolean {
  return (mode & 0o777) !== (dir ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE);
}

function topLevelPrivate(dataDir: string): boolean {
  try {
    if (loose(lstatSync(dataDir).mode, true)) return false;
    for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
      if (entry.isSymbolicLink() || (!entry.isDirectory() && !entry.isFile())) continue;
      if (loose(lstatSync(join(dataDir, entry.name)).mode, entry.isDirectory())) return false;
    }
    return true;
  } catch {
    return false;
  }
}

function repairTree(dataDir: string): number {
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
    if (loose(info.mode, dir)) {
      try {
        chmodSync(path, dir ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE);
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
