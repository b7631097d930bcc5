import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Citation } from '../../api';
import { excerpt, formatPages } from '../../lib/documents';
import './Sources.css';

/** The documents an answer drew on, numbered as its [n] markers; each opens where it was found. */
export function Sources({ citations, onOpen }: { citations: Citation[]; onOpen(citation: Citation): void }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <div className="sources" role="group" aria-labelledby={titleId} data-testid="sources">
      <h3 className="sources__title" id={titleId}>
        {t('sources.title')}
      </h3>
      <ol className="sources__list">
        {citations.map((c) => {
          const pages = formatPages(c.pageStart, c.pageEnd);
          return (
            <li key={c.n}>
              <button type="button" className="sources__item" onClick={() => onOpen(c)} data-testid="source-item">
                <span className="sources__n" aria-hidden="true">
                  {c.n}
                </span>
                <span className="sources__body">
                  <span className="sources__where">
                    <span className="sources__name" title={c.document}>
                      {c.name}
                    </span>
                    {pages ? <span className="sources__page">{pages}</span> : null}
                  </span>
                  <span className="sources__excerpt">{excerpt(c.text, 160)}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
