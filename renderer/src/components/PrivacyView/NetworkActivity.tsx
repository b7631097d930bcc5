import type { CellarBridge, LedgerEntry } from '../../api';
import { blockedLine, formatDateTime, ledgerHeadline, PROCESS_LABELS, sentence } from '../../lib/trust';
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

  return (
    <div className="privacy-stack">
      <section className="privacy-card privacy-summary" aria-label="Network activity" data-testid="ledger-summary">
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
                  {error ? 'The network ledger could not be read' : 'Reading the network ledger…'}
                </h2>
                <p className="privacy-summary__blocked">&nbsp;</p>
              </>
            )}
          </div>
        </div>
        <p className="privacy-summary__explain">
          Cellar goes online only for a model download you start. Every attempt to reach another computer, by the engine
          or by the window, is checked first and recorded here. Traffic between Cellar’s own parts stays on this
          computer and is not listed.
        </p>
        <div className="privacy-summary__switch">
          <OfflineSwitch />
        </div>
      </section>

      <section className="privacy-section" aria-labelledby="ledger-title">
        <div className="privacy-section__head">
          <h2 className="privacy-section__title" id="ledger-title">
            Recent attempts
          </h2>
          <button type="button" className="button button--small" onClick={reload} disabled={loading}>
            {loading && data ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon size={13} />}
            Refresh
          </button>
        </div>
        {error ? (
          <Notice
            title="Could not read the network ledger"
            error={error}
            action={
              <button type="button" className="button button--small" onClick={reload} disabled={loading}>
                Retry
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
            <p className="privacy-muted">Reading…</p>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function LedgerEmpty() {
  return (
    <div className="privacy-card privacy-empty" data-testid="ledger-empty">
      <ShieldCheckIcon size={20} className="privacy-empty__icon" />
      <div>
        <p className="privacy-empty__title">Nothing has tried to leave this computer</p>
        <p className="privacy-empty__body">
          Your documents, chats and models stay here. If you download a model, its connection will be listed here, and
          so will anything Cellar blocks.
        </p>
      </div>
    </div>
  );
}

function LedgerTable({ entries }: { entries: LedgerEntry[] }) {
  return (
    <div className="privacy-card privacy-table-wrap">
      <table className="privacy-table privacy-table--ledger" data-testid="ledger-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Process</th>
            <th scope="col">Host</th>
            <th scope="col">Purpose</th>
            <th scope="col">Result</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="ledger-row">
              <td className="privacy-table__time">{formatDateTime(entry.at)}</td>
              <td>{PROCESS_LABELS[entry.process] ?? entry.process}</td>
              <td>
                <code className="privacy-table__host">{entry.host}</code>
              </td>
              <td>{sentence(entry.purpose)}</td>
              <td>
                {entry.allowed ? (
                  <Badge tone="accent" testId="ledger-result">
                    Allowed
                  </Badge>
                ) : (
                  <Badge tone="warn" testId="ledger-result">
                    Blocked
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
