/**
 * The sandboxed preload: exposes window.cellar (call, on, shell) and nothing else.
 * ipcRenderer stays in here; the page never sees it. Main sends two things:
 * a MessagePort to a ready engine, and engine statuses.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { EngineStatusEvent, FilePickOptions, FileSaveOptions } from '../native/api/contract.js';
import { ENGINE_PORT_CHANNEL, ENGINE_STATUS_CHANNEL, PICK_FILES_CHANNEL, SAVE_FILE_CHANNEL } from './ipc-channels.js';
import { createPreloadBridge } from './preload-bridge.js';

const preload = createPreloadBridge();

ipcRenderer.on(ENGINE_PORT_CHANNEL, (event: IpcRendererEvent) => {
  const port = event.ports[0];
  if (port) preload.connect(port);
});

ipcRenderer.on(ENGINE_STATUS_CHANNEL, (_event: IpcRendererEvent, status: unknown) => {
  if (isStatus(status)) preload.status(status);
});

// Expose fresh wrappers, not the bridge object itself, so nothing else on it leaks.
contextBridge.exposeInMainWorld('cellar', {
  call: preload.api.call,
  on: preload.api.on,
  shell: {
    pickFiles: (options: FilePickOptions): Promise<string[]> => ipcRenderer.invoke(PICK_FILES_CHANNEL, options),
    // Dropped files carry no path in a sandboxed page; Electron tells it here.
    pathForFile: (file: unknown): string => (file instanceof File ? webUtils.getPathForFile(file) : ''),
    // The OS save dialog, then main writes the text there: the path written, or null when cancelled.
    saveFile: (options: FileSaveOptions): Promise<string | null> => ipcRenderer.invoke(SAVE_FILE_CHANNEL, options),
  },
});

function isStatus(value: unknown): value is EngineStatusEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.state === 'string' && typeof v.restarts === 'number';
}
