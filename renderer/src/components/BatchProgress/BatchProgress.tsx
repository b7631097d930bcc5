import { useTranslation } from 'react-i18next';
import type { IngestBatch } from '../../api';
import { useBridge } from '../../bridge';
import { batchFinished, batchFraction } from '../../lib/documents';
import { formatNumber as formatN } from '../../lib/format';
import { cancelIndexing } from '../../store/documents';
import { CheckIcon } from '../Icons/Icons';
import { ProgressBar } from '../ProgressBar/ProgressBar';
import './BatchProgress.css';

function useOutcome(batch: IngestBatch | null): string {
  const { t } = useTranslation();
  if (!batch) return '';
  return [
    batch.done ? t('batch.ready', { n: formatN(batch.done) }) : null,
    batch.failed ? t('batch.failed', { n: formatN(batch.failed) }) : null,
    batch.skipped ? t('batch.skipped', { n: formatN(batch.skipped) }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The batch's progress for screen readers, politely: always in the page (a live region must be there before
 * it changes), off screen, so it takes no room beside the visible progress.
 */
export function BatchAnnouncer({ batch }: { batch: IngestBatch | null }) {
  const { t } = useTranslation();
  const outcome = useOutcome(batch);
  let text = '';
  if (batch?.state === 'running') {
    const n = formatN(batch.total);
    text = [t('batch.indexing', { count: batch.total, n, done: formatN(batchFinished(batch)) }), outcome]
      .filter(Boolean)
      .join('. ');
  } else if (batch) {
    text = `${batch.state === 'cancelled' ? t('batch.cancelled') : t('batch.finished')} ${outcome}`.trim();
  }
  return (
    <p className="visually-hidden" role="status" data-testid="batch-announcer">
      {text}
    </p>
  );
}

/** How far the newest batch of files has got, with Cancel while it runs. */
export function BatchProgress({ batch }: { batch: IngestBatch }) {
  const bridge = useBridge();
  const finished = batchFinished(batch);
  const { t } = useTranslation();
  const outcome = useOutcome(batch);

  if (batch.state === 'running') {
    return (
      <div className="batch-progress" data-testid="batch-progress" data-state={batch.state}>
        <ProgressBar
          value={batchFraction(batch)}
          label={t('batch.indexing', { count: batch.total, n: formatN(batch.total), done: formatN(finished) })}
          detail={outcome || undefined}
        />
        <button
          type="button"
          className="button button--small"
          onClick={() => void cancelIndexing(bridge, batch.collectionId)}
        >
          {t('common.cancel')}
        </button>
      </div>
    );
  }

  return (
    <p className="batch-progress__summary" data-testid="batch-progress" data-state={batch.state}>
      {batch.state === 'cancelled' ? null : <CheckIcon size={14} />}
      {batch.state === 'cancelled' ? t('batch.cancelled') : t('batch.finished')}{' '}
      {outcome || t('batch.lookedAt', { count: batch.total, n: formatN(batch.total) })}
    </p>
  );
}
