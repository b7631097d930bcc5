import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChats } from '../../store/chats';

type Phase = 'idle' | 'pending' | 'writing' | 'complete' | 'stopped' | 'failed';

/**
 * Tells screen readers, politely, how an answer is getting on: preparing, being written, and how it ended.
 * The streamed words themselves are not read out as they arrive.
 */
export function AnswerAnnouncer() {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>('idle');

  useEffect(() => {
    // The answer that just ended; its final status arrives just after the streaming mark clears.
    let ending: string | null = null;
    return useChats.subscribe((state, previous) => {
      if (state.streaming && state.streaming.messageId !== previous.streaming?.messageId) {
        ending = null;
        setPhase('writing');
        return;
      }
      if (state.pending !== null && previous.pending === null && !state.streaming) setPhase('pending');
      if (!state.streaming && previous.streaming) ending = previous.streaming.messageId;
      if (!ending) return;
      const id = ending;
      const status = state.view?.messages.find((m) => m.id === id)?.status;
      if (!status || status === 'streaming') return;
      ending = null;
      setPhase(
        status === 'stopped' ? 'stopped' : status === 'failed' || status === 'interrupted' ? 'failed' : 'complete',
      );
    });
  }, []);

  const text = phase === 'idle' ? '' : t(`access.answer.${phase}`);
  return (
    <div className="visually-hidden" role="status" data-testid="answer-announcer">
      {text}
    </div>
  );
}
