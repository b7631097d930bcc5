import { useMemo } from 'react';
import type { Collection } from '../../api';
import { useBridge } from '../../bridge';
import { refreshDocuments, documentsOf, selectedCollection, useDocuments } from '../../store/documents';
import { AddDocuments } from '../AddDocuments/AddDocuments';
import { BatchProgress } from '../BatchProgress/BatchProgress';
import { CollectionList } from '../CollectionList/CollectionList';
import { CollectionSearch } from '../CollectionSearch/CollectionSearch';
import { CreateCollection } from '../CreateCollection/CreateCollection';
import { DocumentTable } from '../DocumentTable/DocumentTable';
import { EmptyState } from '../EmptyState/EmptyState';
import { DocumentIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';
import { CollectionHeader } from './CollectionHeader';
import './DocumentsView.css';

export function DocumentsView() {
  const bridge = useBridge();
  const collections = useDocuments((s) => s.collections);
  const error = useDocuments((s) => s.collectionsError);
  const selected = useDocuments(selectedCollection);
  const notice = useDocuments((s) => s.notice);

  if (error && !collections) {
    return (
      <div className="documents-view documents-view--message">
        <Notice
          title="Could not read your collections"
          error={error}
          action={
            <button type="button" className="button button--small" onClick={() => void refreshDocuments(bridge)}>
              Retry
            </button>
          }
        />
      </div>
    );
  }

  if (!collections) {
    return (
      <div className="documents-view documents-view--message" aria-busy="true">
        <p className="documents-view__muted">Reading your collections…</p>
      </div>
    );
  }

  if (!collections.length || !selected) {
    return (
      <div className="documents-view documents-view--empty">
        <EmptyState icon={<DocumentIcon size={24} />} title="No documents yet">
          <p>
            Put documents in a collection, such as “Contracts” or “Patient letters”. Cellar reads and indexes them on
            this computer, and chats that answer from the collection cite the document and page of every claim.
          </p>
        </EmptyState>
        <div className="documents-view__first">
          {notice ? (
            <Notice tone="info" testId="documents-notice">
              {notice}
            </Notice>
          ) : null}
          <CreateCollection />
        </div>
      </div>
    );
  }

  return (
    <div className="documents-view">
      <CollectionList />
      <CollectionDetail key={selected.id} collection={selected} />
    </div>
  );
}

function CollectionDetail({ collection }: { collection: Collection }) {
  const all = useDocuments((s) => s.documents);
  const documentsError = useDocuments((s) => s.documentsError);
  const batch = useDocuments((s) => s.batches[collection.id] ?? null);
  const documents = useMemo(() => documentsOf(all, collection.id), [all, collection.id]);
  const anyReady = documents.some((d) => d.status === 'ready');

  return (
    <section className="documents-view__detail" aria-label={collection.name} data-testid="collection-detail">
      <div className="documents-view__content">
        <CollectionHeader collection={collection} documents={documents} />
        <AddDocuments collection={collection} />
        {batch && (batch.state === 'running' || documents.length) ? <BatchProgress batch={batch} /> : null}
        {anyReady ? <CollectionSearch collection={collection} /> : null}
        {documentsError ? <Notice title="Could not read the documents" error={documentsError} /> : null}
        {documents.length ? (
          <DocumentTable documents={documents} collectionName={collection.name} />
        ) : (
          <p className="documents-view__none">
            No documents in {collection.name} yet. Add files or folders above; they are indexed one after another.
          </p>
        )}
      </div>
    </section>
  );
}
