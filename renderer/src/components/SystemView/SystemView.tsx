import { useEffect, useState, type ReactNode } from 'react';
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

  const refresh = (
    <button type="button" className="button" onClick={reload} disabled={loading}>
      {loading && info ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon size={14} />}
      {loading && info ? 'Refreshing…' : 'Refresh'}
    </button>
  );

  return (
    <>
      <ViewHeader
        title="System"
        description="What Cellar found on this computer, and how its engine is running."
        actions={info ? refresh : null}
      />
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

function Section({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
  const id = `system-${title.toLowerCase().replace(/\W+/g, '-')}`;
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
  return (
    <span className="usage">
      <span data-testid={testId}>{formatFreeOf(free, total)}</span>
      <meter className="usage__meter" min={0} max={1} value={usedFraction(free, total)} aria-label={`${what} in use`} />
    </span>
  );
}

/* ---------- the data ---------- */

function SystemDetails({ info, fetchedAt }: { info: SystemInfo; fetchedAt: number }) {
  const onGpu = info.backend !== 'cpu';
  const restarts = useEngineStatus((s) => s.restarts);

  return (
    <div className="system-grid">
      <Section title="Compute">
        <Row label="Backend" hint={!onGpu && info.cpuReason ? info.cpuReason : undefined}>
          <span data-testid="backend">{backendName(info.backend)}</span>
        </Row>
        <Row label={info.gpuNames.length > 1 ? 'GPUs' : 'GPU'}>
          {info.gpuNames.length ? (
            <span data-testid="gpu-names">{info.gpuNames.join(', ')}</span>
          ) : (
            <span className="muted" data-testid="gpu-names">
              {onGpu ? 'Not reported' : 'Not used'}
            </span>
          )}
        </Row>
        <Row label="Video memory">
          {info.vramBytes !== null && info.vramFreeBytes !== null ? (
            <Usage free={info.vramFreeBytes} total={info.vramBytes} testId="vram" what="Video memory" />
          ) : (
            <span className="muted" data-testid="vram">
              {onGpu ? '—, not reported' : '—, CPU only'}
            </span>
          )}
        </Row>
        <Row label="Default threads" hint="Never more than the CPU cores.">
          <span data-testid="default-threads">{info.defaultThreads}</span>
        </Row>
      </Section>

      <Section title="This computer">
        <Row label="Processor">
          <span data-testid="cpu-model">{info.cpuModel || 'Unknown'}</span>
        </Row>
        <Row label="CPU cores">
          <span data-testid="cpu-cores">{info.cpuCores}</span>
        </Row>
        <Row label="Memory">
          <Usage free={info.ramFreeBytes} total={info.ramBytes} testId="ram" what="Memory" />
        </Row>
        <Row label="Platform">
          <span data-testid="platform">{formatPlatform(info.platform, info.arch)}</span>
        </Row>
      </Section>

      <Section title="Your data" wide>
        <Row label="Data directory" hint="Chats, documents, search indexes and imported models are kept here.">
          <span className="data-dir">
            <code className="data-dir__path" data-testid="data-dir">
              {info.dataDir}
            </code>
            <CopyButton text={info.dataDir} label="Copy" />
          </span>
        </Row>
        <Row label="Database schema">
          <span data-testid="schema-version">Version {info.schemaVersion}</span>
        </Row>
      </Section>

      <Section title="Versions">
        <Row label="Cellar">
          <span data-testid="app-version">{info.appVersion}</span>
        </Row>
        <Row label="Engine">
          <span data-testid="engine-version">{info.engineVersion}</span>
        </Row>
        <Row label="llama.cpp">
          <span data-testid="llama-version">{info.llamaCppVersion}</span>
        </Row>
        <Row label="Node.js">
          <span data-testid="node-version">{info.nodeVersion}</span>
        </Row>
      </Section>

      <Section title="Engine process">
        <Row label="Process ID">
          <span data-testid="engine-pid">{info.pid}</span>
        </Row>
        <Row label="Uptime">
          <Uptime uptimeMs={info.uptimeMs} fetchedAt={fetchedAt} />
        </Row>
        <Row label="Restarts">
          <span data-testid="engine-restarts">{restarts === 0 ? 'None this session' : restarts}</span>
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

const SKELETON: Array<{ title: string; wide?: boolean; labels: string[] }> = [
  { title: 'Compute', labels: ['Backend', 'GPU', 'Video memory', 'Default threads'] },
  { title: 'This computer', labels: ['Processor', 'CPU cores', 'Memory', 'Platform'] },
  { title: 'Your data', wide: true, labels: ['Data directory', 'Database schema'] },
  { title: 'Versions', labels: ['Cellar', 'Engine', 'llama.cpp', 'Node.js'] },
  { title: 'Engine process', labels: ['Process ID', 'Uptime', 'Restarts'] },
];

function LoadingDetails() {
  const engineState = useEngineStatus((s) => s.state);
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), 3000);
    return () => clearTimeout(timer);
  }, []);

  const waitingFor = engineState === 'ready' ? 'Waiting for the engine to answer…' : 'Waiting for the engine to start…';

  return (
    <div data-testid="system-loading">
      <p className={slow ? 'system-wait' : 'visually-hidden'} role="status">
        {slow ? <span className="spinner" aria-hidden="true" /> : null}
        {slow ? waitingFor : 'Reading system information…'}
      </p>
      <div className="system-grid">
        {SKELETON.map((section) => (
          <Section key={section.title} title={section.title} wide={section.wide}>
            {section.labels.map((label, i) => (
              <Row key={label} label={label}>
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
  return (
    <div className="system-error" role="alert" data-testid="system-error">
      <div className="system-error__icon">
        <AlertIcon size={20} />
      </div>
      <h2 className="system-error__title">Could not read system information</h2>
      {error.summary ? <p className="system-error__summary">{error.summary}</p> : null}
      <ErrorDetail error={error} />
      <button type="button" className="button button--primary" onClick={onRetry} disabled={loading}>
        {loading ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon size={14} />}
        {loading ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  );
}

function StaleNotice({ error, loading, onRetry }: { error: DisplayError; loading: boolean; onRetry(): void }) {
  return (
    <div className="system-stale" role="alert" data-testid="system-error">
      <AlertIcon size={16} className="system-stale__icon" />
      <div className="system-stale__text">
        <p>
          <strong>Could not refresh.</strong> {error.summary ? `${error.summary} ` : ''}The details below are from the
          last successful read.
        </p>
        <ErrorDetail error={error} />
      </div>
      <button type="button" className="button button--small" onClick={onRetry} disabled={loading}>
        {loading ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  );
}
