import { useTranslation } from 'react-i18next';
import { fitSummary } from '../../lib/fit';
import type { CatalogItem } from '../../api';
import { useBridge } from '../../bridge';
import { formatBytes } from '../../lib/format';
import { downloadActions, downloadFor, recommendedItem, useCatalog } from '../../store/catalog';
import { FitBadge } from '../Badge/Badge';
import { DownloadControls } from '../Download/DownloadControls';
import { Notice } from '../Notice/Notice';

const PREFERRED = 'Q4_K_M';

function preferredFile(item: CatalogItem): number {
  const index = item.files.findIndex((f) => f.quantization === PREFERRED);
  return index >= 0 ? index : 0;
}

/** The recommended chat model: what it is, whether it fits, and one button to get it. */
export function RecommendedDownload() {
  const bridge = useBridge();
  const status = useCatalog((s) => s.status);
  const items = useCatalog((s) => s.items);
  const downloads = useCatalog((s) => s.downloads);
  const offline = useCatalog((s) => s.offline);
  const errors = useCatalog((s) => s.actionErrors);
  const item = recommendedItem(items);
  const { t } = useTranslation();

  if (status === 'loading') return <p className="first-run__muted">{t('firstRun.readingCatalog')}</p>;
  if (status !== 'ready' || !item) {
    return (
      <Notice tone="info" testId="catalog-unavailable">
        {t('catalog.unavailable')}
      </Notice>
    );
  }

  const index = preferredFile(item);
  const file = item.files[index]!;
  const fit = item.fits[index];
  const download = downloadFor(downloads, item.id, file.quantization);
  const error = errors[item.id];
  const blocked = offline === true;

  return (
    <div className="first-run__download" data-testid="recommended">
      <div className="first-run__model">
        <p className="first-run__model-name">{item.name}</p>
        <p className="first-run__muted">
          {item.publisher} · {t('catalog.parameters', { n: item.parameters })} · {file.quantization},{' '}
          {formatBytes(file.sizeBytes)}
        </p>
      </div>
      {fit ? (
        <div className="first-run__fit">
          <FitBadge fit={fit} />
          <span className="first-run__muted">{fitSummary(fit)}</span>
        </div>
      ) : null}
      {blocked ? (
        <Notice tone="warn" title={t('catalog.offlineOn')} testId="offline-notice">
          {t('firstRun.offlineBody')}
        </Notice>
      ) : download && download.state !== 'failed' ? (
        <DownloadControls download={download} />
      ) : (
        <button
          type="button"
          className="button button--primary first-run__button"
          onClick={() => void downloadActions.start(bridge, item.id, file.quantization)}
        >
          {t('firstRun.downloadSize', { size: formatBytes(file.sizeBytes) })}
        </button>
      )}
      {download?.state === 'failed' && !blocked ? <DownloadControls download={download} /> : null}
      {error && !(blocked && error.code === 'OFFLINE') ? (
        <Notice title={t('catalog.couldNotDownload')} error={error} />
      ) : null}
    </div>
  );
}
