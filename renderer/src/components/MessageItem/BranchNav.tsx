import { useTranslation } from 'react-i18next';
import type { Message } from '../../api';
import { useBridge } from '../../bridge';
import { chatActions, useChats } from '../../store/chats';
import { ChevronLeftIcon, ChevronRightIcon } from '../Icons/Icons';

/** "‹ 2 / 3 ›": step between the versions of a question or an answer. */
export function BranchNav({ message }: { message: Message }) {
  const bridge = useBridge();
  const busy = useChats((s) => s.streaming !== null || s.pending !== null);
  const { t } = useTranslation();
  if (message.branchCount <= 1) return null;
  const index = message.branchIndex; // 1-based
  const go = (to: number): void => {
    const id = message.siblingIds[to - 1];
    if (id) void chatActions.selectBranch(bridge, message.threadId, id);
  };
  return (
    <span className="branch-nav" data-testid="branch-nav">
      <button
        type="button"
        className="icon-button"
        aria-label={t('message.previousVersion')}
        onClick={() => go(index - 1)}
        disabled={busy || index <= 1}
      >
        <ChevronLeftIcon size={14} />
      </button>
      <span className="branch-nav__count">
        {index} / {message.branchCount}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label={t('message.nextVersion')}
        onClick={() => go(index + 1)}
        disabled={busy || index >= message.branchCount}
      >
        <ChevronRightIcon size={14} />
      </button>
    </span>
  );
}
