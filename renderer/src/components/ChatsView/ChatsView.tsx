import { useNavigation } from '../../store/navigation';
import { EmptyState } from '../EmptyState/EmptyState';
import { ArrowRightIcon, ChatIcon } from '../Icons/Icons';
import { ViewHeader } from '../ViewHeader/ViewHeader';

export function ChatsView() {
  const go = useNavigation((s) => s.go);
  return (
    <>
      <ViewHeader title="Chats" />
      <EmptyState
        icon={<ChatIcon size={24} />}
        title="No chats yet"
        action={
          <button type="button" className="button" onClick={() => go('models')}>
            Go to Models
            <ArrowRightIcon size={14} />
          </button>
        }
      >
        <p>
          Your conversations with a local model will be listed here, newest first. They are saved on this computer and
          never sent anywhere.
        </p>
        <p>A chat needs a model to answer, so start by adding one.</p>
      </EmptyState>
    </>
  );
}
