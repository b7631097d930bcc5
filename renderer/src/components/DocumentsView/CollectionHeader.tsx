import { useState } from 'react';
import type { Collection, DocumentRecord } from '../../api';
import { useBridge } from '../../bridge';
import { plural } from '../../lib/documents';
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

  const question = (
    <>
      Delete the collection <strong>{collection.name}</strong>?{' '}
      {count > 1
        ? `Its ${plural(count, 'document')}, their indexed text and search index, and Cellar’s copies of the files are removed.`
        : count === 1
          ? 'Its one document, its indexed text and search index, and Cellar’s copy of the file are removed.'
          : 'It has no documents; only the collection is removed.'}{' '}
      Your original files are not touched, and chats keep the answers they already have.
    </>
  );

  return (
    <header className="collection-header">
      <div className="collection-header__row">
        {renaming ? (
          <div className="collection-header__rename">
            <InlineEdit
              value={collection.name}
              label="Collection name"
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
            Rename
          </button>
          <ConfirmButton
            className="button button--small button--quiet"
            question={question}
            confirmLabel="Delete collection"
            onConfirm={() =>
              void deleteCollection(bridge, collection.id).then((e) => e && setError({ action: 'delete', error: e }))
            }
          >
            <TrashIcon size={13} />
            Delete
          </ConfirmButton>
        </div>
      </div>
      <p className="collection-header__meta">
        {plural(count, 'document')} · {plural(chunks, 'chunk')} · indexed with{' '}
        <span className="collection-header__model">{collection.embeddingModelLabel}</span>
      </p>
      {error ? (
        <Notice
          title={error.action === 'rename' ? 'Could not rename the collection' : 'Could not delete the collection'}
          error={error.error}
          action={
            <button type="button" className="button button--small" onClick={() => setError(null)}>
              Dismiss
            </button>
          }
        />
      ) : null}
    </header>
  );
}
