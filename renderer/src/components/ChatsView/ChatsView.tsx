import { useChats } from '../../store/chats';
import { useModels } from '../../store/models';
import { ChatPane } from '../ChatPane/ChatPane';
import { FirstRun } from '../FirstRun/FirstRun';
import { ThreadList } from '../ThreadList/ThreadList';
import './ChatsView.css';

export function ChatsView() {
  const models = useModels((s) => s.models);
  const threads = useChats((s) => s.threads);

  // The very first run: nothing to chat with and nothing to read, so the welcome takes the whole view.
  if (models?.length === 0 && threads?.length === 0) {
    return (
      <div className="chats-view chats-view--welcome">
        <FirstRun />
      </div>
    );
  }

  return (
    <div className="chats-view">
      <ThreadList />
      <ChatPane />
    </div>
  );
}
