import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemInfo } from '../../api';
import type { DisplayError } from '../../lib/errors';
import { backendName, formatDuration, formatFreeOf, formatPlatform, usedFraction } from '../../lib/format';
import { useEngineStatus } from '../../store/engineStatus';
import { CopyButton } from '../CopyButton/CopyButton';
import { DeleteEverything } from '../DeleteEverything/DeleteEverything';
import { AlertIcon, RefreshIcon } from '../Icons/Icons';
import { ViewHeader } from '../ViewHeader/ViewHeader';
import { useSystemInfo } from './useSystemInfo';
import './SystemView.css';

export function SystemView() {
  const { info, fetchedAt, error, loading, reload } = useSystemInfo();
  const { t } = useTranslation();

  const refresh = (
    <button type="button" className="button" onClick={reload} disabled={loading}>
      {loading && info ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon size={14} />}
      {loading && info ? t('common.refreshing') : t('common.refresh')}
    </button>
  );

  return (
    <>
      <ViewHeader title={t('system.title')} description={t('system.description')} actions={info ? refresh : null} />
      <div className="system-view" aria-busy={loading}>
        {info && fetchedAt !== null ? (
          <>
            {error ? <StaleNotice error={error} loading={loading} onRetry={reload} /> : null}
            <SystemDetails info={info} fetchedAt={fetchedAt} />
          </>
        ) : error ? (
          <ErrorPanel error={error} loading={loading} onRetry={reload} />
        ) : (
          <LoadingDetails />
        )}
        <DeleteEverything />
      </div>
    </>
  );
}

/* ---------- layout pieces ---------- */

type SectionId = 'compute' | 'computer' | 'data' | 'versions' | 'process';

