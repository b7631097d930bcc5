/**
 * Save text the app made (an export) as a file the user keeps. In the
 * desktop app the shell shows the OS save dialog and writes the file; in a
 * plain browser (the test harness) the file is handed to the browser as a
 * download of an in-memory blob: nothing is sent anywhere.
 */
import type { CellarBridge, FileSaveOptions } from '../api';

export type { FileSaveOptions };

export type SaveOutcome =
  | { kind: 'saved'; path: string }
  | { kind: 'cancelled' }
  /** Handed to the browser as a download (no shell). */
  | { kind: 'downloaded'; name: string };

export async function saveTextFile(bridge: CellarBridge, options: FileSaveOptions): Promise<SaveOutcome> {
  const shell = bridge.shell;
  if (shell) {
    const path = await shell.saveFile(options);
    return path ? { kind: 'saved', path } : { kind: 'cancelled' };
  }
  downloadText(options.defaultName, options.content, mimeFor(options.defaultName));
  return { kind: 'downloaded', name: options.defaultName };
}

/** A download of in-memory text: an object URL on a link with `download`, clicked once. */
export function downloadText(name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; free the blob soon after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function mimeFor(name: string): string {
  return name.toLowerCase().endsWith('.csv') ? 'text/csv;charset=utf-8' : 'text/plain;charset=utf-8';
}
