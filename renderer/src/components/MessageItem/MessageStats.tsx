import type { Message } from '../../api';
import { formatCount, formatMs } from '../../lib/format';

/** Which model wrote the answer, and how fast: time to first token, tokens per second, token counts. */
export function MessageStats({ message }: { message: Message }) {
  const { stats } = message;
  if (!stats && !message.modelLabel) return null;
  return (
    <p className="message__stats" data-testid="message-stats">
      {message.modelLabel ? <span>{message.modelLabel}</span> : null}
      {stats ? (
        <>
          <span title="Time to first token">first token {formatMs(stats.ttftMs)}</span>
          <span data-testid="tokens-per-second">{stats.tokensPerSecond.toFixed(1)} tok/s</span>
          <span title="Prompt tokens + completion tokens">
            {formatCount(stats.promptTokens)} + {formatCount(stats.completionTokens)} tokens
          </span>
        </>
      ) : null}
    </p>
  );
}
