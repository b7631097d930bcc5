/**
 * The one request the page may make of the main process: show the OS open
 * dialog (main owns OS dialogs). The sender must be our own window's top
 * frame, and the options are checked before they reach the dialog.
 */
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import { pathToFileURL } from 'node:url';
import type { FilePickOptions } from '../native/api/contract.js';
import { PICK_FILES_CHANNEL } from './ipc-channels.js';

export function registerFileDialog(currentWindow: () => BrowserWindow | null, rendererIndex: string): void {
  const allowedUrl = pathToFileURL(rendererIndex).href;
  ipcMain.handle(PICK_FILES_CHANNEL, async (event: IpcMainInvokeEvent, raw: unknown) => {
    const win = currentWindow();
    if (!win || event.sender !== win.webContents || event.senderFrame?.url.split('#')[0] !== allowedUrl) {
      throw new Error('File dialogs are only shown for Cellar’s own window.');
    }
    const options = parseOptions(raw);
    const properties: OpenDialogOptions['properties'] = [options.directories ? 'openDirectory' : 'openFile'];
    if (options.multiple) properties.push('multiSelections');
    const result = await dialog.showOpenDialog(win, { title: options.title, filters: options.filters, properties });
    return result.canceled ? [] : result.filePaths;
  });
}

function parseOptions(raw: unknown): FilePickOptions {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const filters = Array.isArray(o.filters) ? o.filters : [];
  return {
    title: typeof o.title === 'string' ? o.title.slice(0, 200) : 'Open',
    multiple: o.multiple === true,
    directories: o.directories === true,
    filters: filters
      .filter((f): f is { name: string; extensions: string[] } => {
        const v = f as Record<string, unknown>;
        return (
          typeof v?.name === 'string' && Array.isArray(v.extensions) && v.extensions.every((e) => typeof e === 'string')
        );
      })
      .slice(0, 20)
      .map((f) => ({
        name: f.name.slice(0, 100),
        extensions: f.extensions.slice(0, 50).map((e) => e.replace(/[^\w*]/g, '')),
      })),
  };
}
