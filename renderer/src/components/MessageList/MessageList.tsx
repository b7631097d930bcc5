import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Message } from '../../api';
import { focusMessage, useChats } from '../../store/chats';
import { MessageItem } from '../MessageItem/MessageItem';
import './MessageList.css';

/** How close to the bottom still counts as "following the answer". */
const FOLLOW_SLACK_PX = 48;

/**
 * The shown branch, oldest first. While an answer grows the view follows it,
 * unless the user has scrolled up to read; scrolling back down follows again.
 */
export function MessageList({ threadId, messages }: { threadId: string; messages: Message[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const focusId = useChats((s) => s.focusId);

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
  }, [focusId, messages]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (el) follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_SLACK_PX;
  };

  return (
    <div className="message-list" ref={scroller} onScroll={onScroll} data-testid="messages">
      <div className="message-list__content" ref={content}>
        {messages.length === 0 ? (
          <p className="message-list__empty">Ask a question below. This chat is saved on this computer only.</p>
        ) : (
          messages.map((m) => <MessageItem key={m.id} message={m} focused={m.id === focusId} />)
        )}
      </div>
    </div>
  );
}
