import { useBridge } from '../../bridge';
import { chatActions, createThread, openThread, useChats } from '../../store/chats';
import { modelLabel, preferredModelId, useModels } from '../../store/models';
import { Composer } from '../Composer/Composer';
import { FirstRun } from '../FirstRun/FirstRun';
import { ChatIcon } from '../Icons/Icons';
import { MessageList } from '../MessageList/MessageList';
import { Notice } from '../Notice/Notice';
import { ThreadHeader } from '../ThreadHeader/ThreadHeader';
import './ChatPane.css';

/** The open chat: its header, its messages, and the composer. */
export function ChatPane() {
  const bridge = useBridge();
  const currentId = useChats((s) => s.currentId);
  const view = useChats((s) => s.view);
  const viewError = useChats((s) => s.viewError);

  if (!currentId) return <NewChatStart />;

  if (viewError) {
    return (
      <section className="chat-pane chat-pane--message">
        <Notice
          title="Could not open this chat"
          error={viewError}
          action={
            <>
              <button type="button" className="button button--small" onClick={() => void openThread(bridge, currentId)}>
                Retry
              </button>
              <button type="button" className="button button--small" onClick={() => void openThread(bridge, null)}>
                Close
              </button>
            </>
          }
        />
      </section>
    );
  }

  if (!view || view.thread.id !== currentId) {
    return (
      <section className="chat-pane chat-pane--message" aria-busy="true">
        <p className="chat-pane__muted">Opening the chat…</p>
      </section>
    );
  }

  return (
    <section className="chat-pane" aria-label={view.thread.title} data-testid="chat-pane">
      <ThreadHeader thread={view.thread} />
      <MessageList threadId={view.thread.id} messages={view.messages} />
      <Composer threadId={view.thread.id} onSend={(text) => chatActions.send(bridge, view.thread.id, text)} />
    </section>
  );
}

/** No chat open: a quiet start page whose composer creates the chat on the first message. */
function NewChatStart() {
  const bridge = useBridge();
  const models = useModels((s) => s.models);
  const modelState = useModels((s) => s.modelState);
  const label = modelLabel(models, preferredModelId(models, modelState));

  if (models?.length === 0) {
    return (
      <section className="chat-pane chat-pane--scroll">
        <FirstRun />
      </section>
    );
  }

  const send = async (text: string): Promise<boolean> => {
    const { models: current, modelState } = useModels.getState();
    const thread = await createThread(bridge, preferredModelId(current, modelState));
    return thread ? chatActions.send(bridge, thread.id, text) : false;
  };

  return (
    <section className="chat-pane" data-testid="new-chat">
      <div className="chat-pane__start">
        <div className="chat-pane__start-icon">
          <ChatIcon size={22} />
        </div>
        <h2 className="chat-pane__start-title">Start a new chat</h2>
        <p className="chat-pane__muted">
          Ask anything. {label ?? 'The model'} answers on this computer, and the chat is saved here only.
        </p>
      </div>
      <Composer threadId={null} onSend={send} />
    </section>
  );
}
