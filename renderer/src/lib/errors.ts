import type { ApiErrorCode } from '../api';
import { currentLanguage, i18n, t } from '../i18n';

/**
 * What the UI shows for a failed call: a plain sentence, the detail, and the code for support.
 * `message` and `summary` are read at render time, so a language switch reaches errors already shown.
 */
export interface DisplayError {
  code: string;
  /** What went wrong: the engine's own words in English, a translation by code in other languages. */
  readonly message: string;
  /** A plain sentence for the codes where one helps; otherwise the message stands alone. */
  readonly summary: string | null;
  /** The engine's message as it sent it (English), kept for support whatever the language. */
  detail: string;
}

/**
 * Every code the engine sends; each has a message and a summary in every locale. A record,
 * not a list, so that a code added to the contract fails the typecheck here until it is translated.
 */
const KNOWN_CODES: Record<ApiErrorCode, true> = {
  UNKNOWN_METHOD: true,
  BAD_MESSAGE: true,
  BAD_PARAMS: true,
  DATA_DIR_NOT_WRITABLE: true,
  DATABASE_UNREADABLE: true,
  NOT_FOUND: true,
  INVALID_MODEL: true,
  MODEL_NOT_LOADED: true,
  MODEL_LOAD_FAILED: true,
  BUSY: true,
  OFFLINE: true,
  DOWNLOAD_FAILED: true,
  CHECKSUM_MISMATCH: true,
  ENGINE_UNAVAILABLE: true,
  TIMEOUT: true,
  INTERNAL: true,
};

function isKnownCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(KNOWN_CODES, code);
}

/** The plain sentence for a code in the current language, or null for a code the renderer does not know. */
export function errorSummary(code: string): string | null {
  return isKnownCode(code) ? t(`errors.summary.${code}`) : null;
}

/**
 * The engine writes its messages in English. English readers get them as written (they name
 * the file or the model); other languages get the translation of the code, and the engine's
 * words only when the code is unknown.
 */
export function errorMessage(code: string, detail: string): string {
  if (currentLanguage() === 'en' || !isKnownCode(code)) return detail;
  return t(`errors.message.${code}`);
}

/** Errors from `window.cellar.call` are `{code, message}`; be forgiving about anything else. */
export function toDisplayError(error: unknown): DisplayError {
  let code = 'INTERNAL';
  let detail = '';
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; message?: unknown };
    if (typeof e.code === 'string' && e.code) code = e.code;
    if (typeof e.message === 'string' && e.message) detail = e.message;
  } else if (error !== undefined && error !== null) {
    detail = String(error);
  }
  return {
    code,
    detail: detail || i18n.t('errors.unknown', { lng: 'en' }),
    get message() {
      return detail ? errorMessage(code, detail) : t('errors.unknown');
    },
    get summary() {
      return errorSummary(code);
    },
  };
}
