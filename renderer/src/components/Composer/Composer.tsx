import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useBridge } from '../../bridge';
import { chatActions, isStreaming, setDraft, useChats } from '../../store/chats';
import { useDocuments } from '../../store/documents';
import { SendIcon, StopIcon } from '../Icons/Icons';
import { ComposerStatus } from './ComposerStatus';
import './Composer.css';

const MAX_HEIGHT = 220;

/** The last focus request a message box answered: one that mounts later still answers a newer one. */
let focusHandled = 0;

/** The message box: Enter sends, Shift+Enter starts a new line; Send becomes Stop while an answer streams. */
export function Composer({ threadId, onSend }: { threadId: string | null; onSend(text: string): Promise<boolean> }) {
  const bridge = useBridge();
  const { t } = useTranslation();
  const key = threadId ?? '';
  const text = useChats((s) => s.drafts[key] ?? '');
  const streamingHere = useChats((s) => isStreaming(s, threadId));
  const busyElsewhere = useChats((s) => s.streaming !== null && s.streaming.threadId !== threadId);
  const pending = useChats((s) => s.pending !== null);
  const box = useRef<HTMLTextAreaElement>(null);
  const collectionIds = useChats((s) => (s.view?.thread.id === threadId ? s.view?.thread.collectionIds : undefined));
  const collections = useDocuments((s) => s.collections);
  const sources = (collections ?? []).filter((c) => collectionIds?.includes(c.id)).map((c) => c.name);
  const placeholder = !sources.length
    ? t('composer.placeholder')
    : sources.length > 2
      ? t('composer.askAboutMany', { count: sources.length })
      : sources.length === 2
        ? t('composer.askAboutTwo', { a: sources[0], b: sources[1] })
        : t('composer.askAbout', { name: sources[0] });

  // A chat opened or started, or the shortcut asked: the message box takes the focus.
  const focusRequest = useChats((s) => s.composerFocus);
  useEffect(() => {
    if (focusRequest === focusHandled || !box.current) return;
    focusHandled = focusRequest;
    box.current.focus({ preventScroll: true });
  }, [focusRequest]);

  // Grow with the text, up to a limit (CSSOM, which the CSP allows).
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
  }, [text]);

  const canSend = text.trim().length > 0 && !pending && !busyElsewhere && !streamingHere;

  const send = (): void => {
    if (!canSend) return;
    const value = text.trim();
    setDraft(key, '');
    void onSend(value);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <div className="composer-area">
      <ComposerStatus threadId={threadId} />
      <div className="composer">
        <label className="visually-hidden" htmlFor={`composer-${key || 'new'}`}>
          {t('composer.message')}
        </label>
        <textarea
          id={`composer-${key || 'new'}`}
          ref={box}
          className="composer__input"
          rows={1}
          placeholder={placeholder}
          value={text}
          onChange={(e) => setDraft(key, e.target.value)}
          onKeyDown={onKeyDown}
          data-testid="composer"
        />
        {streamingHere ? (
          <button
            type="button"
            className="button composer__button"
            onClick={() => threadId && void chatActions.stop(bridge, threadId)}
            data-testid="stop"
          >
            <StopIcon size={14} />
            {t('composer.stop')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary composer__button"
            onClick={send}
            disabled={!canSend}
            data-testid="send"
          >
            {pending ? <span className="spinner" aria-hidden="true" /> : <SendIcon size={14} />}
            {t('composer.send')}
          </button>
        )}
      </div>
      <p className="composer__hint">{t('composer.hint')}</p>
    </div>
  );
}
