import { useTranslation } from 'react-i18next';
import { useBridge } from '../../bridge';
import { threadTitle } from '../../lib/engineText';
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
  const { t } = useTranslation();

  if (!currentId) return <NewChatStart />;

  if (viewError) {
    return (
      <section className="chat-pane chat-pane--message">
        <Notice
          title={t('chat.couldNotOpen')}
          error={viewError}
          action={
            <>
              <button type="button" className="button button--small" onClick={() => void openThread(bridge, currentId)}>
                {t('common.retry')}
              </button>
              <button type="button" className="button button--small" onClick={() => void openThread(bridge, null)}>
                {t('common.close')}
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
        <p className="chat-pane__muted">{t('chat.opening')}</p>
      </section>
    );
  }

  return (
    <section className="chat-pane" aria-label={threadTitle(view.thread.title)} data-testid="chat-pane">
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
  const { t } = useTranslation();

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
        <h2 className="chat-pane__start-title">{t('chat.startTitle')}</h2>
        <p className="chat-pane__muted">{label ? t('chat.startBodyNamed', { model: label }) : t('chat.startBody')}</p>
      </div>
      <Composer threadId={null} onSend={send} />
    </section>
  );
}
