import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, CellarBridge } from '../../api';
import { useBridge } from '../../bridge';
import { t as translate } from '../../i18n';
import { toDisplayError, type DisplayError } from '../../lib/errors';
import { saveTextFile, type SaveOutcome } from '../../lib/saveFile';
import { auditDetail, auditEventLabel, auditSubject, formatDateTime } from '../../lib/trust';
import { ExportIcon, ListIcon, RefreshIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';
import { useEngineRead } from './useEngineRead';

/** Entries read at a time. */
export const AUDIT_PAGE = 100;

interface OlderPages {
  /** The first page these follow. */
  after: AuditEntry[] | null;
  entries: AuditEntry[];
  done: boolean;
  loading: boolean;
  error: DisplayError | null;
}

const NO_OLDER: OlderPages = { after: null, entries: [], done: false, loading: false, error: null };

const readFirstPage = (bridge: CellarBridge) => bridge.call('audit.list', { limit: AUDIT_PAGE });

export function AuditLog() {
  const bridge = useBridge();
  const first = useEngineRead(readFirstPage);
  const { t } = useTranslation();
  // Older pages, read on demand, belong to the first page they followed: a fresh first page starts them over.
  const [olderPages, setOlderPages] = useState<OlderPages>(NO_OLDER);
  const older = olderPages.after === first.data ? olderPages : NO_OLDER;
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<SaveOutcome | null>(null);
  const [exportError, setExportError] = useState<DisplayError | null>(null);

  const entries = first.data ? [...first.data, ...older.entries] : null;
  const mayHaveMore = (first.data?.length ?? 0) === AUDIT_PAGE && !older.done;

  const loadOlder = async () => {
    const after = first.data;
    const last = entries?.at(-1);
    if (!after || !last) return;
    setOlderPages({ ...older, after, loading: true, error: null });
    try {
      const page = await bridge.call('audit.list', { limit: AUDIT_PAGE, beforeId: last.id });
      setOlderPages((o) =>
        o.after === after
          ? { ...o, entries: [...o.entries, ...page], done: page.length < AUDIT_PAGE, loading: false }
          : o,
      );
    } catch (error) {
      setOlderPages((o) => (o.after === after ? { ...o, loading: false, error: toDisplayError(error) } : o));
    }
  };

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    setExported(null);
    try {
      const { fileName, csv } = await bridge.call('audit.export');
      setExported(
        await saveTextFile(bridge, {
          defaultName: fileName,
          content: csv,
          filters: [{ name: t('privacy.audit.csvFilter'), extensions: ['csv'] }],
        }),
      );
      // The export is itself an audited event.
      first.reload();
    } catch (error) {
      setExportError(toDisplayError(error));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="privacy-stack">
      <section className="privacy-section" aria-labelledby="audit-title">
        <div className="privacy-section__head">
          <div>
            <h2 className="visually-hidden" id="audit-title">
              {t('privacy.tabs.audit')}
            </h2>
            <p className="privacy-section__lead">{t('privacy.audit.lead')}</p>
          </div>
          <div className="privacy-section__actions">
            <button
              type="button"
              className="button button--small"
              onClick={first.reload}
              disabled={first.loading}
              aria-label={t('privacy.audit.refresh')}
            >
              {first.loading && first.data ? (
                <span className="spinner" aria-hidden="true" />
              ) : (
                <RefreshIcon size={13} />
              )}
              {t('common.refresh')}
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => void exportCsv()}
              disabled={exporting}
            >
              {exporting ? <span className="spinner" aria-hidden="true" /> : <ExportIcon size={13} />}
              {t('privacy.audit.exportCsv')}
            </button>
          </div>
        </div>
        <p className="privacy-export-status" role="status" data-testid="export-status">
          {exported ? exportMessage(exported) : ''}
        </p>
        {exportError ? <Notice title={t('privacy.audit.couldNotExport')} error={exportError} /> : null}
        {first.error ? (
          <Notice
            title={t('privacy.audit.couldNotRead')}
            error={first.error}
            action={
              <button type="button" className="button button--small" onClick={first.reload} disabled={first.loading}>
                {t('common.retry')}
              </button>
            }
          />
        ) : null}
        {entries ? (
          entries.length ? (
            <AuditTable entries={entries} />
          ) : (
            <div className="privacy-card privacy-empty" data-testid="audit-empty">
              <ListIcon size={20} className="privacy-empty__icon" />
              <div>
                <p className="privacy-empty__title">{t('privacy.audit.emptyTitle')}</p>
                <p className="privacy-empty__body">{t('privacy.audit.emptyBody')}</p>
              </div>
            </div>
          )
        ) : !first.error ? (
          <div className="privacy-card privacy-card--placeholder" aria-busy="true">
            <p className="privacy-muted">{t('privacy.reading')}</p>
          </div>
        ) : null}
        {older.error ? <Notice title={t('privacy.audit.couldNotReadOlder')} error={older.error} /> : null}
        {entries && mayHaveMore ? (
          <div className="privacy-more">
            <button
              type="button"
              className="button button--small"
              onClick={() => void loadOlder()}
              disabled={older.loading}
            >
              {older.loading ? <span className="spinner" aria-hidden="true" /> : null}
              {t('privacy.audit.showOlder')}
            </button>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function exportMessage(outcome: SaveOutcome): string {
  switch (outcome.kind) {
    case 'saved':
      return translate('privacy.audit.savedTo', { path: outcome.path });
    case 'downloaded':
      return translate('privacy.audit.savedAs', { name: outcome.name });
    case 'cancelled':
      return '';
  }
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t } = useTranslation();
  return (
    <div className="privacy-card privacy-table-wrap">
      <table className="privacy-table privacy-table--audit" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{t('privacy.ledger.col.time')}</th>
            <th scope="col">{t('privacy.audit.col.event')}</th>
            <th scope="col">{t('privacy.audit.col.subject')}</th>
            <th scope="col">{t('privacy.audit.col.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row" data-event={entry.event}>
              <td className="privacy-table__time">{formatDateTime(entry.at)}</td>
              <td className="privacy-table__event">{auditEventLabel(entry.event)}</td>
              <td className="privacy-table__subject">{auditSubject(entry)}</td>
              <td className="privacy-table__secondary" data-testid="audit-detail">
                <AuditDetailText entry={entry} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuditDetailText({ entry }: { entry: AuditEntry }) {
  const { change, note } = auditDetail(entry);
  const { t } = useTranslation();
  if (change) {
    return (
      <span className="audit-change">
        <span className="audit-change__from">{change.from ?? '—'}</span>
        <span className="audit-change__arrow" aria-hidden="true">
          →
        </span>
        <span className="visually-hidden"> {t('privacy.audit.changedTo')} </span>
        <span className="audit-change__to">{change.to ?? '—'}</span>
      </span>
    );
  }
  return note ? <>{note}</> : <span className="privacy-muted">—</span>;
}
