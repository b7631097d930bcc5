import { describe, expect, it, vi } from 'vitest';
import type { FakeBrowserWindow, FakeElectron } from './testing/fake-electron.js';

vi.mock('electron', async () => (await import('./testing/fake-electron.js')).electronModule);

const { createMainWindow, WINDOW_BACKGROUND } = await import('./window.js');
const electron = (await import('electron')) as unknown as FakeElectron;

const paths = { preload: '/app/dist/electron/preload.cjs', rendererIndex: '/app/dist/renderer/index.html' };

function open(): FakeBrowserWindow {
  return createMainWindow(paths) as unknown as FakeBrowserWindow;
}

describe('createMainWindow', () => {
  it('isolates and sandboxes the page, with the preload as its only bridge', () => {
    const win = open();
    expect(win.options.webPreferences).toMatchObject({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('loads the renderer from disk and shows only once painted', () => {
    const win = open();
    expect(win.loadFile).toHaveBeenCalledWith(paths.rendererIndex);
    expect(win.options.show).toBe(false);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledOnce();
  });

  it('has a usable size and the UI background colour for the system theme', () => {
    electron.nativeTheme.shouldUseDarkColors = true;
    const dark = open();
    electron.nativeTheme.shouldUseDarkColors = false;
    const light = open();
    expect(dark.options.backgroundColor).toBe(WINDOW_BACKGROUND.dark);
    expect(light.options.backgroundColor).toBe(WINDOW_BACKGROUND.light);
    expect(light.options.minWidth).toBeGreaterThanOrEqual(640);
    expect(light.options.width).toBeGreaterThan(light.options.minWidth as number);
  });

  it('still shows the window when the page fails to load', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const win = open();
    win.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'file:///app/dist/renderer/index.html');
    expect(win.show).toHaveBeenCalled();
    expect(errors.mock.calls[0]?.[0]).toContain('npm run build');
    errors.mockRestore();
  });
});
