import { useTranslation } from 'react-i18next';
import type { IngestResult, SkipCode, SkippedEntry } from '../../api';
import { currentLanguage, t as translate } from '../../i18n';
import { dismissSkipped } from '../../store/documents';
import { Notice } from '../Notice/Notice';

const SKIP_CODES: readonly SkipCode[] = [
  'UNSUPPORTED',
  'NOT_FOUND',
  'BROKEN_LINK',
  'OUTSIDE_FOLDER',
  'LINK_TO_FOLDER',
  'DUPLICATE',
  'HIDDEN',
  'SPECIAL_FILE',
  'UNREADABLE',
];

/** Why a path was left out: the engine's words in English, the code's translation in other languages. */
function skipReason({ reason, code }: SkippedEntry): string {
  if (currentLanguage() === 'en' || !code || !SKIP_CODES.includes(code)) return reason;
  return translate(`skipReasons.${code}`);
}

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
        {skipped.map((entry) => (
          <li key={entry.path} data-testid="skipped-item">
            <span className="skipped-list__path">{entry.path}</span>
            <span className="skipped-list__reason">{skipReason(entry)}</span>
          </li>
        ))}
      </ul>
    </Notice>
  );
}
