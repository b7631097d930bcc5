import { useTranslation } from 'react-i18next';
import { useId, useState, type FormEvent } from 'react';
import type { Collection, SearchResult } from '../../api';
import { useBridge } from '../../bridge';
import { formatPages, queryExcerpt } from '../../lib/documents';
import { toDisplayError, type DisplayError } from '../../lib/errors';
import { useDocuments } from '../../store/documents';
import { openSource } from '../../store/source';
import { CloseIcon, SearchIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';
import './CollectionSearch.css';

type SearchState =
  | { state: 'idle' }
  | { state: 'searching'; query: string }
  | { state: 'done'; query: string; results: SearchResult[] }
  | { state: 'failed'; query: string; error: DisplayError };

/** Look something up in a collection's documents, and open a passage where it is. */
export function CollectionSearch({ collection }: { collection: Collection }) {
  const bridge = useBridge();
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchState>({ state: 'idle' });
  const ids = useId();

  const run = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    const q = query.trim();
    if (!q) return;
    setSearch({ state: 'searching', query: q });
    try {
      const results = await bridge.call('search.query', { query: q, collectionIds: [collection.id], k: 8 });
      setSearch({ state: 'done', query: q, results });
    } catch (error) {
      setSearch({ state: 'failed', query: q, error: toDisplayError(error) });
    }
  };

  const clear = (): void => {
    setQuery('');
    setSearch({ state: 'idle' });
  };

  return (
    <section className="collection-search" aria-labelledby={`${ids}-title`} data-testid="collection-search">
      <h3 className="visually-hidden" id={`${ids}-title`}>
        {t('search.titleNamed', { name: collection.name })}
      </h3>
      <form className="collection-search__form" onSubmit={(e) => void run(e)}>
        <label className="collection-search__box">
          <SearchIcon size={14} />
          <span className="visually-hidden">{t('search.inNamed', { name: collection.name })}</span>
          <input
            type="search"
            className="collection-search__input"
            placeholder={t('search.inNamed', { name: collection.name })}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') clear();
            }}
          />
        </label>
        <button type="submit" className="button" disabled={!query.trim() || search.state === 'searching'}>
          {t('search.search')}
        </button>
      </form>

      {search.state === 'searching' ? <p className="collection-search__muted">{t('chat.searching')}</p> : null}
      {search.state === 'failed' ? (
        <Notice
          title={t('chat.couldNotSearch')}
          error={search.error}
          action={
            <button type="button" className="button button--small" onClick={() => void run()}>
              {t('common.retry')}
            </button>
          }
        />
      ) : null}
      {search.state === 'done' ? <Results query={search.query} results={search.results} onClear={clear} /> : null}
    </section>
  );
}

function Results({ query, results, onClear }: { query: string; results: SearchResult[]; onClear(): void }) {
  const documents = useDocuments((s) => s.documents);
  const kindOf = (id: string): string | null => documents?.find((d) => d.id === id)?.kind ?? null;
  const { t } = useTranslation();

  return (
    <div className="collection-search__results" data-testid="search-results">
      <div className="collection-search__results-top">
        <p className="collection-search__muted">
          {results.length ? t('search.passages', { count: results.length, query }) : t('search.nothing', { query })}
        </p>
        <button
          type="button"
          className="icon-button"
          aria-label={t('search.clearLabel')}
          title={t('search.clear')}
          onClick={onClear}
        >
          <CloseIcon size={13} />
        </button>
      </div>
      {results.length ? (
        <ol className="collection-search__list">
          {results.map((r) => (
            <li key={r.chunkId}>
              <button
                type="button"
                className="collection-search__hit"
                data-testid="search-result"
                onClick={() =>
                  openSource({
                    documentId: r.documentId,
                    name: r.name,
                    kind: kindOf(r.documentId),
                    pageStart: r.pageStart,
                    pageEnd: r.pageEnd,
                    text: r.text,
                    n: null,
                  })
                }
              >
                <span className="collection-search__where">
                  <span className="collection-search__name">{r.name}</span>
                  {formatPages(r.pageStart, r.pageEnd) ? (
                    <span className="collection-search__page">{formatPages(r.pageStart, r.pageEnd)}</span>
                  ) : null}
                  {r.heading ? <span className="collection-search__heading">{r.heading}</span> : null}
                </span>
                <span className="collection-search__text">
                  {queryExcerpt(r.text, query).map((part, i) =>
                    part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                  )}
                </span>
              </button>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
