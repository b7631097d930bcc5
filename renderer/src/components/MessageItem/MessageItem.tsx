import { memo, useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Citation, Message } from '../../api';
import { useBridge } from '../../bridge';
import { messageError, messageNotice } from '../../lib/engineText';
import { chatActions, useChats } from '../../store/chats';
import { useDocuments } from '../../store/documents';
import { openSource } from '../../store/source';
import { Badge } from '../Badge/Badge';
import { CopyButton } from '../CopyButton/CopyButton';
import { PencilIcon, RefreshIcon } from '../Icons/Icons';
import { Markdown } from '../Markdown/Markdown';
import { Sources } from '../Sources/Sources';
import { BranchNav } from './BranchNav';
import { MessageStats } from './MessageStats';
import './MessageItem.css';

/**
 * One message: the question as typed, or the answer as Markdown with its status, stats and actions.
 * Only a message that changed renders again: while an answer streams, the others in a long chat stay put.
 */
export const MessageItem = memo(function MessageItem({
  message,
  focused = false,
}: {
  message: Message;
  focused?: boolean;
}) {
  return message.role === 'user' ? (
    <UserMessage message={message} focused={focused} />
  ) : (
    <AssistantMessage message={message} focused={focused} />
  );
});

function useBusy(): boolean {
  return useChats((s) => s.streaming !== null || s.pending !== null);
}

function UserMessage({ message, focused }: { message: Message; focused: boolean }) {
  const bridge = useBridge();
  const busy = useBusy();
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);

  if (editing !== null) {
    const submit = (): void => {
      const text = editing.trim();
      if (!text) return;
      setEditing(null);
      void chatActions.edit(bridge, message.threadId, message.id, text);
    };
    return (
      <div className="message message--user message--editing" data-message-id={message.id}>
        <label className="visually-hidden" htmlFor={`edit-${message.id}`}>
          {t('message.editLabel')}
        </label>
        <textarea
          id={`edit-${message.id}`}
          className="textarea message__edit"
          value={editing}
          rows={Math.min(12, Math.max(3, editing.split('\n').length + 1))}
          autoFocus
          onChange={(e) => setEditing(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            } else if (e.key === 'Escape') setEditing(null);
          }}
        />
        <div className="message__edit-actions">
          <span className="message__edit-hint">{t('message.editHint')}</span>
          <button type="button" className="button button--small button--quiet" onClick={() => setEditing(null)}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button--small button--primary"
            onClick={submit}
            disabled={busy || !editing.trim()}
          >
            {t('composer.send')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div
      className={`message message--user${focused ? ' message--focused' : ''}`}
      data-message-id={message.id}
      data-testid="message-user"
    >
      <div className="message__bubble">{message.content}</div>
      <div className="message__actions">
        <BranchNav message={message} />
        <CopyButton text={message.content} />
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => setEditing(message.content)}
          disabled={busy}
        >
          <PencilIcon size={13} />
          {t('message.edit')}
        </button>
      </div>
    </div>
  );
}

/** Open a citation in the source viewer, at its page, with its passage to highlight. */
export function openCitation(citation: Citation): void {
  const doc = useDocuments.getState().documents?.find((d) => d.id === citation.documentId);
  openSource({
    documentId: citation.documentId,
    name: citation.name,
    kind: doc?.kind ?? null,
    pageStart: citation.pageStart,
    pageEnd: citation.pageEnd,
    text: citation.text,
    n: citation.n,
  });
}

function AssistantMessage({ message, focused }: { message: Message; focused: boolean }) {
  const bridge = useBridge();
  const busy = useBusy();
  const streaming = message.status === 'streaming';
  const { t } = useTranslation();
  // Typing stays responsive while long answers re-render: Markdown follows a step behind if it must.
  const text = useDeferredValue(message.content);

  return (
    <div
      className={`message message--assistant${streaming ? ' message--streaming' : ''}${focused ? ' message--focused' : ''}`}
      data-message-id={message.id}
      data-testid="message-assistant"
      data-status={message.status}
    >
      {message.notice ? (
        <p className="message__notice" data-testid="message-notice">
          {messageNotice(message.notice)}
        </p>
      ) : null}
      {text ? (
        <Markdown text={text} citations={message.citations} onCite={openCitation} />
      ) : streaming ? (
        <span className="message__thinking" role="img" aria-label={t('message.writing')} />
      ) : null}
      <MessageStatus message={message} />
      {message.citations.length && !streaming ? <Sources citations={message.citations} onOpen={openCitation} /> : null}
      {streaming ? null : (
        <div className="message__footer">
          <div className="message__actions">
            <BranchNav message={message} />
            <CopyButton text={message.content} />
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => void chatActions.regenerate(bridge, message.threadId, message.id)}
              disabled={busy}
            >
              <RefreshIcon size={13} />
              {t('message.regenerate')}
            </button>
          </div>
          <MessageStats message={message} />
        </div>
      )}
    </div>
  );
}

function MessageStatus({ message }: { message: Message }) {
  const { t } = useTranslation();
  switch (message.status) {
    case 'stopped':
      return (
        <p className="message__status" data-testid="message-status">
          <Badge>{t('message.stopped')}</Badge> {t('message.stoppedBody')}
        </p>
      );
    case 'interrupted':
      return (
        <p className="message__status" data-testid="message-status">
          <Badge tone="warn">{t('message.interrupted')}</Badge> {t('message.interruptedBody')}
        </p>
      );
    case 'failed':
      return (
        <p className="message__status message__status--failed" data-testid="message-status">
          <Badge tone="danger">{t('message.failed')}</Badge>{' '}
          {message.error ? messageError(message.error) : t('message.failedDefault')} {t('message.failedRetry')}
        </p>
      );
    default:
      return null;
  }
}
