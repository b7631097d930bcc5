import type { ApiErrorCode } from '../api';

/** What the UI shows for a failed call: a plain sentence, the detail, and the code for support. */
export interface DisplayError {
  code: string;
  message: string;
  /** A plain sentence for the codes where one helps; otherwise the message stands alone. */
  summary: string | null;
}

const SUMMARIES: Partial<Record<ApiErrorCode, string>> = {
  ENGINE_UNAVAILABLE: 'The engine is not running right now. If it is restarting, this will work again in a moment.',
  TIMEOUT: 'The engine took too long to answer. It may be busy; try again.',
  DATA_DIR_NOT_WRITABLE:
    'Cellar cannot write to its data directory. Check that the folder exists and that you may write to it.',
  DATABASE_UNREADABLE: 'Cellar cannot read its database. Your files have not been changed.',
  UNKNOWN_METHOD: 'This part of the app and the engine do not match. Reinstalling Cellar should fix it.',
  BAD_MESSAGE: 'The engine could not understand a request from the app.',
  BAD_PARAMS: 'The engine rejected a request from the app.',
  INTERNAL: 'Something went wrong inside the engine.',
  MODEL_NOT_LOADED: 'Add a chat model first: download the recommended one or import a GGUF file.',
  BUSY: 'Another answer is still being written. Stop it, or wait for it to finish, then try again.',
  INVALID_MODEL: 'Choose another file: Cellar needs a GGUF model file that it can read.',
  NOT_FOUND: 'Check that it still exists (a moved file, say), then try again.',
  OFFLINE:
    'Offline mode is on, so Cellar downloads nothing. Import a GGUF file you already have, or turn offline mode off in Models.',
  MODEL_LOAD_FAILED: 'Try again, or lower the context size or GPU layers in the model’s advanced settings.',
  DOWNLOAD_FAILED: 'Check the internet connection, then resume the download.',
  CHECKSUM_MISMATCH: 'The downloaded file is not the one expected. Cancel it and download it again.',
};

/** Errors from `window.cellar.call` are `{code, message}`; be forgiving about anything else. */
export function toDisplayError(error: unknown): DisplayError {
  let code = 'INTERNAL';
  let message = 'Unknown error';
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; message?: unknown };
    if (typeof e.code === 'string' && e.code) code = e.code;
    if (typeof e.message === 'string' && e.message) message = e.message;
  } else if (error !== undefined && error !== null) {
    message = String(error);
  }
  const summary = (SUMMARIES as Record<string, string | undefined>)[code] ?? null;
  return { code, message, summary };
}
