import { useTranslation } from 'react-i18next';
import type { DownloadRecord } from '../../api';
import { useBridge } from '../../bridge';
import { formatBytesOf, formatPercent } from '../../lib/format';
import { downloadActions } from '../../store/catalog';
import { ProgressBar } from '../ProgressBar/ProgressBar';
import './Download.css';

/** Each state's line is under `download.state.<state>` in the messages. */
type State = DownloadRecord['state'];

/** One download: its progress and Pause / Resume / Cancel. */
export function DownloadControls({ download, showName = false }: { download: DownloadRecord; showName?: boolean }) {
  const bridge = useBridge();
  const state: State = download.state;
  const { t } = useTranslation();
  const known = download.totalBytes > 0;
  return (
    <div className="download" data-testid="download" data-state={state}>
      {showName ? <p className="download__name">{download.fileName}</p> : null}
      {state === 'done' ? (
        <p className="download__done">{t('download.state.done')}</p>
      ) : (
        <ProgressBar
          value={known ? download.doneBytes / download.totalBytes : null}
          label={t(`download.state.${state}`)}
          detail={
            known
              ? `${formatBytesOf(download.doneBytes, download.totalBytes)} (${formatPercent(Math.floor((download.doneBytes / download.totalBytes) * 100) / 100)})`
              : undefined
          }
        />
      )}
      {state === 'failed' && download.error ? (
        <p className="download__error">
          {download.error} {t('download.checkConnection')}
        </p>
      ) : null}
      {state === 'done' ? null : (
        <div className="download__actions">
          {state === 'downloading' ? (
            <button
              type="button"
              className="button button--small"
              onClick={() => void downloadActions.pause(bridge, download)}
            >
              {t('download.pause')}
            </button>
          ) : null}
          {state === 'paused' || state === 'failed' ? (
            <button
              type="button"
              className="button button--small"
              onClick={() => void downloadActions.resume(bridge, download)}
            >
              {state === 'failed' ? t('common.tryAgain') : t('download.resume')}
            </button>
          ) : null}
          {state !== 'verifying' ? (
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => void downloadActions.cancel(bridge, download)}
            >
              {t('common.cancel')}
            </button>
          ) : null}
        </div>
      )}
    </div>
  );
}
