/**
 * Keeps the engine process alive. llama.cpp aborts the whole process on some
 * bad inputs (SIGABRT on a malformed GGUF), so the engine runs on its own and
 * this supervisor restarts it with exponential backoff, tells the window what
 * happened, and gives up instead of looping when the engine cannot start.
 *
 * No electron import: the launcher abstracts how the process is made (an
 * Electron utility process in the app, a Node fork in tests and dev tools).
 */
import type { EngineStatusEvent } from '../native/api/contract.js';

/** Exit code the engine uses when it cannot start (bad data dir): retrying would not help. */
export const EXIT_FATAL_CONFIG = 78;

/** One running engine process, whatever made it. */
export interface EngineProcess<Transfer = unknown> {
  /** Undefined until the OS has started it. */
  readonly pid: number | undefined;
  /** Control messages from the engine: {type:'ready', pid} or {type:'fatal', error}. */
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process has ended; signal is null where the platform reports none. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Ask the process to end (SIGTERM-like: the engine closes its database first). */
  kill(): void;
  postMessage(message: unknown, transfer?: Transfer[]): void;
  /** The engine's last lines of stderr, to explain a crash (an abort prints its reason there). */
  recentErrorOutput?(): string;
}

export interface EngineLauncher<P extends EngineProcess = EngineProcess> {
  launch(): P;
}

export interface SupervisorOptions<P extends EngineProcess> {
  onStatus(status: EngineStatusEvent): void;
  /** Called each time a (re)started engine has said it is ready; connect clients here. */
  onReady(proc: P): void;
  /** First restart delay; doubles on each consecutive crash. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** An engine that stayed up this long counts as healthy: the backoff starts over. */
  stableAfterMs?: number;
  /** More than this many crashes within crashWindowMs => 'failed', no more restarts. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** An engine that has not said 'ready' by then is killed and treated as crashed. */
  readyTimeoutMs?: number;
  /** How long stop() waits for the engine to exit after asking it to. */
  stopTimeoutMs?: number;
  now?: () => number;
}

type Phase = 'idle' | 'starting' | 'ready' | 'waiting' | 'failed' | 'stopped';

interface Running<P> {
  proc: P;
  readyAt: number | null;
  /** The engine's own explanation, from a {type:'fatal'} message. */
  fatal: string | null;
  /** Set when we killed it ourselves (stop, ready timeout): not a crash to report twice. */
  killedBecause: string | null;
  exited: Promise<void>;
}

