import { useTranslation } from 'react-i18next';
import type { CellarBridge, LedgerEntry } from '../../api';
import { blockedLine, formatDateTime, ledgerHeadline, processLabel, sentence } from '../../lib/trust';
import { Badge } from '../Badge/Badge';
import { RefreshIcon, ShieldCheckIcon, ShieldIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';
import { OfflineSwitch } from '../OfflineSwitch/OfflineSwitch';
import { useEngineRead } from './useEngineRead';

/** The window the headline counts over. */
export const LEDGER_DAYS = 14;
const LEDGER_LIMIT = 200;

const readLedger = (bridge: CellarBridge) =>
  bridge.call('privacy.ledger', { sinceDays: LEDGER_DAYS, limit: LEDGER_LIMIT });

export function NetworkActivity() {
  const { data, error, loading, reload } = useEngineRead(readLedger);
  const quiet = data !== null && data.allowed === 0;
  const { t } = useTranslation();

  return (
    <div className="privacy-stack">
      <section
        className="privacy-card privacy-summary"
        aria-label={t('privacy.tabs.network')}
        data-testid="ledger-summary"
      >
        <div className="privacy-summary__main">
          <div className={quiet ? 'privacy-summary__icon privacy-summary__icon--ok' : 'privacy-summary__icon'}>
            {quiet ? <ShieldCheckIcon size={22} /> : <ShieldIcon size={22} />}
          </div>
          <div className="privacy-summary__text">
            {data ? (
              <>
                <h2 className="privacy-summary__headline" data-testid="ledger-headline">
                  {ledgerHeadline(data)}
                </h2>
                <p className="privacy-summary__blocked" data-testid="ledger-blocked">
                  {blockedLine(data.blocked)}
                </p>
              </>
            ) : (
              <>
                <h2 className="privacy-summary__headline privacy-summary__headline--waiting">
                  {error ? t('privacy.ledger.unreadable') : t('privacy.ledger.reading')}
                </h2>
                <p className="privacy-summary__blocked">&nbsp;</p>
              </>
            )}
          </div>
        </div>
        <p className="privacy-summary__explain">{t('privacy.ledger.explain')}</p>
        <div className="privacy-summary__switch">
          <OfflineSwitch />
        </div>
      </section>

      <section className="privacy-section" aria-labelledby="ledger-title">
        <div className="privacy-section__head">
          <h2 className="privacy-section__title" id="ledger-title">
            {t('privacy.ledger.recent')}
          </h2>
          <button type="button" className="button button--small" onClick={reload} disabled={loading}>
            {loading && data ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon size={13} />}
            {t('common.refresh')}
          </button>
        </div>
        {error ? (
          <Notice
            title={t('privacy.ledger.couldNotRead')}
            error={error}
            action={
              <button type="button" className="button button--small" onClick={reload} disabled={loading}>
                {t('common.retry')}
              </button>
            }
          />
        ) : null}
        {data ? (
          data.entries.length ? (
            <LedgerTable entries={data.entries} />
          ) : (
            <LedgerEmpty />
          )
        ) : !error ? (
          <div className="privacy-card privacy-card--placeholder" aria-busy="true">
            <p className="privacy-muted">{t('privacy.reading')}</p>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function LedgerEmpty() {
  const { t } = useTranslation();
  return (
    <div className="privacy-card privacy-empty" data-testid="ledger-empty">
      <ShieldCheckIcon size={20} className="privacy-empty__icon" />
      <div>
        <p className="privacy-empty__title">{t('privacy.ledger.emptyTitle')}</p>
        <p className="privacy-empty__body">{t('privacy.ledger.emptyBody')}</p>
      </div>
    </div>
  );
}

function LedgerTable({ entries }: { entries: LedgerEntry[] }) {
  const { t } = useTranslation();
  return (
    <div className="privacy-card privacy-table-wrap">
      <table className="privacy-table privacy-table--ledger" data-testid="ledger-table">
        <thead>
          <tr>
            <th scope="col">{t('privacy.ledger.col.time')}</th>
            <th scope="col">{t('privacy.ledger.col.process')}</th>
            <th scope="col">{t('privacy.ledger.col.host')}</th>
            <th scope="col">{t('privacy.ledger.col.purpose')}</th>
            <th scope="col">{t('privacy.ledger.col.result')}</th>
            <th scope="col">{t('privacy.ledger.col.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="ledger-row">
              <td className="privacy-table__time">{formatDateTime(entry.at)}</td>
              <td>{processLabel(entry.process)}</td>
              <td>
                <code className="privacy-table__host">{entry.host}</code>
              </td>
              <td>{sentence(entry.purpose)}</td>
              <td>
                {entry.allowed ? (
                  <Badge tone="accent" testId="ledger-result">
                    {t('privacy.ledger.allowed')}
                  </Badge>
                ) : (
                  <Badge tone="warn" testId="ledger-result">
                    {t('privacy.ledger.blocked')}
                  </Badge>
                )}
              </td>
              <td className="privacy-table__secondary">{sentence(entry.reason)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
