/**
 * The requests the page may make of the main process: the OS open dialog, and
 * the OS save dialog for an export (main owns OS dialogs and, for a save, the
 * write). The sender must be our own window's top frame, and the options are
 * checked before they reach the dialog.
 */
import {
  dialog,
  ipcMain,
  type BrowserWindow,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FilePickOptions, FileSaveOptions } from '../native/api/contract.js';
import { PICK_FILES_CHANNEL, SAVE_FILE_CHANNEL } from './ipc-channels.js';

/** An export is text the engine made (the audit log as CSV): far below this. */
export const MAX_SAVE_BYTES = 64 * 1024 * 1024;

type Filters = FilePickOptions['filters'];

export function registerFileDialog(currentWindow: () => BrowserWindow | null, rendererIndex: string): void {
  const ownWindow = senderCheck(currentWindow, rendererIndex);
  ipcMain.handle(PICK_FILES_CHANNEL, async (event: IpcMainInvokeEvent, raw: unknown) => {
    const win = ownWindow(event);
    const options = parseOptions(raw);
    const properties: OpenDialogOptions['properties'] = [options.directories ? 'openDirectory' : 'openFile'];
    if (options.multiple) properties.push('multiSelections');
    const result = await dialog.showOpenDialog(win, { title: options.title, filters: options.filters, properties });
    return result.canceled ? [] : result.filePaths;
  });
}

/** Save dialog, then write: resolves to the path written, or null when the user cancelled. */
export function registerSaveDialog(currentWindow: () => BrowserWindow | null, rendererIndex: string): void {
  const ownWindow = senderCheck(currentWindow, rendererIndex);
  ipcMain.handle(SAVE_FILE_CHANNEL, async (event: IpcMainInvokeEvent, raw: unknown): Promise<string | null> => {
    const win = ownWindow(event);
    const options = parseSaveOptions(raw);
    const shown: SaveDialogOptions = {
      title: 'Save',
      defaultPath: options.defaultName,
      filters: options.filters,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const result = await dialog.showSaveDialog(win, shown);
    if (result.canceled || !result.filePath) return null;
    await writeFile(result.filePath, options.content, 'utf8');
    return result.filePath;
  });
}

function senderCheck(
  currentWindow: () => BrowserWindow | null,
  rendererIndex: string,
): (event: IpcMainInvokeEvent) => BrowserWindow {
  const allowedUrl = pathToFileURL(rendererIndex).href;
  return (event) => {
    const win = currentWindow();
    if (!win || event.sender !== win.webContents || event.senderFrame?.url.split('#')[0] !== allowedUrl) {
      throw new Error('File dialogs are only shown for Cellar’s own window.');
    }
    return win;
  };
}

function parseOptions(raw: unknown): FilePickOptions {
  const o = record(raw);
  return {
    title: typeof o.title === 'string' ? o.title.slice(0, 200) : 'Open',
    multiple: o.multiple === true,
    directories: o.directories === true,
    filters: parseFilters(o.filters),
  };
}

export function parseSaveOptions(raw: unknown): FileSaveOptions {
  const o = record(raw);
  if (typeof o.content !== 'string') throw new Error('Nothing to save: content must be text.');
  if (Buffer.byteLength(o.content, 'utf8') > MAX_SAVE_BYTES) throw new Error('The file to save is too large.');
  return { defaultName: safeName(o.defaultName), content: o.content, filters: parseFilters(o.filters) };
}

/** A plain file name: no folders (the dialog's starting place is the user's choice), no control characters. */
function safeName(value: unknown): string {
  const name = basename(typeof value === 'string' ? value.replace(/\\/g, '/') : '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f<>:"|?*]/g, '')
    .trim()
    .slice(0, 200);
  return name && name !== '.' && name !== '..' ? name : 'export.txt';
}

function parseFilters(raw: unknown): Filters {
  const filters = Array.isArray(raw) ? raw : [];
  return filters
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
    }));
}

function record(raw: unknown): Record<string, unknown> {
  return (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
}
