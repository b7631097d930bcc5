import { useTranslation } from 'react-i18next';
import type { IngestBatch } from '../../api';
import { useBridge } from '../../bridge';
import { batchFinished, batchFraction } from '../../lib/documents';
import { formatNumber as formatN } from '../../lib/format';
import { cancelIndexing } from '../../store/documents';
import { CheckIcon } from '../Icons/Icons';
import { ProgressBar } from '../ProgressBar/ProgressBar';
import './BatchProgress.css';

/** How far the newest batch of files has got, with Cancel while it runs. */
export function BatchProgress({ batch }: { batch: IngestBatch }) {
  const bridge = useBridge();
  const finished = batchFinished(batch);
  const { t } = useTranslation();
  const outcome = [
    batch.done ? t('batch.ready', { n: formatN(batch.done) }) : null,
    batch.failed ? t('batch.failed', { n: formatN(batch.failed) }) : null,
    batch.skipped ? t('batch.skipped', { n: formatN(batch.skipped) }) : null,
  ]
    .filter(Boolean)
    .join(' · ');

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
