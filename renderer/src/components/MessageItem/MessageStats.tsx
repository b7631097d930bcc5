import { useTranslation } from 'react-i18next';
import type { Message } from '../../api';
import { formatCount, formatMs, formatNumber } from '../../lib/format';

/** Which model wrote the answer, and how fast: time to first token, tokens per second, token counts. */
export function MessageStats({ message }: { message: Message }) {
  const { stats } = message;
  const { t } = useTranslation();
  if (!stats && !message.modelLabel) return null;
  return (
    <p className="message__stats" data-testid="message-stats">
      {message.modelLabel ? <span>{message.modelLabel}</span> : null}
      {stats ? (
        <>
          <span title={t('message.ttft')}>{t('message.firstToken', { time: formatMs(stats.ttftMs) })}</span>
          <span data-testid="tokens-per-second">
            {t('message.tokPerSec', { n: formatNumber(stats.tokensPerSecond, 1) })}
          </span>
          <span title={t('message.tokensTitle')}>
            {t('message.tokens', {
              prompt: formatCount(stats.promptTokens),
              completion: formatCount(stats.completionTokens),
            })}
          </span>
        </>
      ) : null}
    </p>
  );
}
