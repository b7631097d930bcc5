import { t } from '../i18n';

/**
 * A few sentences the engine stores in English beside a message (it has no code for them yet).
 * They are recognised by their exact words and shown translated; anything else stays as written.
 */
const NOTICES: Record<string, () => string> = {
  'The answer was withheld because it could not be checked against your documents.': () => t('engine.notice.withheld'),
  'The model’s reply only repeated the question or listed the sources, so it is not shown.': () =>
    t('engine.notice.repeated'),
  // The same notice as saved before 2026-12-07, in older libraries.
  'The model’s reply only repeated the question, so it is not shown.': () => t('engine.notice.repeated'),
};

export function messageNotice(notice: string): string {
  return NOTICES[notice]?.() ?? notice;
}

const MODEL_ERROR = 'The model stopped with an error: ';

/** A failed answer's reason: the model's own error stays in its words, the sentence around it is translated. */
export function messageError(error: string): string {
  return error.startsWith(MODEL_ERROR) ? t('engine.modelError', { error: error.slice(MODEL_ERROR.length) }) : error;
}

/** The engine's title for a chat not yet named. */
const NEW_THREAD_TITLE = 'New chat';

export function threadTitle(title: string): string {
  return title === NEW_THREAD_TITLE ? t('chat.new') : title;
}
