import type { IngestBatch } from '../../api';
import { useBridge } from '../../bridge';
import { batchFinished, batchFraction, plural } from '../../lib/documents';
import { cancelIndexing } from '../../store/documents';
import { CheckIcon } from '../Icons/Icons';
import { ProgressBar } from '../ProgressBar/ProgressBar';
import './BatchProgress.css';

/** How far the newest batch of files has got, with Cancel while it runs. */
export function BatchProgress({ batch }: { batch: IngestBatch }) {
  const bridge = useBridge();
  const finished = batchFinished(batch);
  const outcome = [
    batch.done ? `${formatN(batch.done)} ready` : null,
    batch.failed ? `${formatN(batch.failed)} failed` : null,
    batch.skipped ? `${formatN(batch.skipped)} skipped` : null,
  ]
    .filter(Boolean)
    .join(' · ');

  if (batch.state === 'running') {
    return (
      <div className="batch-progress" data-testid="batch-progress" data-state={batch.state}>
        <ProgressBar
          value={batchFraction(batch)}
          label={`Indexing ${plural(batch.total, 'file')}: ${formatN(finished)} of ${formatN(batch.total)} done`}
          detail={outcome || undefined}
        />
        <button
          type="button"
          className="button button--small"
          onClick={() => void cancelIndexing(bridge, batch.collectionId)}
        >
          Cancel
        </button>
      </div>
    );
  }

  return (
    <p className="batch-progress__summary" data-testid="batch-progress" data-state={batch.state}>
      {batch.state === 'cancelled' ? null : <CheckIcon size={14} />}
      {batch.state === 'cancelled' ? 'Indexing was cancelled. ' : 'Indexing finished. '}
      {outcome || `${plural(batch.total, 'file')} looked at.`}
    </p>
  );
}

const formatN = (n: number): string => n.toLocaleString('en-US');
