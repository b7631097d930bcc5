/**
 * The Electron main process: a thin shell. It owns the window and the
 * engine's lifetime and hands out MessagePorts between them; it never serves
 * the API itself. Its ipcMain handlers show the OS open and save dialogs, for
 * its own window only. It is an engine client too: requests it blocks in the
 * window go to the network ledger, and after "Delete everything" it clears
 * the window's browser data.
 */
import { app, session, type BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineStatusEvent } from '../native/api/contract.js';
import { defaultDataDir } from '../native/storage/data-dir.js';
import { createBlockedRequestReporter } from './blocked-requests.js';
import { EngineLink } from './engine-link.js';
import { registerFileDialog, registerSaveDialog } from './file-dialog.js';
import { appPaths, findAppRoot } from './paths.js';
import { clearBrowsingData, secureSession, secureWebContents } from './security.js';
import { EngineSupervisor } from './supervisor.js';
import { utilityLauncher } from './utility-launcher.js';
import { createMainWindow } from './window.js';

const paths = appPaths(findAppRoot(dirname(fileURLToPath(import.meta.url))));

// One library folder for the app and the CLI. Set before the single-instance
// lock, which lives in userData: two instances on one library would fight over
// the SQLite file, while a second CELLAR_DATA_DIR may run beside the first.
const dataDir = defaultDataDir();
app.setPath('userData', dataDir);
// Chromium's own caches and storage go to a subfolder, away from cellar.db, models/ and indexes/.
app.setPath('sessionData', join(dataDir, 'electron-session'));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function run(): void {
  let win: BrowserWindow | null = null;
  const link = new EngineLink();
  const supervisor = new EngineSupervisor(
    utilityLauncher({ entry: paths.engineEntry, dataDir, sqliteBinding: paths.sqliteBinding }),
    {
      onStatus: (reported) => {
        const status = withBuildHint(reported);
        console.log(`[engine] ${status.state}${status.message ? `: ${status.message}` : ''}`);
        link.status(status);
      },
      onReady: (proc) => link.engineReady(proc),
    },
  );
  if (!paths.sqliteBinding) {
    console.warn(
      '[main] no better-sqlite3 build for Electron found (build-electron/better_sqlite3.node); run "npm start" to build it.',
    );
  }

  const openWindow = (): void => {
    win = createMainWindow(paths);
    link.attach(win.webContents);
    win.on('closed', () => (win = null));
    win.webContents.on('render-process-gone', (_event, details) => {
      console.error(`[window] renderer gone: ${details.reason} (exit code ${details.exitCode})`);
      // The page can be rebuilt; it gets a fresh port once it has loaded again.
      if (details.reason !== 'clean-exit' && win && !win.isDestroyed()) win.reload();
    });
  };

  secureWebContents(paths.rendererIndex);
  registerFileDialog(() => win, paths.rendererIndex);
  registerSaveDialog(() => win, paths.rendererIndex);

  const blockedRequests = createBlockedRequestReporter({
    report: (entry) => link.api.call('privacy.report', entry),
  });
  link.api.on('library.wiped', () => {
    clearBrowsingData(session.defaultSession).then(
      () => console.log('[main] cleared the window’s browser data after Delete everything'),
      (error: unknown) => console.error('[main] could not clear the window’s browser data:', error),
    );
  });

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app
    .whenReady()
    .then(() => {
      secureSession(paths.rendererIndex, session.defaultSession, { onBlocked: blockedRequests.blocked });
      openWindow();
      supervisor.start();
    })
    .catch((error: unknown) => {
      console.error('[main] startup failed:', error);
      app.exit(1);
    });

  // macOS keeps apps running without windows; the engine stays up for the next one.
  app.on('activate', () => {
    if (!win && app.isReady()) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Let the engine close its database (WAL checkpoint) before the app exits.
  let engineStopped = false;
  let stopping = false;
  app.on('before-quit', (event) => {
    if (engineStopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    void supervisor.stop().finally(() => {
      engineStopped = true;
      app.quit();
    });
  });
}

/**
 * Under Electron a database that will not open is almost always a missing
 * Electron-ABI build of better-sqlite3 (the Node build fails naming its
 * NODE_MODULE_VERSION): say how to make one.
 */
function withBuildHint(status: EngineStatusEvent): EngineStatusEvent {
  if (status.state !== 'failed' || paths.sqliteBinding || !status.message?.includes('NODE_MODULE_VERSION')) {
    return status;
  }
  return {
    ...status,
    message: `${status.message} Cellar needs better-sqlite3 built for Electron: run "npm start", which builds build-electron/better_sqlite3.node.`,
  };
}
