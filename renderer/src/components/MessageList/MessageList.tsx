import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../api';
import { formatNumber } from '../../lib/format';
import { focusMessage, useChats } from '../../store/chats';
import { MessageItem } from '../MessageItem/MessageItem';
import './MessageList.css';

/** How close to the bottom still counts as "following the answer". */
const FOLLOW_SLACK_PX = 48;

/** A long chat opens at its last this many messages; "Show earlier messages" reveals this many more. */
export const MESSAGE_PAGE = 60;

/**
 * The shown branch, oldest first. While an answer grows the view follows it,
 * unless the user has scrolled up to read; scrolling back down follows again.
 *
 * A long chat renders only its last messages: the first one shown is held by
 * id, so answers added below never push messages out at the top, and a branch
 * that shares it keeps it. Earlier ones come on request, or when a search hit
 * points at one.
 */
export function MessageList({ threadId, messages }: { threadId: string; messages: Message[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const focusId = useChats((s) => s.focusId);
  const { t } = useTranslation();
  const [first, setFirst] = useState<{ threadId: string; id: string } | null>(null);
  /** The scroll height before earlier messages were added above, to keep the view where it was. */
  const growing = useRef<number | null>(null);

  const latest = Math.max(0, messages.length - MESSAGE_PAGE);
  const held = first?.threadId === threadId ? messages.findIndex((m) => m.id === first.id) : -1;
  let start = held >= 0 ? Math.min(held, latest) : latest;
  // A search hit above the shown messages: show from it (and keep it shown once its mark fades).
  const focusAt = focusId ? messages.findIndex((m) => m.id === focusId) : -1;
  if (focusAt >= 0 && focusAt < start) start = focusAt;
  // Hold the first shown message, once there is one, for this chat and branch.
  const startId = messages[start]?.id;
  if (startId && (first?.threadId !== threadId || first.id !== startId)) setFirst({ threadId, id: startId });

  const showEarlier = (): void => {
    growing.current = scroller.current?.scrollHeight ?? null;
    setFirst({ threadId, id: messages[Math.max(0, start - MESSAGE_PAGE)]!.id });
  };

  // Messages added above: the ones that were on screen stay where they were.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || growing.current === null) return;
    el.scrollTop += el.scrollHeight - growing.current;
    growing.current = null;
  }, [start]);

  const toBottom = (): void => {
    const el = scroller.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  };

  // A newly opened chat starts at its end.
  useLayoutEffect(() => {
    follow.current = true;
    toBottom();
  }, [threadId]);

  // A new question from the user always brings the view down.
  const lastUser = messages.findLast((m) => m.role === 'user')?.id;
  useLayoutEffect(() => {
    follow.current = true;
    toBottom();
  }, [lastUser]);

  useLayoutEffect(toBottom, [messages]);

  // Markdown renders a moment after the text arrives: follow the content's size too.
  useEffect(() => {
    const el = content.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(toBottom);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A search hit: scroll to its message and mark it for a moment.
  useEffect(() => {
    if (!focusId) return;
    const target = scroller.current?.querySelector(`[data-message-id="${CSS.escape(focusId)}"]`);
    if (!target) return;
    follow.current = false;
    target.scrollIntoView({ block: 'center' });
    const timer = setTimeout(() => focusMessage(null), 2000);
    return () => clearTimeout(timer);
  }, [focusId, messages, start]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (el) follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_SLACK_PX;
  };

  return (
    <div className="message-list" ref={scroller} onScroll={onScroll} data-testid="messages">
      <div className="message-list__content" ref={content}>
        {messages.length === 0 ? <p className="message-list__empty">{t('message.empty')}</p> : null}
        {start > 0 ? (
          <div className="message-list__earlier">
            <button type="button" className="button button--small" onClick={showEarlier} data-testid="show-earlier">
              {t('message.showEarlier')}
            </button>
            <span className="message-list__earlier-count">
              {t('message.earlierCount', { count: start, n: formatNumber(start) })}
            </span>
          </div>
        ) : null}
        {messages.slice(start).map((m) => (
          <MessageItem key={m.id} message={m} focused={m.id === focusId} />
        ))}
      </div>
    </div>
  );
}
