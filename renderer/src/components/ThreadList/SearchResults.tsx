import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../api';
import { useBridge } from '../../bridge';
import { threadTitle } from '../../lib/engineText';
import { toDisplayError, type DisplayError } from '../../lib/errors';
import { formatAgo } from '../../lib/format';
import { splitHighlight } from '../../lib/highlight';
import { chatActions, focusMessage, openThread, useChats } from '../../store/chats';
import { Notice } from '../Notice/Notice';

/** A snippet with its matches marked: split on [[ ]] and rendered as text, never as HTML. */
export function Snippet({ text }: { text: string }) {
  return (
    <span className="search-hit__snippet">
      {splitHighlight(text).map((part, i) =>
        part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </span>
  );
}

/** Messages matching the search box, each opening its chat at the branch that holds it. */
export function SearchResults({ query, onOpen }: { query: string; onOpen(): void }) {
  const bridge = useBridge();
  const { t } = useTranslation();
  const [result, setResult] = useState<{ query: string; hits: SearchHit[] | null; error: DisplayError | null } | null>(
    null,
  );

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      bridge.call('chat.search', { query, limit: 40 }).then(
        (hits) => live && setResult({ query, hits, error: null }),
        (error: unknown) => live && setResult({ query, hits: null, error: toDisplayError(error) }),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, query]);

  const open = async (hit: SearchHit): Promise<void> => {
    onOpen();
    await openThread(bridge, hit.threadId);
    const shown = useChats.getState().view?.messages.some((m) => m.id === hit.messageId);
    if (!shown) await chatActions.selectBranch(bridge, hit.threadId, hit.messageId);
    focusMessage(hit.messageId);
  };

  if (!result) return <p className="thread-list__empty">{t('chat.searching')}</p>;
  if (result.error) return <Notice title={t('chat.couldNotSearch')} error={result.error} />;
  if (!result.hits?.length)
    return <p className="thread-list__empty">{t('chat.noMatches', { query: result.query.trim() })}</p>;
  return (
    <ul className="search-hits" data-testid="search-results" aria-label={t('chat.searchResults')}>
      {result.hits.map((hit) => (
        <li key={hit.messageId}>
          <button type="button" className="search-hit" onClick={() => void open(hit)}>
            <span className="search-hit__head">
              <span className="search-hit__title">{threadTitle(hit.threadTitle)}</span>
              <span className="search-hit__meta">{formatAgo(hit.createdAt)}</span>
            </span>
            <span className="search-hit__role">{hit.role === 'user' ? t('chat.role.you') : t('chat.role.answer')}</span>
            <Snippet text={hit.snippet} />
          </button>
        </li>
      ))}
    </ul>
  );
}
