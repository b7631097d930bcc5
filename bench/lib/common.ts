/**
 * Shared by every benchmark: where the fixtures are, options, statistics,
 * tables, RSS sampling and the JSON written to bench/results/<name>.json.
 *
 * No figure here is checked against a threshold: each benchmark measures a
 * baseline in the same run and reports ratios and differences against it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../../native/package-root.js';

export const ROOT = PACKAGE_ROOT;
export const DIST = join(ROOT, 'dist');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');
export const MODELS_DIR = resolve(process.env.CELLAR_MODELS_DIR ?? join(ROOT, '..', 'shared', 'models'));
export const CORPUS_DIR = resolve(process.env.CELLAR_CORPUS_DIR ?? join(ROOT, '..', 'shared', 'corpus'));
export const BENCHMARKS_DIR = resolve(process.env.CELLAR_BENCHMARKS_DIR ?? join(ROOT, '..', 'shared', 'benchmarks'));

export type Options = Record<string, string | boolean | undefined>;

/** Every benchmark takes the same flag style; unknown flags are ignored (bench/run.js passes them to all). */
export function options(spec: Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>): Options {
  const { values } = parseArgs({ args: process.argv.slice(2), options: spec, strict: false, allowPositionals: true });
  return values as Options;
}

export function str(opts: Options, name: string, fallback: string): string {
  const value = opts[name];
  return typeof value === 'string' && value.length ? value : fallback;
}

export function int(opts: Options, name: string, fallback: number): number {
  const value = opts[name];
  if (typeof value !== 'string') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${value}`);
  return Math.round(n);
}

/** A model path: --flag PATH, else the named tiny model in the models folder. */
export function modelFile(opts: Options, flag: string, tiny: string): string {
  const given = opts[flag];
  const path = typeof given === 'string' && given ? resolve(given) : join(MODELS_DIR, tiny);
  if (!existsSync(path))
    throw new Error(`Model not found: ${path} (pass --${flag} PATH, or set CELLAR_MODELS_DIR to the tiny models)`);
  return path;
}

export function requireDist(file: string): string {
  const path = join(DIST, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run "node scripts/build.js" first`);
  return path;
}

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `cellar-bench-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// ---- statistics

export function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Linear-interpolated percentile (p in 0..100), as numpy's default. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = sorted(values);
  const at = (p / 100) * (s.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo]! + (s[hi]! - s[lo]!) * (at - lo);
}

export const median = (values: number[]): number => percentile(values, 50);
export const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / (values.length || NaN);

export function round(n: number, digits = 2): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export async function timed<T>(task: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await task();
  return { value, ms: performance.now() - started };
}

// ---- memory

/** Resident set size of a process (this one by default) from /proc, in bytes; VmHWM is its peak so far. */
export function procMemory(pid: number | 'self' = 'self'): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return pid === 'self' ? { rss: process.memoryUsage.rss(), hwm: NaN } : { rss: NaN, hwm: NaN };
  }
}

/** Samples this process's RSS every `everyMs` while a phase runs; `stop()` returns the peak seen. */
export function rssSampler(everyMs = 50): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

export const mib = (bytes: number): number => round(bytes / 1024 / 1024, 1);

// ---- output

/** The machine is shared: the load average when this benchmark started and ended says how quiet it was. */
const LOAD_AT_START = loadavg().map((l) => round(l, 2));

export function machine(): Record<string, unknown> {
  let chromium: string | null = null;
  try {
    chromium = execFileSync(process.env.CELLAR_CHROMIUM ?? '/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // not installed: only startup.ts needs it
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    ramGiB: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    chromium,
    loadAverageAtStart: LOAD_AT_START,
    loadAverageAtEnd: loadavg().map((l) => round(l, 2)),
  };
}

/** A plain-text table (also valid Markdown), printed and returned. */
export function table(title: string, headers: string[], rows: Array<Array<string | number | null>>): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '–' : typeof c === 'number' ? fmt(c) : c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const text = [
    `\n### ${title}\n`,
    line(headers),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...cells.map(line),
    '',
  ].join('\n');
  console.log(text);
  return text;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = Number.isInteger(n) || abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function writeResult(name: string, config: Record<string, unknown>, results: unknown, tables: string[]): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  const body = { benchmark: name, date: new Date().toISOString(), machine: machine(), config, results, tables };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  console.log(`wrote ${file}`);
  return file;
}

export function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
