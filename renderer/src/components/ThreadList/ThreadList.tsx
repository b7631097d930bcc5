import { useState } from 'react';
import { useBridge } from '../../bridge';
import { createThread, openThread, refreshThreads, useChats } from '../../store/chats';
import { preferredModelId, useModels } from '../../store/models';
import { PlusIcon, SearchIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';
import { SearchResults } from './SearchResults';
import { ThreadItem } from './ThreadItem';
import './ThreadList.css';

/** The left column: New chat, search, and every chat, newest first. */
export function ThreadList() {
  const bridge = useBridge();
  const threads = useChats((s) => s.threads);
  const error = useChats((s) => s.threadsError);
  const currentId = useChats((s) => s.currentId);
  const [query, setQuery] = useState('');

  const newChat = (): void => {
    setQuery('');
    const { models, modelState } = useModels.getState();
    void createThread(bridge, preferredModelId(models, modelState));
  };

  return (
    <aside className="thread-list" aria-label="Chats">
      <div className="thread-list__top">
        <h1 className="thread-list__title">Chats</h1>
        <button type="button" className="button button--small" onClick={newChat}>
          <PlusIcon size={13} />
          New chat
        </button>
      </div>
      <label className="thread-list__search">
        <SearchIcon size={14} />
        <span className="visually-hidden">Search chats</span>
        <input
          type="search"
          className="thread-list__search-input"
          placeholder="Search chats"
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
                title="Could not read your chats"
                error={error}
                action={
                  <button type="button" className="button button--small" onClick={() => void refreshThreads(bridge)}>
                    Retry
                  </button>
                }
              />
            ) : null}
            {threads?.length === 0 ? (
              <p className="thread-list__empty">No chats yet. Your chats are saved on this computer.</p>
            ) : null}
            <ul className="thread-list__items" data-testid="thread-list">
              {threads?.map((thread) => (
                <ThreadItem
                  key={thread.id}
                  thread={thread}
                  current={thread.id === currentId}
                  onOpen={() => void openThread(bridge, thread.id)}
                />
              ))}
            </ul>
          </>
        )}
      </div>
    </aside>
  );
}
