import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CellarBridge } from '../../api';
import { BridgeProvider } from '../../bridge';
import { followCatalog } from '../../store/catalog';
import { followChats } from '../../store/chats';
import { followDocuments } from '../../store/documents';
import { followEngineStatus } from '../../store/engineStatus';
import { followModels } from '../../store/models';
import { followRestarts, followWipes } from '../../store/restarts';
import { useNavigation, viewTitle, type ViewId } from '../../store/navigation';
import { ChatsView } from '../ChatsView/ChatsView';
import { DocumentsView } from '../DocumentsView/DocumentsView';
import { DropZone } from '../DropZone/DropZone';
import { EngineBanner } from '../EngineBanner/EngineBanner';
import { ModelsView } from '../ModelsView/ModelsView';
import { PrivacyView } from '../PrivacyView/PrivacyView';
import { SettingsView } from '../SettingsView/SettingsView';
import { ShortcutHelp, openShortcutHelp } from '../ShortcutHelp/ShortcutHelp';
import { Sidebar } from '../Sidebar/Sidebar';
import { SourceViewer } from '../SourceViewer/SourceViewer';
import { SystemView } from '../SystemView/SystemView';
import { AnswerAnnouncer } from './AnswerAnnouncer';
import { useShortcuts } from './useShortcuts';
import './App.css';

export function App({ bridge }: { bridge: CellarBridge }) {
  const view = useNavigation((s) => s.view);
  // Subscribing here re-renders the whole tree when the language changes.
  const { t, i18n } = useTranslation();
  const main = useRef<HTMLElement>(null);
  useShortcuts(bridge, openShortcutHelp);

  useEffect(() => followEngineStatus(bridge), [bridge]);
  useEffect(() => followModels(bridge), [bridge]);
  useEffect(() => followChats(bridge), [bridge]);
  useEffect(() => followDocuments(bridge), [bridge]);
  useEffect(() => followCatalog(bridge), [bridge]);
  useEffect(() => followRestarts(bridge), [bridge]);
  useEffect(() => followWipes(bridge), [bridge]);

  useEffect(() => {
    document.title = `${viewTitle(view)} – Cellar`;
  }, [view, i18n.language]);

  return (
    <BridgeProvider bridge={bridge}>
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        {t('access.skipToContent')}
      </a>
      <div className="app">
        <Sidebar />
        <main className="app__main" id="main" tabIndex={-1} ref={main}>
          <EngineBanner />
          <CurrentView view={view} />
        </main>
        <SourceViewer />
        <DropZone />
      </div>
      <ShortcutHelp />
      <AnswerAnnouncer />
    </BridgeProvider>
  );
}

function CurrentView({ view }: { view: ViewId }) {
  switch (view) {
    case 'chats':
      return <ChatsView />;
    case 'documents':
      return <DocumentsView />;
    case 'models':
      return <ModelsView />;
    case 'privacy':
      return <PrivacyView />;
    case 'system':
      return <SystemView />;
    case 'settings':
      return <SettingsView />;
    default:
      return missingCase(view);
  }
}

function missingCase(value: never): never {
  throw new Error(`Unhandled view: ${String(value)}`);
}
