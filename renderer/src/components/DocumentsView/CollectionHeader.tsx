import { Trans, useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { useState } from 'react';
import type { Collection, DocumentRecord } from '../../api';
import { useBridge } from '../../bridge';
import type { DisplayError } from '../../lib/errors';
import { deleteCollection, renameCollection } from '../../store/documents';
import { ConfirmButton } from '../ConfirmButton/ConfirmButton';
import { PencilIcon, TrashIcon } from '../Icons/Icons';
import { InlineEdit } from '../InlineEdit/InlineEdit';
import { Notice } from '../Notice/Notice';

/** The collection's name (rename in place), what indexes it, and Delete, which says what goes with it. */
export function CollectionHeader({ collection, documents }: { collection: Collection; documents: DocumentRecord[] }) {
  const bridge = useBridge();
  const [renaming, setRenaming] = useState(false);
  const [error, setError] = useState<{ action: string; error: DisplayError } | null>(null);
  const chunks = documents.reduce((sum, d) => sum + d.chunks, 0);
  const count = documents.length;
  const { t } = useTranslation();

  const question = (
    <>
      <Trans
        i18nKey="collectionHeader.deleteQuestion"
        values={{ name: collection.name }}
        components={{ b: <strong /> }}
      />{' '}
      {count > 0
        ? t('collectionHeader.deleteDocuments', { count, n: formatNumber(count) })
        : t('collectionHeader.deleteEmpty')}{' '}
      {t('collectionHeader.deleteKeeps')}
    </>
  );

  return (
    <header className="collection-header">
      <div className="collection-header__row">
        {renaming ? (
          <div className="collection-header__rename">
            <InlineEdit
              value={collection.name}
              label={t('createCollection.name')}
              onCancel={() => setRenaming(false)}
              onSave={(name) => {
                setRenaming(false);
                void renameCollection(bridge, collection.id, name).then(
                  (e) => e && setError({ action: 'rename', error: e }),
                );
              }}
            />
          </div>
        ) : (
          <h2 className="collection-header__title">{collection.name}</h2>
        )}
        <div className="collection-header__actions">
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => setRenaming(true)}
            disabled={renaming}
          >
            <PencilIcon size={13} />
            {t('common.rename')}
          </button>
          <ConfirmButton
            className="button button--small button--quiet"
            question={question}
            confirmLabel={t('collectionHeader.deleteCollection')}
            onConfirm={() =>
              void deleteCollection(bridge, collection.id).then((e) => e && setError({ action: 'delete', error: e }))
            }
          >
            <TrashIcon size={13} />
            {t('common.delete')}
          </ConfirmButton>
        </div>
      </div>
      <p className="collection-header__meta">
        <Trans
          i18nKey="collectionHeader.meta"
          values={{
            documents: t('collections.documents', { count, n: formatNumber(count) }),
            chunks: t('collectionHeader.chunks', { count: chunks, n: formatNumber(chunks) }),
            model: collection.embeddingModelLabel,
          }}
          components={{ model: <span className="collection-header__model" /> }}
        />
      </p>
      {error ? (
        <Notice
          title={
            error.action === 'rename' ? t('collectionHeader.couldNotRename') : t('collectionHeader.couldNotDelete')
          }
          error={error.error}
          action={
            <button type="button" className="button button--small" onClick={() => setError(null)}>
              {t('common.dismiss')}
            </button>
          }
        />
      ) : null}
    </header>
  );
}
