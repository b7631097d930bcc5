import type { IngestResult } from '../../api';
import { plural } from '../../lib/documents';
import { dismissSkipped } from '../../store/documents';
import { Notice } from '../Notice/Notice';

/** Paths the last add could not take, each with why. */
export function SkippedList({ collectionId, skipped }: { collectionId: string; skipped: IngestResult['skipped'] }) {
  return (
    <Notice
      tone="warn"
      testId="skipped-list"
      title={`${plural(skipped.length, 'path was', 'paths were')} not added`}
      action={
        <button type="button" className="button button--small" onClick={() => dismissSkipped(collectionId)}>
          Dismiss
        </button>
      }
    >
      <ul className="skipped-list">
        {skipped.map(({ path, reason }) => (
          <li key={path} data-testid="skipped-item">
            <span className="skipped-list__path">{path}</span>
            <span className="skipped-list__reason">{reason}</span>
          </li>
        ))}
      </ul>
    </Notice>
  );
}
