import { useTranslation } from 'react-i18next';
import { t as translate } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { useMemo, useState } from 'react';
import type { Collection, DocumentRecord } from '../../api';
import { isWorking } from '../../lib/documents';
import { selectCollection, selectedCollection, useDocuments } from '../../store/documents';
import { CreateCollection } from '../CreateCollection/CreateCollection';
import { PlusIcon } from '../Icons/Icons';
import './CollectionList.css';

interface Counts {
  total: number;
  working: number;
  failed: number;
}

function countByCollection(documents: DocumentRecord[] | null): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  for (const doc of documents ?? []) {
    const c = counts.get(doc.collectionId) ?? { total: 0, working: 0, failed: 0 };
    c.total += 1;
    if (isWorking(doc)) c.working += 1;
    if (doc.status === 'failed') c.failed += 1;
    counts.set(doc.collectionId, c);
  }
  return counts;
}

function documents(count: number): string {
  return translate('collections.documents', { count, n: formatNumber(count) });
}

function describe(c: Counts | undefined, collection: Collection): string {
  if (!c) return collection.documentCount ? documents(collection.documentCount) : translate('collections.noDocuments');
  const parts = [documents(c.total)];
  if (c.working) parts.push(translate('collections.indexing', { n: formatNumber(c.working) }));
  if (c.failed) parts.push(translate('batch.failed', { n: formatNumber(c.failed) }));
  return parts.join(' · ');
}

/** The left column of Documents: every collection, and a new one. */
export function CollectionList() {
  const collections = useDocuments((s) => s.collections);
  const docs = useDocuments((s) => s.documents);
  const current = useDocuments((s) => selectedCollection(s)?.id ?? null);
  const [creating, setCreating] = useState(false);
  const counts = useMemo(() => countByCollection(docs), [docs]);
  const { t } = useTranslation();

  return (
    <aside className="collection-list" aria-label={t('collections.title')}>
      <div className="collection-list__top">
        <h1 className="collection-list__title">{t('nav.documents')}</h1>
        <button
          type="button"
          className="button button--small"
          onClick={() => setCreating((v) => !v)}
          aria-expanded={creating}
        >
          <PlusIcon size={13} />
          {t('collections.new')}
        </button>
      </div>
      {creating ? (
        <div className="collection-list__create">
          <CreateCollection onCreated={() => setCreating(false)} onCancel={() => setCreating(false)} />
        </div>
      ) : null}
      <p className="collection-list__label">{t('collections.title')}</p>
      <ul className="collection-list__items" data-testid="collection-list">
        {collections?.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="collection-list__item"
              aria-current={c.id === current ? 'true' : undefined}
              onClick={() => selectCollection(c.id)}
            >
              <span className="collection-list__name">{c.name}</span>
              <span className="collection-list__meta">{describe(counts.get(c.id), c)}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
