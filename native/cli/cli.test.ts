import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIST_DIR, tempDataDir } from '../testing/fixtures.js';

const CLI = join(DIST_DIR, 'native', 'cli.js');
let cleanup: () => void = () => {};
afterEach(() => cleanup());

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: the test global setup should have built it.`);
});

function cellar(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('cellar system', () => {
  it('prints the hardware report as JSON', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const run = cellar('system', '--json', '--data-dir', temp.dir);
    expect(run.status, run.stderr).toBe(0);
    const info = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(['cpu', 'cuda', 'vulkan', 'metal']).toContain(info.backend);
    expect(info.cpuCores).toBeGreaterThan(0);
    expect(info.ramBytes).toBeGreaterThan(0);
    expect(info.dataDir).toBe(temp.dir);
    if (info.backend === 'cpu') {
      expect(info.vramBytes).toBeNull();
      expect(info.cpuReason).toEqual(expect.any(String));
    } else expect(info.vramBytes).toBeGreaterThan(0);
    expect(existsSync(join(temp.dir, 'cellar.db'))).toBe(true);
  });

  it('prints a readable report without --json', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const run = cellar('system', '--data-dir', temp.dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Backend\s+/);
    expect(run.stdout).toContain(temp.dir);
  });

  it('fails with a message naming a data folder it cannot write', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const file = join(temp.dir, 'file');
    writeFileSync(file, '');
    const run = cellar('system', '--json', '--data-dir', join(file, 'lib'));
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(join(file, 'lib'));
    expect(run.stderr).toContain('cannot write');
  });

  it('rejects unknown commands and options with usage on stderr', () => {
    const unknown = cellar('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badOption = cellar('system', '--no-such-flag');
    expect(badOption.status).toBe(2);
    expect(badOption.stderr).toContain('--no-such-flag');
  });
});
