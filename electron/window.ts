/**
 * The one app window. Its page is sandboxed and isolated: it sees only what
 * the preload exposes (window.cellar), never Node or Electron.
 */
import { BrowserWindow, nativeTheme, type WebPreferences } from 'electron';

/** The renderer's --bg-app (renderer/src/styles/theme.css), so no white flash before first paint. */
export const WINDOW_BACKGROUND = { light: '#f5f5f6', dark: '#161618' } as const;

export function windowWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    // Answers can be long-running; keep timers running while the window is hidden.
    backgroundThrottling: false,
  };
}

export interface WindowPaths {
  preload: string;
  rendererIndex: string;
}

export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Cellar',
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    autoHideMenuBar: true,
    webPreferences: windowWebPreferences(paths.preload),
  });
  // Shown once painted, so the first thing seen is the UI, not an empty frame.
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-fail-load', (_event, code, description, url) => {
    console.error(`[window] could not load ${url}: ${description} (${code}). Run "npm run build" first.`);
    // ready-to-show may never come; an empty window beats an invisible running app.
    if (!win.isVisible()) win.show();
  });
  win.loadFile(paths.rendererIndex).catch((error: unknown) => {
    console.error(`[window] loading ${paths.rendererIndex} failed:`, error);
  });
  return win;
}
