import { useTranslation } from 'react-i18next';
import { fitSummary } from '../../lib/fit';
import type { CatalogItem, DownloadRecord } from '../../api';
import { useBridge } from '../../bridge';
import { formatBytes } from '../../lib/format';
import { downloadActions, downloadFor, refreshCatalog, useCatalog } from '../../store/catalog';
import { Badge, FitBadge } from '../Badge/Badge';
import { DownloadControls } from '../Download/DownloadControls';
import { Notice } from '../Notice/Notice';
import './Catalog.css';

/** Models Cellar knows how to download, each file with its fit on this machine. */
export function Catalog() {
  const bridge = useBridge();
  const status = useCatalog((s) => s.status);
  const items = useCatalog((s) => s.items);
  const error = useCatalog((s) => s.error);
  const downloads = useCatalog((s) => s.downloads);
  const active = downloads.filter((d) => d.state !== 'done');
  const { t } = useTranslation();

  if (status === 'loading') return <p className="catalog__muted">{t('catalog.reading')}</p>;
  if (status === 'unavailable') {
    return (
      <Notice tone="info" testId="catalog-unavailable">
        {t('catalog.unavailable')}
      </Notice>
    );
  }
  if (status === 'failed') {
    return (
      <Notice
        title={t('catalog.couldNotRead')}
        error={error}
        action={
          <button type="button" className="button button--small" onClick={() => void refreshCatalog(bridge)}>
            {t('common.retry')}
          </button>
        }
      />
    );
  }
  return (
    <div className="catalog" data-testid="catalog">
      {active.length ? (
        <div className="catalog__downloads" data-testid="downloads">
          <h3 className="catalog__subtitle">{t('catalog.downloads')}</h3>
          {active.map((d) => (
            <DownloadControls key={d.id} download={d} showName />
          ))}
        </div>
      ) : null}
      {items.map((item) => (
        <CatalogCard key={item.id} item={item} downloads={downloads} />
      ))}
    </div>
  );
}

function CatalogCard({ item, downloads }: { item: CatalogItem; downloads: DownloadRecord[] }) {
  const bridge = useBridge();
  const error = useCatalog((s) => s.actionErrors[item.id]);
  const offline = useCatalog((s) => s.offline);
  const { t } = useTranslation();
  return (
    <article className="catalog-card" data-testid="catalog-item" aria-label={item.name}>
      <header className="catalog-card__header">
        <h3 className="catalog-card__name">{item.name}</h3>
        <div className="catalog-card__badges">
          {item.recommended ? <Badge tone="accent">{t('catalog.recommended')}</Badge> : null}
          <Badge>{item.kind === 'chat' ? t('catalog.kindChat') : t('catalog.kindEmbedding')}</Badge>
        </div>
      </header>
      <p className="catalog-card__meta">
        {item.publisher} · {t('catalog.parameters', { n: item.parameters })} ·{' '}
        {t('catalog.license', { license: item.license })}
      </p>
      <p className="catalog-card__description">{item.description}</p>
      <table className="catalog-card__files">
        <thead>
          <tr>
            <th scope="col">{t('catalog.file')}</th>
            <th scope="col">{t('catalog.size')}</th>
            <th scope="col">{t('catalog.onThisComputer')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('catalog.action')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {item.files.map((file, index) => {
            const fit = item.fits[index];
            const download = downloadFor(downloads, item.id, file.quantization);
            return (
              <tr key={file.quantization}>
                <td className="catalog-card__quant">{file.quantization}</td>
                <td>{formatBytes(file.sizeBytes)}</td>
                <td className="catalog-card__fit">
                  {fit ? (
                    <>
                      <FitBadge fit={fit} />
                      <span className="catalog-card__fit-summary">{fitSummary(fit)}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="catalog-card__action">
                  {download && download.state !== 'failed' ? (
                    <span className="catalog__muted">
                      {download.state === 'done' ? t('catalog.inLibrary') : t('catalog.seeDownloads')}
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="button button--small"
                      disabled={offline === true}
                      title={offline ? t('catalog.offlineOn') : undefined}
                      onClick={() => void downloadActions.start(bridge, item.id, file.quantization)}
                    >
                      {t('catalog.download')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error ? <Notice title={t('catalog.couldNotDownload')} error={error} /> : null}
    </article>
  );
}
