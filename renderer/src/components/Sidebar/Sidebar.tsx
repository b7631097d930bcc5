import type { ComponentType } from 'react';
import { useEngineStatus, type EngineState } from '../../store/engineStatus';
import { useNavigation, VIEW_TITLES, type ViewId } from '../../store/navigation';
import { ChatIcon, DocumentIcon, LogoMark, ModelIcon, ShieldIcon, SystemIcon } from '../Icons/Icons';
import './Sidebar.css';

const NAV: Array<{ id: ViewId; Icon: ComponentType<{ size?: number }> }> = [
  { id: 'chats', Icon: ChatIcon },
  { id: 'documents', Icon: DocumentIcon },
  { id: 'models', Icon: ModelIcon },
  { id: 'privacy', Icon: ShieldIcon },
  { id: 'system', Icon: SystemIcon },
];

const STATUS_LABELS: Record<EngineState, string> = {
  connecting: 'Connecting to engine…',
  starting: 'Engine starting…',
  ready: 'Engine ready',
  crashed: 'Engine restarting…',
  restarting: 'Engine restarting…',
  failed: 'Engine stopped',
};

export function Sidebar() {
  const view = useNavigation((s) => s.view);
  const go = useNavigation((s) => s.go);

  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <LogoMark size={22} />
        <span className="sidebar__name">Cellar</span>
      </div>

      <nav className="sidebar__nav" aria-label="Main">
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
                {VIEW_TITLES[id]}
              </button>
            </li>
          ))}
        </ul>
      </nav>

      <EngineStatusIndicator />
    </aside>
  );
}

function EngineStatusIndicator() {
  const state = useEngineStatus((s) => s.state);
  const message = useEngineStatus((s) => s.message);
  const go = useNavigation((s) => s.go);
  const label = STATUS_LABELS[state];

  return (
    <button
      type="button"
      className="sidebar__status"
      data-testid="engine-status"
      data-state={state}
      title={message ? `${label} ${message}` : `${label}. Open System for details.`}
      onClick={() => go('system')}
    >
      <span className={`status-dot status-dot--${state}`} aria-hidden="true" />
      <span role="status">{label}</span>
    </button>
  );
}
