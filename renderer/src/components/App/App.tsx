import { useEffect } from 'react';
import type { CellarBridge } from '../../api';
import { BridgeProvider } from '../../bridge';
import { followCatalog } from '../../store/catalog';
import { followChats } from '../../store/chats';
import { followDocuments } from '../../store/documents';
import { followEngineStatus } from '../../store/engineStatus';
import { followModels } from '../../store/models';
import { followRestarts, followWipes } from '../../store/restarts';
import { useNavigation, VIEW_TITLES, type ViewId } from '../../store/navigation';
import { ChatsView } from '../ChatsView/ChatsView';
import { DocumentsView } from '../DocumentsView/DocumentsView';
import { DropZone } from '../DropZone/DropZone';
import { EngineBanner } from '../EngineBanner/EngineBanner';
import { ModelsView } from '../ModelsView/ModelsView';
import { PrivacyView } from '../PrivacyView/PrivacyView';
import { Sidebar } from '../Sidebar/Sidebar';
import { SourceViewer } from '../SourceViewer/SourceViewer';
import { SystemView } from '../SystemView/SystemView';
import './App.css';

export function App({ bridge }: { bridge: CellarBridge }) {
  const view = useNavigation((s) => s.view);

  useEffect(() => followEngineStatus(bridge), [bridge]);
  useEffect(() => followModels(bridge), [bridge]);
  useEffect(() => followChats(bridge), [bridge]);
  useEffect(() => followDocuments(bridge), [bridge]);
  useEffect(() => followCatalog(bridge), [bridge]);
  useEffect(() => followRestarts(bridge), [bridge]);
  useEffect(() => followWipes(bridge), [bridge]);

  useEffect(() => {
    document.title = `${VIEW_TITLES[view]} – Cellar`;
  }, [view]);

  return (
    <BridgeProvider bridge={bridge}>
      <div className="app">
        <Sidebar />
        <main className="app__main">
          <EngineBanner />
          <CurrentView view={view} />
        </main>
        <SourceViewer />
        <DropZone />
      </div>
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
    default:
      return missingCase(view);
  }
}

function missingCase(value: never): never {
  throw new Error(`Unhandled view: ${String(value)}`);
}
