import { useId, useState, type KeyboardEvent } from 'react';
import { ViewHeader } from '../ViewHeader/ViewHeader';
import { AuditLog } from './AuditLog';
import { NetworkActivity } from './NetworkActivity';
import './PrivacyView.css';

type Tab = 'network' | 'audit';

const TABS: Array<{ id: Tab; label: string }> = [
  { id: 'network', label: 'Network activity' },
  { id: 'audit', label: 'Audit log' },
];

/** What left this computer (nothing, unless you downloaded a model), and what changed in the library. */
export function PrivacyView() {
  const [tab, setTab] = useState<Tab>('network');
  const base = useId();
  const tabId = (id: Tab) => `${base}-tab-${id}`;
  const panelId = (id: Tab) => `${base}-panel-${id}`;

  // Arrow keys move between tabs, as in any tab list.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const index = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next.id);
    document.getElementById(tabId(next.id))?.focus();
  };

  return (
    <>
      <ViewHeader
        title="Privacy"
        description="What has left this computer, what was stopped, and a record of every change to your library."
      />
      <div className="privacy-view">
        <div className="privacy-tabs" role="tablist" aria-label="Privacy" onKeyDown={onKeyDown}>
          {TABS.map((t) => (
            <button
              key={t.id}
              id={tabId(t.id)}
              type="button"
              role="tab"
              className="privacy-tabs__tab"
              aria-selected={tab === t.id}
              aria-controls={panelId(t.id)}
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div id={panelId(tab)} role="tabpanel" aria-labelledby={tabId(tab)} className="privacy-view__panel">
          {tab === 'network' ? <NetworkActivity /> : <AuditLog />}
        </div>
      </div>
    </>
  );
}
