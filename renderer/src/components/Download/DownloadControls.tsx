import type { DownloadRecord } from '../../api';
import { useBridge } from '../../bridge';
import { formatBytesOf } from '../../lib/format';
import { downloadActions } from '../../store/catalog';
import { ProgressBar } from '../ProgressBar/ProgressBar';
import './Download.css';

const STATES: Record<DownloadRecord['state'], string> = {
  downloading: 'Downloading…',
  paused: 'Paused',
  verifying: 'Verifying the checksum…',
  done: 'Downloaded and added to the library',
  failed: 'Download failed',
};

/** One download: its progress and Pause / Resume / Cancel. */
export function DownloadControls({ download, showName = false }: { download: DownloadRecord; showName?: boolean }) {
  const bridge = useBridge();
  const { state } = download;
  const known = download.totalBytes > 0;
  return (
    <div className="download" data-testid="download" data-state={state}>
      {showName ? <p className="download__name">{download.fileName}</p> : null}
      {state === 'done' ? (
        <p className="download__done">{STATES.done}</p>
      ) : (
        <ProgressBar
          value={known ? download.doneBytes / download.totalBytes : null}
          label={STATES[state]}
          detail={
            known
              ? `${formatBytesOf(download.doneBytes, download.totalBytes)} (${Math.floor((download.doneBytes / download.totalBytes) * 100)}%)`
              : undefined
          }
        />
      )}
      {state === 'failed' && download.error ? (
        <p className="download__error">{download.error} Check the internet connection, then try again.</p>
      ) : null}
      {state === 'done' ? null : (
        <div className="download__actions">
          {state === 'downloading' ? (
            <button
              type="button"
              className="button button--small"
              onClick={() => void downloadActions.pause(bridge, download)}
            >
              Pause
            </button>
          ) : null}
          {state === 'paused' || state === 'failed' ? (
            <button
              type="button"
              className="button button--small"
              onClick={() => void downloadActions.resume(bridge, download)}
            >
              {state === 'failed' ? 'Try again' : 'Resume'}
            </button>
          ) : null}
          {state !== 'verifying' ? (
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => void downloadActions.cancel(bridge, download)}
            >
              Cancel
            </button>
          ) : null}
        </div>
      )}
    </div>
  );
}
