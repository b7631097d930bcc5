/**
 * Launch the engine as a plain Node child process (node:child_process.fork).
 * The app uses Electron's utility process instead; this launcher serves the
 * supervisor tests and dev tools, where no Electron binary is needed. Clients
 * talk to it over the IPC channel: childChannel(proc.child).
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { EngineLauncher, EngineProcess } from './supervisor.js';
import { tailOutput } from './output-tail.js';

export interface ChildLauncherOptions {
  /** The engine bundle, e.g. <root>/dist/native/engine.js. */
  entry: string;
  /** Passed as CELLAR_DATA_DIR. */
  dataDir: string;
  /** Extra environment (CELLAR_SQLITE_BINDING, ...), on top of this process's own. */
  env?: NodeJS.ProcessEnv;
  /** Copy the engine's stdout/stderr to ours (default true; tests turn it off). */
  echo?: boolean;
}

export interface ChildEngineProcess extends EngineProcess<never> {
  readonly child: ChildProcess;
}

export function childLauncher(options: ChildLauncherOptions): EngineLauncher<ChildEngineProcess> {
  return {
    launch() {
      const child = fork(options.entry, [], {
        env: { ...process.env, ...options.env, CELLAR_DATA_DIR: options.dataDir },
        // stdin closed; stdout/stderr piped so a crash can quote them; 'ipc' for control + RPC.
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      const echo = options.echo ?? true;
      tailOutput(child.stdout, echo ? process.stdout : null);
      const stderr = tailOutput(child.stderr, echo ? process.stderr : null);

      const exitListeners: Array<(code: number | null, signal: string | null) => void> = [];
      child.on('exit', (code, signal) => {
        for (const listener of exitListeners) listener(code, signal);
      });
      // 'error' also fires for a failed send or kill; only a failed spawn (no pid) means it is gone.
      child.on('error', (error) => {
        if (child.pid === undefined) {
          console.error(`[engine] could not start: ${error.message}`);
          for (const listener of exitListeners) listener(null, null);
        }
      });

      return {
        child,
        get pid() {
          return child.pid;
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => exitListeners.push(listener),
        kill: () => child.kill('SIGTERM'),
        postMessage(message) {
          // A plain IPC pipe cannot transfer MessagePorts; clients use childChannel(child).
          if (child.connected) child.send(message as never);
        },
        recentErrorOutput: () => stderr.text(),
      };
    },
  };
}
