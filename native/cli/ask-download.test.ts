// `cellar ask` on an empty library never starts a download by itself (it was 1 GiB, unasked):
// at a terminal it asks y/N; without one, or with --json, it exits non-zero with the command to run.
// Checked through the built CLI, with no network: the downloads table, the network ledger and the
// data folder show that no download began and no connection was tried.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH as CLI, runCellar, tempDataDir } from '../testing/fixtures.js';
let cleanup: () => void = () => {};
afterEach(() => cleanup());

function cellar(...args: string[]) {
  return runCellar(args, 'y\n');
}

function library() {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  return temp.dir;
}

/** Nothing was downloaded, queued or connected to. */
function expectNoDownload(dir: string) {
  const db = new Database(join(dir, 'cellar.db'), { readonly: true });
  try {
    expect(db.prepare('SELECT COUNT(*) AS n FROM downloads').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT host, allowed FROM network_ledger').all()).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM models').get()).toEqual({ n: 0 });
  } finally {
    db.close();
  }
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  expect(files.filter((f) => /\.(gguf|part|download)$/i.test(f))).toEqual([]);
}

const COMMAND = /cellar models download ([\w.-]+) (\w+) --data-dir (\S+)/;

describe('cellar ask on an empty library', () => {
  it('without a terminal, downloads nothing and prints the command to run (even with "y" on stdin)', () => {
    const dir = library();
    const run = cellar('ask', 'Hi', '--data-dir', dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Cellar downloads nothing without asking');
    const [, id, quant, dataDir] = COMMAND.exec(run.stderr) ?? [];
    expect(id).toBeTruthy();
    expect(quant).toBe('Q4_K_M');
    expect(dataDir).toBe(dir);
    expectNoDownload(dir);

    // The command printed is a real one: offline, it is refused for that reason, not as a usage error.
    const db = new Database(join(dir, 'cellar.db'));
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('offline', 'true');
    db.close();
    const printed = cellar('models', 'download', id!, quant!, '--data-dir', dir);
    expect(printed.status).toBe(1);
    expect(printed.stderr).toContain('Offline mode is on');
    expect(printed.stderr).toContain('[OFFLINE]');
    const bogus = cellar('models', 'download', 'no-such-model', 'Q4_K_M', '--data-dir', dir);
    expect(bogus.stderr).toContain('[NOT_FOUND]');
    expectNoDownload(dir);
  });

  it('with --json, never prompts and answers a JSON error holding the command', () => {
    const dir = library();
    const run = cellar('ask', 'Hi', '--json', '--data-dir', dir);
    expect(run.status).toBe(1);
    const result = JSON.parse(run.stdout) as { error: { code: string; message: string; command: string } };
    expect(result.error.code).toBe('NO_MODEL');
    expect(result.error.command).toMatch(COMMAND);
    expect(result.error.message).toContain(result.error.command);
    expect(run.stderr).not.toContain('[y/N]');
    expectNoDownload(dir);
  });

  it('at a terminal, asks y/N and downloads nothing when the answer is no (or just Enter)', () => {
    for (const answer of ['n', '']) {
      const dir = library();
      // script(1) gives the CLI a pseudo-terminal; the answer is typed into it.
      const run = spawnSync('script', ['-qec', `${process.execPath} ${CLI} ask Hi --data-dir ${dir}`, '/dev/null'], {
        encoding: 'utf8',
        timeout: 60_000,
        input: `${answer}\n`,
      });
      expect(run.status, run.stdout).toBe(1);
      expect(run.stdout).toMatch(/Download .+ now\? \[y\/N\]/);
      expect(run.stdout).toContain('Nothing was downloaded');
      expect(run.stdout).toMatch(COMMAND);
      expectNoDownload(dir);
      cleanup();
    }
  });
});
