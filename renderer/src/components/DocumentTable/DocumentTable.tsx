import { Trans, useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { memo, useCallback, useRef, useState } from 'react';
import type { DocumentRecord } from '../../api';
import { useBridge } from '../../bridge';
import { formatCount } from '../../lib/format';
import { kindLabel } from '../../lib/documents';
import { documentActions } from '../../store/documents';
import { openSource } from '../../store/source';
import { DocumentProblem, DocumentStatus } from '../DocumentStatus/DocumentStatus';
import { AlertIcon, TrashIcon } from '../Icons/Icons';
import { useWindowedRows } from '../../lib/useWindowedRows';
import './DocumentTable.css';

/** Every document of a collection: what it is, how far indexing got, and what to do when it failed. */
export function DocumentTable({ documents, collectionName }: { documents: DocumentRecord[]; collectionName: string }) {
  const body = useRef<HTMLDivElement>(null);
  const { t } = useTranslation();
  const keys = documents.map((d) => d.id);
  const rows = useWindowedRows(keys, body);

  return (
    <div
      className="document-table"
      role="table"
      aria-label={t('table.label', { name: collectionName })}
      aria-rowcount={documents.length + 1}
      data-testid="document-table"
    >
      <div className="document-table__head" role="row" aria-rowindex={1}>
        <span role="columnheader">{t('table.name')}</span>
        <span role="columnheader">{t('table.type')}</span>
        <span role="columnheader" className="document-table__num">
          {t('table.pages')}
        </span>
        <span role="columnheader" className="document-table__num" title={t('table.chunksTitle')}>
          {t('table.chunks')}
        </span>
        <span role="columnheader" className="document-table__num" title={t('table.ocrTitle')}>
          {t('table.ocr')}
        </span>
        <span role="columnheader">{t('table.status')}</span>
        <span role="columnheader">
          <span className="visually-hidden">{t('table.actions')}</span>
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

/** Name, type, pages, chunks, OCR, status, actions. */
const COLUMNS = 7;

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
  const { t } = useTranslation();
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
    // The cells are one row; warnings, problems and the remove question sit in a row of their own below,
    // as one cell across every column (a list or a form directly in a row is not allowed).
    <div
      className="document-row"
      ref={measureRef}
      data-testid="document-row"
      data-name={doc.name}
      data-status={doc.status}
    >
      <div className="document-row__cells" role="row" aria-rowindex={rowIndex}>
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
            aria-label={t('table.removeNamed', { name: doc.name })}
            title={t('common.remove')}
            onClick={() => setConfirming(true)}
            disabled={confirming}
          >
            <TrashIcon size={14} />
          </button>
        </span>
      </div>
      {doc.warnings.length || doc.status === 'failed' || doc.status === 'skipped' || confirming ? (
        <div role="row">
          <div className="document-row__detail" role="cell" aria-colspan={COLUMNS}>
            {doc.warnings.length ? (
              <ul
                className="document-row__warnings"
                aria-label={t('table.warnings', { count: doc.warnings.length, n: formatNumber(doc.warnings.length) })}
              >
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
              <div
                className="document-row__confirm"
                role="alertdialog"
                aria-label={t('table.removeNamed', { name: doc.name })}
              >
                <p>
                  <Trans
                    i18nKey="table.removeQuestion"
                    values={{ name: doc.name, collection: collectionName }}
                    components={{ b: <strong /> }}
                  />
                </p>
                <div className="document-row__confirm-actions">
                  <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
                    {t('common.cancel')}
                  </button>
                  <button
                    type="button"
                    className="button button--small button--danger"
                    onClick={() => {
                      setConfirming(false);
                      void documentActions.remove(bridge, doc.id);
                    }}
                  >
                    {t('common.remove')}
                  </button>
                </div>
              </div>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
});
