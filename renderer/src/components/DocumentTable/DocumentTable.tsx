import { memo, useCallback, useRef, useState } from 'react';
import type { DocumentRecord } from '../../api';
import { useBridge } from '../../bridge';
import { formatCount } from '../../lib/format';
import { kindLabel, plural } from '../../lib/documents';
import { documentActions } from '../../store/documents';
import { openSource } from '../../store/source';
import { DocumentProblem, DocumentStatus } from '../DocumentStatus/DocumentStatus';
import { AlertIcon, TrashIcon } from '../Icons/Icons';
import { useWindowedRows } from '../../lib/useWindowedRows';
import './DocumentTable.css';

/** Every document of a collection: what it is, how far indexing got, and what to do when it failed. */
export function DocumentTable({ documents, collectionName }: { documents: DocumentRecord[]; collectionName: string }) {
  const body = useRef<HTMLDivElement>(null);
  const keys = documents.map((d) => d.id);
  const rows = useWindowedRows(keys, body);

  return (
    <div
      className="document-table"
      role="table"
      aria-label={`Documents in ${collectionName}`}
      aria-rowcount={documents.length + 1}
      data-testid="document-table"
    >
      <div className="document-table__head" role="row" aria-rowindex={1}>
        <span role="columnheader">Name</span>
        <span role="columnheader">Type</span>
        <span role="columnheader" className="document-table__num">
          Pages
        </span>
        <span role="columnheader" className="document-table__num" title="Chunks of text indexed for search">
          Chunks
        </span>
        <span role="columnheader" className="document-table__num" title="Pages read by text recognition (OCR)">
          OCR
        </span>
        <span role="columnheader">Status</span>
        <span role="columnheader">
          <span className="visually-hidden">Actions</span>
        </span>
      </div>
      <div ref={body} style={{ paddingTop: rows.padTop, paddingBottom: rows.padBottom }}>
        {documents.slice(rows.start, rows.end).map((doc, i) => (
          <DocumentRow
            key={doc.id}
            doc={doc}
            rowIndex={rows.start + i + 2}
            collectionName={collectionName}
            measure={rows.measure}
          />
        ))}
      </div>
    </div>
  );
}

function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : path;
}

const numeric = (n: number): string => (n > 0 ? formatCount(n) : '—');

/** One document; only a document whose record changed renders again. */
const DocumentRow = memo(function DocumentRow({
  doc,
  rowIndex,
  collectionName,
  measure,
}: {
  doc: DocumentRecord;
  rowIndex: number;
  collectionName: string;
  measure(key: string, el: HTMLElement | null): void;
}) {
  const bridge = useBridge();
  const measureRef = useCallback((el: HTMLElement | null) => measure(doc.id, el), [measure, doc.id]);
  const [confirming, setConfirming] = useState(false);
  const ready = doc.status === 'ready';

  const view = (): void =>
    openSource({
      documentId: doc.id,
      name: doc.name,
      kind: doc.kind,
      pageStart: 1,
      pageEnd: 1,
      text: '',
      n: null,
    });

  return (
    <div
      className="document-row"
      role="row"
      aria-rowindex={rowIndex}
      ref={measureRef}
      data-testid="document-row"
      data-name={doc.name}
      data-status={doc.status}
    >
      <div className="document-row__cells">
        <span role="cell" className="document-row__name-cell">
          {ready ? (
            <button
              type="button"
              className="document-row__name document-row__name--open"
              onClick={view}
              title={doc.path}
            >
              {doc.name}
            </button>
          ) : (
            <span className="document-row__name" title={doc.path}>
              {doc.name}
            </span>
          )}
          <span className="document-row__path">{folderOf(doc.path)}</span>
        </span>
        <span role="cell" className="document-row__kind">
          {kindLabel(doc.kind)}
        </span>
        <span role="cell" className="document-table__num" data-testid="document-pages">
          {numeric(doc.pages)}
        </span>
        <span role="cell" className="document-table__num" data-testid="document-chunks">
          {numeric(doc.chunks)}
        </span>
        <span role="cell" className="document-table__num">
          {numeric(doc.ocrPages)}
        </span>
        <span role="cell">
          <DocumentStatus doc={doc} />
        </span>
        <span role="cell" className="document-row__actions">
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${doc.name}`}
            title="Remove"
            onClick={() => setConfirming(true)}
            disabled={confirming}
          >
            <TrashIcon size={14} />
          </button>
        </span>
      </div>
      {doc.warnings.length || doc.status === 'failed' || doc.status === 'skipped' || confirming ? (
        <div className="document-row__detail">
          {doc.warnings.length ? (
            <ul className="document-row__warnings" aria-label={plural(doc.warnings.length, 'warning')}>
              {doc.warnings.map((warning, i) => (
                <li key={i}>
                  <AlertIcon size={13} />
                  {warning}
                </li>
              ))}
            </ul>
          ) : null}
          <DocumentProblem doc={doc} />
          {confirming ? (
            <div className="document-row__confirm" role="alertdialog" aria-label={`Remove ${doc.name}`}>
              <p>
                Remove <strong>{doc.name}</strong> from {collectionName}? Its indexed text and Cellar’s copy of the file
                are deleted. Your original file is not touched.
              </p>
              <div className="document-row__confirm-actions">
                <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
                <button
                  type="button"
                  className="button button--small button--danger"
                  onClick={() => {
                    setConfirming(false);
                    void documentActions.remove(bridge, doc.id);
                  }}
                >
                  Remove
                </button>
              </div>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
});