function Section({ section, wide, children }: { section: SectionId; wide?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const id = `system-${section}`;
  const title = t(`system.section.${section}`);
  return (
    <section className={wide ? 'system-section system-section--wide' : 'system-section'} aria-labelledby={id}>
      <h2 className="system-section__title" id={id}>
        {title}
      </h2>
      <dl className="system-card">{children}</dl>
    </section>
  );
}

function Row({ label, hint, children }: { label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="system-row">
      <dt className="system-row__label">{label}</dt>
      <dd className="system-row__value">
        {children}
        {hint ? <span className="system-row__hint">{hint}</span> : null}
      </dd>
    </div>
  );
}

function Usage({ free, total, testId, what }: { free: number; total: number; testId: string; what: string }) {
  const { t } = useTranslation();
  return (
    <span className="usage">
      <span data-testid={testId}>{formatFreeOf(free, total)}</span>
      <meter
        className="usage__meter"
        min={0}
        max={1}
        value={usedFraction(free, total)}
        aria-label={t('system.inUse', { what })}
      />
    </span>
  );
}

/* ---------- the data ---------- */

function SystemDetails({ info, fetchedAt }: { info: SystemInfo; fetchedAt: number }) {
  const onGpu = info.backend !== 'cpu';
  const restarts = useEngineStatus((s) => s.restarts);
  const { t } = useTranslation();

  return (
    <div className="system-grid">
      <Section section="compute">
        <Row label={t('system.row.backend')} hint={!onGpu && info.cpuReason ? info.cpuReason : undefined}>
          <span data-testid="backend">{backendName(info.backend)}</span>
        </Row>
        <Row label={info.gpuNames.length > 1 ? t('system.row.gpus') : t('system.row.gpu')}>
          {info.gpuNames.length ? (
            <span data-testid="gpu-names">{info.gpuNames.join(', ')}</span>
          ) : (
            <span className="muted" data-testid="gpu-names">
              {onGpu ? t('system.notReported') : t('system.notUsed')}
            </span>
          )}
        </Row>
        <Row label={t('system.row.vram')}>
          {info.vramBytes !== null && info.vramFreeBytes !== null ? (
            <Usage free={info.vramFreeBytes} total={info.vramBytes} testId="vram" what={t('system.row.vram')} />
          ) : (
            <span className="muted" data-testid="vram">
              {onGpu ? t('system.vramNotReported') : t('system.vramCpuOnly')}
            </span>
          )}
        </Row>
        <Row label={t('system.row.threads')} hint={t('system.threadsHint')}>
          <span data-testid="default-threads">{info.defaultThreads}</span>
        </Row>
      </Section>

      <Section section="computer">
        <Row label={t('system.row.processor')}>
          <span data-testid="cpu-model">{info.cpuModel || t('common.unknown')}</span>
        </Row>
        <Row label={t('system.row.cores')}>
          <span data-testid="cpu-cores">{info.cpuCores}</span>
        </Row>
        <Row label={t('system.row.memory')}>
          <Usage free={info.ramFreeBytes} total={info.ramBytes} testId="ram" what={t('system.row.memory')} />
        </Row>
        <Row label={t('system.row.platform')}>
          <span data-testid="platform">{formatPlatform(info.platform, info.arch)}</span>
        </Row>
      </Section>

      <Section section="data" wide>
        <Row label={t('system.row.dataDir')} hint={t('system.dataDirHint')}>
          <span className="data-dir">
            <code className="data-dir__path" data-testid="data-dir">
              {info.dataDir}
            </code>
            <CopyButton text={info.dataDir} label={t('common.copy')} />
          </span>
        </Row>
        <Row label={t('system.row.schema')}>
          <span data-testid="schema-version">{t('system.schemaVersion', { version: info.schemaVersion })}</span>
        </Row>
      </Section>

      <Section section="versions">
        <Row label="Cellar">
          <span data-testid="app-version">{info.appVersion}</span>
        </Row>
        <Row label={t('system.row.engine')}>
          <span data-testid="engine-version">{info.engineVersion}</span>
        </Row>
        <Row label="llama.cpp">
          <span data-testid="llama-version">{info.llamaCppVersion}</span>
        </Row>
        <Row label="Node.js">
          <span data-testid="node-version">{info.nodeVersion}</span>
        </Row>
      </Section>

      <Section section="process">
        <Row label={t('system.row.pid')}>
          <span data-testid="engine-pid">{info.pid}</span>
        </Row>
        <Row label={t('system.row.uptime')}>
          <Uptime uptimeMs={info.uptimeMs} fetchedAt={fetchedAt} />
        </Row>
        <Row label={t('system.row.restarts')}>
          <span data-testid="engine-restarts">{restarts === 0 ? t('system.noRestarts') : restarts}</span>
        </Row>
      </Section>
    </div>
  );
}

/** The engine's uptime, kept current between refreshes. */
function Uptime({ uptimeMs, fetchedAt }: { uptimeMs: number; fetchedAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span data-testid="engine-uptime">{formatDuration(uptimeMs + Math.max(0, now - fetchedAt))}</span>;
}

/* ---------- loading and errors ---------- */

type RowId = 'backend' | 'gpu' | 'vram' | 'threads' | 'processor' | 'cores' | 'memory' | 'platform' | 'dataDir';
type SkeletonRow = RowId | 'schema' | 'engine' | 'pid' | 'uptime' | 'restarts' | 'Cellar' | 'llama.cpp' | 'Node.js';

const SKELETON: Array<{ section: SectionId; wide?: boolean; rows: SkeletonRow[] }> = [
  { section: 'compute', rows: ['backend', 'gpu', 'vram', 'threads'] },
  { section: 'computer', rows: ['processor', 'cores', 'memory', 'platform'] },
  { section: 'data', wide: true, rows: ['dataDir', 'schema'] },
  { section: 'versions', rows: ['Cellar', 'engine', 'llama.cpp', 'Node.js'] },
  { section: 'process', rows: ['pid', 'uptime', 'restarts'] },
];

/** Product names stay as they are; the rest are translated labels. */
const PRODUCT_NAMES: ReadonlySet<string> = new Set(['Cellar', 'llama.cpp', 'Node.js']);

function LoadingDetails() {
  const engineState = useEngineStatus((s) => s.state);
  const [slow, setSlow] = useState(false);
  const { t } = useTranslation();
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), 3000);
    return () => clearTimeout(timer);
  }, []);

  const waitingFor = engineState === 'ready' ? t('system.waitingAnswer') : t('system.waitingStart');

  return (
    <div data-testid="system-loading">
      <p className={slow ? 'system-wait' : 'visually-hidden'} role="status">
        {slow ? <span className="spinner" aria-hidden="true" /> : null}
        {slow ? waitingFor : t('system.reading')}
      </p>
      <div className="system-grid">
        {SKELETON.map((section) => (
          <Section key={section.section} section={section.section} wide={section.wide}>
            {section.rows.map((row, i) => (
              <Row
                key={row}
                label={
                  PRODUCT_NAMES.has(row)
                    ? row
                    : t(`system.row.${row as Exclude<SkeletonRow, 'Cellar' | 'llama.cpp' | 'Node.js'>}`)
                }
              >
                <span className={`skeleton skeleton--${(i % 3) + 1}`} aria-hidden="true" />
              </Row>
            ))}
          </Section>
        ))}
      </div>
    </div>
  );
}

function ErrorDetail({ error }: { error: DisplayError }) {
  return (
    <p className="error-detail">
      <code className="error-detail__code" data-testid="error-code">
        {error.code}
      </code>
      <span data-testid="error-message">{error.message}</span>
    </p>
  );
}

function ErrorPanel({ error, loading, onRetry }: { error: DisplayError; loading: boolean; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <div className="system-error" role="alert" data-testid="system-error">
      <div className="system-error__icon">
        <AlertIcon size={20} />
      </div>
      <h2 className="system-error__title">{t('system.couldNotRead')}</h2>
      {error.summary ? <p className="system-error__summary">{error.summary}</p> : null}
      <ErrorDetail error={error} />
      <button type="button" className="button button--primary" onClick={onRetry} disabled={loading}>
        {loading ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon size={14} />}
        {loading ? t('common.retrying') : t('common.retry')}
      </button>
    </div>
  );
}

function StaleNotice({ error, loading, onRetry }: { error: DisplayError; loading: boolean; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <div className="system-stale" role="alert" data-testid="system-error">
      <AlertIcon size={16} className="system-stale__icon" />
      <div className="system-stale__text">
        <p>
          <strong>{t('system.couldNotRefresh')}</strong> {error.summary ? `${error.summary} ` : ''}
          {t('system.staleNote')}
        </p>
        <ErrorDetail error={error} />
      </div>
      <button type="button" className="button button--small" onClick={onRetry} disabled={loading}>
        {loading ? t('common.retrying') : t('common.retry')}
      </button>
    </div>
  );
}
