import { useTranslation } from 'react-i18next';
import type { IngestResult } from '../../api';
import { dismissSkipped } from '../../store/documents';
import { Notice } from '../Notice/Notice';

/** Paths the last add could not take, each with why. */
export function SkippedList({ collectionId, skipped }: { collectionId: string; skipped: IngestResult['skipped'] }) {
  const { t } = useTranslation();
  return (
    <Notice
      tone="warn"
      testId="skipped-list"
      title={t('addDocs.skipped', { count: skipped.length })}
      action={
        <button type="button" className="button button--small" onClick={() => dismissSkipped(collectionId)}>
          {t('common.dismiss')}
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