export class EngineSupervisor<P extends EngineProcess = EngineProcess> {
  readonly #launcher: EngineLauncher<P>;
  readonly #opts: Required<Omit<SupervisorOptions<P>, 'onStatus' | 'onReady'>> &
    Pick<SupervisorOptions<P>, 'onStatus' | 'onReady'>;
  #phase: Phase = 'idle';
  #current: Running<P> | null = null;
  #restarts = 0;
  /** Crashes since the engine was last healthy for stableAfterMs: sets the backoff. */
  #consecutive = 0;
  #crashTimes: number[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(launcher: EngineLauncher<P>, options: SupervisorOptions<P>) {
    this.#launcher = launcher;
    this.#opts = {
      initialBackoffMs: 250,
      maxBackoffMs: 8_000,
      stableAfterMs: 30_000,
      maxCrashes: 5,
      crashWindowMs: 60_000,
      readyTimeoutMs: 60_000,
      stopTimeoutMs: 5_000,
      now: Date.now,
      ...options,
    };
  }

  /** The ready engine, if there is one now. */
  get readyProcess(): P | null {
    return this.#phase === 'ready' ? (this.#current?.proc ?? null) : null;
  }

  /** Start the engine. After 'failed' this is a manual retry: the crash history starts over. */
  start(): void {
    if (this.#phase === 'starting' || this.#phase === 'ready' || this.#phase === 'waiting') return;
    this.#restarts = 0;
    this.#consecutive = 0;
    this.#crashTimes = [];
    this.#emit({ state: 'starting', restarts: 0 });
    this.#launch();
  }

  /** Stop the engine for good (app quit). Resolves once it has exited or stopTimeoutMs passed. */
  async stop(): Promise<void> {
    this.#phase = 'stopped';
    this.#clearTimer();
    const running = this.#current;
    if (!running) return;
    running.killedBecause = 'stopped';
    running.proc.kill();
    let timeout: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      running.exited,
      new Promise<void>((resolve) => (timeout = setTimeout(resolve, this.#opts.stopTimeoutMs))),
    ]);
    clearTimeout(timeout);
  }

  #launch(): void {
    this.#phase = 'starting';
    let proc: P;
    try {
      proc = this.#launcher.launch();
    } catch (error) {
      // The launcher itself failed (missing entry file): nothing a restart can fix.
      this.#fail(`The engine could not be launched: ${(error as Error).message}`);
      return;
    }
    let exited!: () => void;
    const running: Running<P> = {
      proc,
      readyAt: null,
      fatal: null,
      killedBecause: null,
      exited: new Promise((resolve) => (exited = resolve)),
    };
    this.#current = running;
    this.#armTimer(() => {
      running.killedBecause = `it did not start within ${Math.round(this.#opts.readyTimeoutMs / 1000)} s`;
      proc.kill();
    }, this.#opts.readyTimeoutMs);

    proc.onMessage((message) => {
      // Messages from a process we already gave up on are ignored.
      if (this.#current !== running) return;
      this.#onMessage(running, message);
    });
    let handled = false;
    proc.onExit((code, signal) => {
      if (handled) return;
      handled = true;
      exited();
      if (this.#current !== running) return;
      this.#current = null;
      this.#onExit(running, code, signal);
    });
  }

  #onMessage(running: Running<P>, message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const { type } = message as { type?: unknown };
    if (type === 'ready' && this.#phase === 'starting') {
      this.#clearTimer();
      this.#phase = 'ready';
      running.readyAt = this.#opts.now();
      // Connect clients before announcing 'ready', so a window that sees the
      // status already holds (or is about to receive) a working port.
      try {
        this.#opts.onReady(running.proc);
      } catch (error) {
        console.error('[supervisor] onReady failed:', error);
      }
      this.#emit({ state: 'ready', restarts: this.#restarts });
    } else if (type === 'fatal') {
      const error = (message as { error?: { message?: unknown } }).error;
      running.fatal = typeof error?.message === 'string' ? error.message : 'The engine could not start.';
    }
  }

  #onExit(running: Running<P>, code: number | null, signal: string | null): void {
    this.#clearTimer();
    if (this.#phase === 'stopped') return;

    if (running.fatal !== null || code === EXIT_FATAL_CONFIG) {
      this.#fail(running.fatal ?? `The engine could not start (exit code ${code}).`);
      return;
    }

    const now = this.#opts.now();
    // A long healthy run means this crash is news, not part of a loop.
    if (running.readyAt !== null && now - running.readyAt >= this.#opts.stableAfterMs) this.#consecutive = 0;
    this.#crashTimes = this.#crashTimes.filter((t) => now - t < this.#opts.crashWindowMs);
    this.#crashTimes.push(now);

    const why = running.killedBecause ?? describeExit(code, signal);
    const detail = running.proc.recentErrorOutput?.().trim();
    const message = `The engine stopped unexpectedly (${why}).${detail ? ` Last output: ${lastLine(detail)}` : ''}`;
    this.#emit({ state: 'crashed', message, restarts: this.#restarts });

    if (this.#crashTimes.length > this.#opts.maxCrashes) {
      const seconds = Math.round(this.#opts.crashWindowMs / 1000);
      this.#fail(
        `The engine crashed ${this.#crashTimes.length} times within ${seconds} s, so Cellar stopped restarting it. ${message}`,
      );
      return;
    }

    const delay = Math.min(this.#opts.initialBackoffMs * 2 ** this.#consecutive, this.#opts.maxBackoffMs);
    this.#consecutive += 1;
    this.#restarts += 1;
    this.#phase = 'waiting';
    this.#emit({ state: 'restarting', message: `Restarting the engine in ${delay} ms.`, restarts: this.#restarts });
    this.#armTimer(() => this.#launch(), delay);
  }

  #fail(message: string): void {
    this.#phase = 'failed';
    this.#current = null;
    this.#clearTimer();
    this.#emit({ state: 'failed', message, restarts: this.#restarts });
  }

  #emit(status: EngineStatusEvent): void {
    try {
      this.#opts.onStatus(status);
    } catch (error) {
      // A broken listener must not stop supervision.
      console.error('[supervisor] onStatus failed:', error);
    }
  }

  #armTimer(fn: () => void, ms: number): void {
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      fn();
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `signal ${signal}`;
  // Shells and some launchers report death by signal N as exit code 128 + N (134 = SIGABRT).
  if (code === 134) return 'exit code 134, an abort';
  return `exit code ${code ?? 'unknown'}`;
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim());
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
