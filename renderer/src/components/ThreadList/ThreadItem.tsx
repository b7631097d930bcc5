import { memo, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThreadSummary } from '../../api';
import { useBridge } from '../../bridge';
import { threadTitle } from '../../lib/engineText';
import type { DisplayError } from '../../lib/errors';
import { formatAgo } from '../../lib/format';
import { deleteThread, updateThread } from '../../store/chats';
import { PencilIcon, TrashIcon } from '../Icons/Icons';
import { InlineEdit } from '../InlineEdit/InlineEdit';

/**
 * One chat in the list: open it, rename it in place, or delete it after asking.
 * Only a row whose chat changed renders again; `measure` gives the windowed
 * list its real height.
 */
export const ThreadItem = memo(function ThreadItem({
  thread,
  current,
  position,
  count,
  onOpen,
  measure,
}: {
  thread: ThreadSummary;
  current: boolean;
  /** Its place in the whole list (1-based) and the list's length, for assistive technology. */
  position: number;
  count: number;
  onOpen(id: string): void;
  measure(key: string, el: HTMLElement | null): void;
}) {
  const bridge = useBridge();
  const measureRef = useCallback((el: HTMLElement | null) => measure(thread.id, el), [measure, thread.id]);
  const [mode, setMode] = useState<'idle' | 'renaming' | 'confirming'>('idle');
  const [error, setError] = useState<DisplayError | null>(null);
  const { t } = useTranslation();

  if (mode === 'renaming') {
    return (
      <li className="thread-item thread-item--editing" ref={measureRef} aria-setsize={count} aria-posinset={position}>
        <InlineEdit
          value={thread.title}
          label={t('chat.titleLabel')}
          onCancel={() => setMode('idle')}
          onSave={(title) => {
            setMode('idle');
            void updateThread(bridge, thread.id, { title }).then(setError);
          }}
        />
      </li>
    );
  }

  return (
    <li
      className={current ? 'thread-item thread-item--current' : 'thread-item'}
      ref={measureRef}
      aria-setsize={count}
      aria-posinset={position}
      data-testid="thread-item"
    >
      <button
        type="button"
        className="thread-item__open"
        aria-current={current ? 'true' : undefined}
        onClick={() => onOpen(thread.id)}
      >
        <span className="thread-item__title">{threadTitle(thread.title)}</span>
        <span className="thread-item__meta">{formatAgo(thread.updatedAt)}</span>
      </button>
      {mode === 'idle' ? (
        <span className="thread-item__actions">
          <button
            type="button"
            className="icon-button"
            aria-label={t('chat.renameNamed', { title: threadTitle(thread.title) })}
            title={t('common.rename')}
            onClick={() => setMode('renaming')}
          >
            <PencilIcon size={13} />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t('chat.deleteNamed', { title: threadTitle(thread.title) })}
            title={t('common.delete')}
            onClick={() => setMode('confirming')}
          >
            <TrashIcon size={13} />
          </button>
        </span>
      ) : (
        <div className="thread-item__confirm" role="alertdialog" aria-label={t('chat.deleteChat')}>
          <p>{t('chat.deleteConfirm')}</p>
          <div className="thread-item__confirm-actions">
            <button type="button" className="button button--small" onClick={() => setMode('idle')}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => {
                setMode('idle');
                void deleteThread(bridge, thread.id).then(setError);
              }}
            >
              {t('common.delete')}
            </button>
          </div>
        </div>
      )}
      {error ? (
        <p className="thread-item__error" role="alert">
          {error.message}{' '}
          <button type="button" className="thread-item__dismiss" onClick={() => setError(null)}>
            {t('common.dismiss')}
          </button>
        </p>
      ) : null}
    </li>
  );
});
