import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ViewHeader } from '../ViewHeader/ViewHeader';
import { AuditLog } from './AuditLog';
import { NetworkActivity } from './NetworkActivity';
import './PrivacyView.css';

type Tab = 'network' | 'audit';

const TABS: Array<{ id: Tab }> = [{ id: 'network' }, { id: 'audit' }];

/** What left this computer (nothing, unless you downloaded a model), and what changed in the library. */
export function PrivacyView() {
  const [tab, setTab] = useState<Tab>('network');
  const { t } = useTranslation();
  const base = useId();
  const tabId = (id: Tab) => `${base}-tab-${id}`;
  const panelId = (id: Tab) => `${base}-panel-${id}`;

  // Arrow keys move between tabs, as in any tab list.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const index = TABS.findIndex((item) => item.id === tab);
    const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next.id);
    document.getElementById(tabId(next.id))?.focus();
  };

  return (
    <>
      <ViewHeader title={t('privacy.title')} description={t('privacy.description')} />
      <div className="privacy-view">
        <div className="privacy-tabs" role="tablist" aria-label={t('privacy.title')} onKeyDown={onKeyDown}>
          {TABS.map((item) => (
            <button
              key={item.id}
              id={tabId(item.id)}
              type="button"
              role="tab"
              className="privacy-tabs__tab"
              aria-selected={tab === item.id}
              aria-controls={panelId(item.id)}
              tabIndex={tab === item.id ? 0 : -1}
              onClick={() => setTab(item.id)}
            >
              {t(`privacy.tabs.${item.id}`)}
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
