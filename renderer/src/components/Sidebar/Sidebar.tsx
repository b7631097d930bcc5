import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngineStatus, type EngineState } from '../../store/engineStatus';
import { useNavigation, viewTitle, type ViewId } from '../../store/navigation';
import { ChatIcon, DocumentIcon, LogoMark, ModelIcon, SettingsIcon, ShieldIcon, SystemIcon } from '../Icons/Icons';
import { openShortcutHelp } from '../ShortcutHelp/ShortcutHelp';
import './Sidebar.css';

const NAV: Array<{ id: ViewId; Icon: ComponentType<{ size?: number }> }> = [
  { id: 'chats', Icon: ChatIcon },
  { id: 'documents', Icon: DocumentIcon },
  { id: 'models', Icon: ModelIcon },
  { id: 'privacy', Icon: ShieldIcon },
  { id: 'system', Icon: SystemIcon },
  { id: 'settings', Icon: SettingsIcon },
];

export function Sidebar() {
  const view = useNavigation((s) => s.view);
  const go = useNavigation((s) => s.go);
  const { t } = useTranslation();

  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <LogoMark size={22} />
        <span className="sidebar__name">Cellar</span>
      </div>

      <nav className="sidebar__nav" aria-label={t('nav.main')}>
        <ul>
          {NAV.map(({ id, Icon }) => (
            <li key={id}>
              <button
                type="button"
                className="sidebar__link"
                aria-current={view === id ? 'page' : undefined}
                onClick={() => go(id)}
              >
                <Icon size={16} />
                {viewTitle(id)}
              </button>
            </li>
          ))}
        </ul>
      </nav>

      <div className="sidebar__footer">
        <EngineStatusIndicator />
        <button
          type="button"
          className="icon-button sidebar__shortcuts"
          aria-label={t('shortcuts.open')}
          title={t('shortcuts.open')}
          aria-haspopup="dialog"
          onClick={openShortcutHelp}
          data-testid="open-shortcuts"
        >
          <kbd aria-hidden="true">?</kbd>
        </button>
      </div>
    </aside>
  );
}

function EngineStatusIndicator() {
  const state = useEngineStatus((s) => s.state);
  const message = useEngineStatus((s) => s.message);
  const go = useNavigation((s) => s.go);
  const { t } = useTranslation();
  const label = t(`nav.status.${state}` as const satisfies `nav.status.${EngineState}`);

  return (
    <button
      type="button"
      className="sidebar__status"
      data-testid="engine-status"
      data-state={state}
      title={message ? `${label} ${message}` : t('nav.status.details', { label })}
      onClick={() => go('system')}
    >
      <span className={`status-dot status-dot--${state}`} aria-hidden="true" />
      <span role="status">{label}</span>
    </button>
  );
}
