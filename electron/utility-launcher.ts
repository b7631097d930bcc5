/**
 * Launch the engine as an Electron utility process: a Node environment
 * Chromium manages like its other helpers (listed by app.getAppMetrics, killed
 * with the app), able to receive MessagePortMain objects from main.
 */
import { utilityProcess, type MessagePortMain } from 'electron';
import { existsSync } from 'node:fs';
import type { EngineLauncher, EngineProcess } from './supervisor.js';
import { tailOutput } from './output-tail.js';

export interface UtilityLauncherOptions {
  /** The engine bundle, dist/native/engine.js (inside app.asar when packaged). */
  entry: string;
  /** Passed as CELLAR_DATA_DIR: the same folder as app.getPath('userData'). */
  dataDir: string;
  /** better-sqlite3 built for Electron's ABI, passed as CELLAR_SQLITE_BINDING; null to use the default build. */
  sqliteBinding: string | null;
}

export type UtilityEngineProcess = EngineProcess<MessagePortMain>;

export function utilityLauncher(options: UtilityLauncherOptions): EngineLauncher<UtilityEngineProcess> {
  return {
    launch() {
      // Thrown, not crashed: the supervisor reports it once instead of retrying.
      if (!existsSync(options.entry)) throw new Error(`${options.entry} is missing; run "npm run build"`);
      const env: NodeJS.ProcessEnv = { ...process.env, CELLAR_DATA_DIR: options.dataDir };
      if (options.sqliteBinding) env.CELLAR_SQLITE_BINDING = options.sqliteBinding;
      else delete env.CELLAR_SQLITE_BINDING;
      const child = utilityProcess.fork(options.entry, [], {
        serviceName: 'Cellar engine',
        env,
        // Piped rather than inherited: main echoes it and keeps the tail for crash messages.
        stdio: 'pipe',
      });
      tailOutput(child.stdout, process.stdout);
      const stderr = tailOutput(child.stderr, process.stderr);

      return {
        get pid() {
          return child.pid;
        },
        onMessage: (listener) => child.on('message', listener),
        // A utility process reports an exit code only; death by signal shows as a code.
        onExit: (listener) => child.once('exit', (code) => listener(code, null)),
        kill: () => void child.kill(),
        postMessage: (message, transfer) => child.postMessage(message, transfer),
        recentErrorOutput: () => stderr.text(),
      };
    },
  };
}
