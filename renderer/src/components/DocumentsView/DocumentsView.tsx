import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import type { Collection } from '../../api';
import { useBridge } from '../../bridge';
import { refreshDocuments, documentsOf, selectedCollection, useDocuments } from '../../store/documents';
import { AddDocuments } from '../AddDocuments/AddDocuments';
import { BatchAnnouncer, BatchProgress } from '../BatchProgress/BatchProgress';
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
  const { t } = useTranslation();

  if (error && !collections) {
    return (
      <div className="documents-view documents-view--message">
        <Notice
          title={t('documents.couldNotRead')}
          error={error}
          action={
            <button type="button" className="button button--small" onClick={() => void refreshDocuments(bridge)}>
              {t('common.retry')}
            </button>
          }
        />
      </div>
    );
  }

  if (!collections) {
    return (
      <div className="documents-view documents-view--message" aria-busy="true">
        <p className="documents-view__muted">{t('documents.reading')}</p>
      </div>
    );
  }

  if (!collections.length || !selected) {
    return (
      <div className="documents-view documents-view--empty">
        <EmptyState icon={<DocumentIcon size={24} />} title={t('collections.noDocuments')}>
          <p>{t('documents.emptyBody')}</p>
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
  const { t } = useTranslation();

  return (
    <section className="documents-view__detail" aria-label={collection.name} data-testid="collection-detail">
      <div className="documents-view__content">
        <CollectionHeader collection={collection} documents={documents} />
        <AddDocuments collection={collection} />
        <BatchAnnouncer batch={batch ?? null} />
        {batch && (batch.state === 'running' || documents.length) ? <BatchProgress batch={batch} /> : null}
        {anyReady ? <CollectionSearch collection={collection} /> : null}
        {documentsError ? <Notice title={t('documents.couldNotReadDocs')} error={documentsError} /> : null}
        {documents.length ? (
          <DocumentTable documents={documents} collectionName={collection.name} />
        ) : (
          <p className="documents-view__none">{t('documents.none', { name: collection.name })}</p>
        )}
      </div>
    </section>
  );
}
