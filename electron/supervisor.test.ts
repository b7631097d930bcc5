import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatusEvent } from '../native/api/contract.js';
import { createBridge } from '../native/api/client.js';
import { childChannel } from '../native/transports/process-ipc.js';
import { childLauncher, type ChildEngineProcess } from './child-launcher.js';
import { EngineSupervisor, type EngineLauncher, type EngineProcess } from './supervisor.js';

const ENGINE = fileURLToPath(new URL('../dist/native/engine.js', import.meta.url));

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('EngineSupervisor with a real engine process', () => {
  let dir: string;
  let supervisor: EngineSupervisor<ChildEngineProcess> | null = null;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cellar-supervisor-'));
  });
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the API, and after a SIGKILL restarts the engine and serves it again', async () => {
    const statuses: EngineStatusEvent[] = [];
    const client = createBridge({ timeoutMs: 30_000 });
    let current: ChildEngineProcess | null = null;
    supervisor = new EngineSupervisor(childLauncher({ entry: ENGINE, dataDir: dir, echo: false }), {
      onStatus: (status) => {
        statuses.push(status);
        // What the preload does: calls fail fast instead of hanging on a dead engine.
        if (status.state === 'crashed') client.detach(status.message ?? 'crashed');
      },
      onReady: (proc) => {
        current = proc;
        client.attach(childChannel(proc.child));
      },
    });
    supervisor.start();
    await until(() => statuses.some((s) => s.state === 'ready'), 'the first ready');

    const { bridge } = client;
    expect(await bridge.call('system.ping', { echo: 'hello' })).toMatchObject({ echo: 'hello' });
    const before = await bridge.call('system.info');
    expect(before.pid).toBe(current!.pid);
    expect(before.dataDir).toBe(dir);
    expect(before.cpuCores).toBeGreaterThan(0);

    process.kill(before.pid, 'SIGKILL');
    await until(() => statuses.filter((s) => s.state === 'ready').length === 2, 'the restarted engine');

    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready', 'crashed', 'restarting', 'ready']);
    expect(statuses[2]?.message).toContain('SIGKILL');
    expect(statuses[4]).toEqual({ state: 'ready', restarts: 1 });

    expect(await bridge.call('system.ping', { echo: 'again' })).toMatchObject({ echo: 'again' });
    const after = await bridge.call('system.info');
    expect(after.pid).not.toBe(before.pid);
    expect(after.pid).toBe(current!.pid);
    expect(after.dataDir).toBe(dir);
  });

  it('fails without restarting when the data dir cannot be created', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'a regular file');
    const dataDir = join(file, 'library');

    const statuses: EngineStatusEvent[] = [];
    const launcher = childLauncher({ entry: ENGINE, dataDir, echo: false });
    let launches = 0;
    const counting: EngineLauncher<ChildEngineProcess> = {
      launch: () => {
        launches += 1;
        return launcher.launch();
      },
    };
    supervisor = new EngineSupervisor(counting, {
      onStatus: (status) => statuses.push(status),
      onReady: () => {},
      initialBackoffMs: 10,
    });
    supervisor.start();
    await until(() => statuses.some((s) => s.state === 'failed'), 'the failure');
    // Longer than any backoff: a restart would have happened by now.
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(statuses.map((s) => s.state)).toEqual(['starting', 'failed']);
    expect(statuses[1]?.message).toContain(dataDir);
    expect(statuses[1]?.restarts).toBe(0);
    expect(launches).toBe(1);
  });
});

/** An engine process the test drives by hand. */
class FakeProcess implements EngineProcess {
  static nextPid = 1000;
  readonly pid = FakeProcess.nextPid++;
  killed = false;
  readonly sent: unknown[] = [];
  #message: Array<(message: unknown) => void> = [];
  #exit: Array<(code: number | null, signal: string | null) => void> = [];

