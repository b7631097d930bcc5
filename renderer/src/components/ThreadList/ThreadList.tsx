import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThreadSummary } from '../../api';
import { useBridge } from '../../bridge';
import { useWindowedRows } from '../../lib/useWindowedRows';
import { createThread, openThread, refreshThreads, useChats } from '../../store/chats';
import { preferredModelId, useModels } from '../../store/models';
import { PlusIcon, SearchIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';
import { SearchResults } from './SearchResults';
import { ThreadItem } from './ThreadItem';
import './ThreadList.css';

/** A chat row's height before it is measured: title and time on two lines. */
const ROW_ESTIMATE_PX = 50;

/** The left column: New chat, search, and every chat, newest first. */
export function ThreadList() {
  const bridge = useBridge();
  const threads = useChats((s) => s.threads);
  const error = useChats((s) => s.threadsError);
  const currentId = useChats((s) => s.currentId);
  const [query, setQuery] = useState('');
  const { t } = useTranslation();

  const newChat = (): void => {
    setQuery('');
    const { models, modelState } = useModels.getState();
    void createThread(bridge, preferredModelId(models, modelState));
  };

  return (
    <aside className="thread-list" aria-label={t('nav.chats')}>
      <div className="thread-list__top">
        <h1 className="thread-list__title">{t('nav.chats')}</h1>
        <button type="button" className="button button--small" onClick={newChat}>
          <PlusIcon size={13} />
          {t('chat.newButton')}
        </button>
      </div>
      <label className="thread-list__search">
        <SearchIcon size={14} />
        <span className="visually-hidden">{t('chat.search')}</span>
        <input
          type="search"
          className="thread-list__search-input"
          placeholder={t('chat.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setQuery('');
          }}
        />
      </label>
      <div className="thread-list__scroll">
        {query.trim() ? (
          <SearchResults query={query} onOpen={() => setQuery('')} />
        ) : (
          <>
            {error ? (
              <Notice
                title={t('chat.couldNotRead')}
                error={error}
                action={
                  <button type="button" className="button button--small" onClick={() => void refreshThreads(bridge)}>
                    {t('common.retry')}
                  </button>
                }
              />
            ) : null}
            {threads?.length === 0 ? <p className="thread-list__empty">{t('chat.empty')}</p> : null}
            {threads?.length ? <Threads threads={threads} currentId={currentId} /> : null}
          </>
        )}
      </div>
    </aside>
  );
}

/**
 * Every chat, windowed: a library of a thousand chats renders only the rows
 * near what is on screen, each measured as it renders.
 */
function Threads({ threads, currentId }: { threads: ThreadSummary[]; currentId: string | null }) {
  const bridge = useBridge();
  const list = useRef<HTMLUListElement>(null);
  const rows = useWindowedRows(
    threads.map((thread) => thread.id),
    list,
    { estimate: ROW_ESTIMATE_PX },
  );
  const open = useCallback((id: string) => void openThread(bridge, id), [bridge]);

  return (
    <ul
      className="thread-list__items"
      ref={list}
      style={{ paddingTop: rows.padTop, paddingBottom: rows.padBottom }}
      data-testid="thread-list"
      data-count={threads.length}
    >
      {threads.slice(rows.start, rows.end).map((thread, i) => (
        <ThreadItem
          key={thread.id}
          thread={thread}
          current={thread.id === currentId}
          position={rows.start + i + 1}
          count={threads.length}
          onOpen={open}
          measure={rows.measure}
        />
      ))}
    </ul>
  );
}
