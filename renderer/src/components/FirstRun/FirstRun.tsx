import { useTranslation } from 'react-i18next';
import { DownloadIcon, FileIcon, LogoMark } from '../Icons/Icons';
import { ImportPanel } from '../ImportPanel/ImportPanel';
import { RecommendedDownload } from './RecommendedDownload';
import './FirstRun.css';

/**
 * Shown instead of the chat while the library is empty (and inline when a
 * send finds no model): the two ways to get a model, side by side.
 */
export function FirstRun({ inline = false }: { inline?: boolean }) {
  const { t } = useTranslation();
  return (
    <section
      className={inline ? 'first-run first-run--inline' : 'first-run'}
      data-testid="first-run"
      aria-labelledby="first-run-title"
    >
      {inline ? null : (
        <div className="first-run__intro">
          <LogoMark size={40} />
          <h1 className="first-run__title" id="first-run-title">
            {t('firstRun.welcome')}
          </h1>
          <p className="first-run__lead">{t('firstRun.lead')}</p>
        </div>
      )}
      {inline ? (
        <h2 className="first-run__inline-title" id="first-run-title">
          {t('firstRun.inlineTitle')}
        </h2>
      ) : null}
      <div className="first-run__options">
        <div className="first-run__card">
          <h2 className="first-run__card-title">
            <DownloadIcon size={16} /> {t('firstRun.download')}
          </h2>
          <RecommendedDownload />
        </div>
        <div className="first-run__card">
          <h2 className="first-run__card-title">
            <FileIcon size={16} /> {t('models.importTitle')}
          </h2>
          <ImportPanel />
        </div>
      </div>
    </section>
  );
}