  onMessage(listener: (message: unknown) => void): void {
    this.#message.push(listener);
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.#exit.push(listener);
  }
  kill(): void {
    this.killed = true;
    this.exit(null, 'SIGTERM');
  }
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  recentErrorOutput(): string {
    return 'GGML_ASSERT(n_tokens > 0) failed\n';
  }
  ready(): void {
    for (const listener of this.#message) listener({ type: 'ready', pid: this.pid });
  }
  say(message: unknown): void {
    for (const listener of this.#message) listener(message);
  }
  exit(code: number | null, signal: string | null = null): void {
    for (const listener of this.#exit) listener(code, signal);
  }
}

describe('EngineSupervisor restart policy', () => {
  let procs: FakeProcess[];
  let statuses: EngineStatusEvent[];
  const launcher: EngineLauncher<FakeProcess> = {
    launch: () => {
      const proc = new FakeProcess();
      procs.push(proc);
      return proc;
    },
  };
  const make = (options: Partial<ConstructorParameters<typeof EngineSupervisor<FakeProcess>>[1]> = {}) =>
    new EngineSupervisor(launcher, {
      onStatus: (status) => statuses.push(status),
      onReady: () => {},
      now: () => Date.now(),
      ...options,
    });
  const last = (): FakeProcess => procs[procs.length - 1]!;

  beforeEach(() => {
    vi.useFakeTimers();
    procs = [];
    statuses = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Crash the current engine and return the delay before the next launch. */
  function crashAndMeasure(): number {
    const before = procs.length;
    last().exit(null, 'SIGABRT');
    let waited = 0;
    while (procs.length === before) {
      vi.advanceTimersByTime(10);
      waited += 10;
      if (waited > 60_000) throw new Error('no restart');
    }
    return waited;
  }

  it('backs off exponentially up to the maximum, then resets after a stable run', () => {
    const supervisor = make({ maxCrashes: 100 });
    supervisor.start();
    last().ready();
    const delays = [1, 2, 3, 4, 5, 6, 7].map(() => crashAndMeasure());
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000]);

    last().ready();
    vi.advanceTimersByTime(30_000);
    expect(crashAndMeasure()).toBe(250);
    expect(statuses.at(-1)).toMatchObject({ state: 'restarting', restarts: 8 });
  });

  it('reports each crash with the reason and the engine output', () => {
    const onReady = vi.fn();
    const supervisor = make({ onReady });
    supervisor.start();
    last().ready();
    expect(onReady).toHaveBeenCalledWith(procs[0]);
    crashAndMeasure();
    last().ready();
    expect(onReady).toHaveBeenCalledTimes(2);
    expect(onReady).toHaveBeenLastCalledWith(procs[1]);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready', 'crashed', 'restarting', 'ready']);
    expect(statuses[2]?.message).toContain('signal SIGABRT');
    expect(statuses[2]?.message).toContain('GGML_ASSERT');
    expect(statuses[4]?.restarts).toBe(1);
  });

  it('stops restarting after too many crashes in the window', () => {
    const supervisor = make({ maxCrashes: 3, crashWindowMs: 60_000 });
    supervisor.start();
    for (let i = 0; i < 3; i++) crashAndMeasure();
    last().exit(134);
    vi.advanceTimersByTime(120_000);

    expect(procs).toHaveLength(4);
    const final = statuses.at(-1);
    expect(final?.state).toBe('failed');
    expect(final?.message).toMatch(/crashed 4 times within 60 s/);
    expect(final?.message).toContain('exit code 134');
    expect(supervisor.readyProcess).toBeNull();
  });

  it('does not count crashes older than the window', () => {
    const supervisor = make({ maxCrashes: 2, crashWindowMs: 10_000, stableAfterMs: 1e9 });
    supervisor.start();
    crashAndMeasure();
    crashAndMeasure();
    vi.advanceTimersByTime(20_000);
    crashAndMeasure();
    expect(statuses.some((s) => s.state === 'failed')).toBe(false);
  });

  it('treats a fatal message as final and keeps the engine’s explanation', () => {
    const supervisor = make();
    supervisor.start();
    last().say({ type: 'fatal', error: { code: 'DATA_DIR_NOT_WRITABLE', message: 'Cellar cannot write to /x' } });
    last().exit(78);
    vi.advanceTimersByTime(60_000);
    expect(procs).toHaveLength(1);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'failed']);
    expect(statuses[1]?.message).toBe('Cellar cannot write to /x');
  });

  it('treats exit code 78 without a message as final too', () => {
    make().start();
    last().exit(78);
    vi.advanceTimersByTime(60_000);
    expect(procs).toHaveLength(1);
    expect(statuses.at(-1)).toMatchObject({ state: 'failed', message: expect.stringContaining('78') });
  });

  it('kills an engine that never becomes ready, then restarts it', () => {
    make({ readyTimeoutMs: 5_000 }).start();
    vi.advanceTimersByTime(4_999);
    expect(procs[0]?.killed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(procs[0]?.killed).toBe(true);
    expect(statuses.find((s) => s.state === 'crashed')?.message).toContain('did not start within 5 s');
    vi.advanceTimersByTime(250);
    expect(procs).toHaveLength(2);
  });

  it('stop() kills the engine and never restarts it', async () => {
    const supervisor = make();
    supervisor.start();
    last().ready();
    await supervisor.stop();
    vi.advanceTimersByTime(60_000);
    expect(procs).toHaveLength(1);
    expect(procs[0]?.killed).toBe(true);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready']);
  });

  it('stop() during a backoff cancels the pending restart', async () => {
    const supervisor = make();
    supervisor.start();
    last().exit(1);
    await supervisor.stop();
    vi.advanceTimersByTime(60_000);
    expect(procs).toHaveLength(1);
  });

  it('ignores messages and exits from an engine it already replaced', () => {
    const onReady = vi.fn();
    make({ onReady }).start();
    const first = last();
    crashAndMeasure();
    first.ready();
    first.exit(1);
    expect(onReady).not.toHaveBeenCalled();
    expect(statuses.filter((s) => s.state === 'crashed')).toHaveLength(1);
  });

  it('fails once, without retrying, when the launcher cannot launch', () => {
    const broken = new EngineSupervisor(
      {
        launch: () => {
          throw new Error('dist/native/engine.js is missing');
        },
      },
      { onStatus: (s) => statuses.push(s), onReady: () => {} },
    );
    broken.start();
    vi.advanceTimersByTime(60_000);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'failed']);
    expect(statuses[1]?.message).toContain('engine.js is missing');
  });

  it('start() after failed is a manual retry with a fresh history', () => {
    const supervisor = make();
    supervisor.start();
    last().exit(78);
    supervisor.start();
    last().ready();
    expect(procs).toHaveLength(2);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'failed', 'starting', 'ready']);
  });
});
