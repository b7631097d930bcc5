import { useMemo, useState } from 'react';
import type { Collection, DocumentRecord } from '../../api';
import { isWorking, plural } from '../../lib/documents';
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

function describe(c: Counts | undefined, collection: Collection): string {
  if (!c) return collection.documentCount ? plural(collection.documentCount, 'document') : 'No documents yet';
  const parts = [plural(c.total, 'document')];
  if (c.working) parts.push(`${c.working} indexing`);
  if (c.failed) parts.push(`${c.failed} failed`);
  return parts.join(' · ');
}

/** The left column of Documents: every collection, and a new one. */
export function CollectionList() {
  const collections = useDocuments((s) => s.collections);
  const documents = useDocuments((s) => s.documents);
  const current = useDocuments((s) => selectedCollection(s)?.id ?? null);
  const [creating, setCreating] = useState(false);
  const counts = useMemo(() => countByCollection(documents), [documents]);

  return (
    <aside className="collection-list" aria-label="Collections">
      <div className="collection-list__top">
        <h1 className="collection-list__title">Documents</h1>
        <button
          type="button"
          className="button button--small"
          onClick={() => setCreating((v) => !v)}
          aria-expanded={creating}
        >
          <PlusIcon size={13} />
          New collection
        </button>
      </div>
      {creating ? (
        <div className="collection-list__create">
          <CreateCollection onCreated={() => setCreating(false)} onCancel={() => setCreating(false)} />
        </div>
      ) : null}
      <p className="collection-list__label">Collections</p>
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
