import { useTranslation } from 'react-i18next';
import { currentLanguage, t as translate } from '../../i18n';
import { useId, useState, type FormEvent } from 'react';
import type { DocumentErrorCode, DocumentRecord } from '../../api';
import { useBridge } from '../../bridge';
import { needsPassword, statusInfo } from '../../lib/documents';
import { documentActions, useDocuments } from '../../store/documents';
import { Badge } from '../Badge/Badge';
import { LockIcon, RefreshIcon } from '../Icons/Icons';
import './DocumentStatus.css';

/** The status badge, with a thin bar and "Page 3 of 76" while the file is being worked on. */
export function DocumentStatus({ doc }: { doc: DocumentRecord }) {
  const info = statusInfo(doc);
  const working = doc.status === 'parsing' || doc.status === 'ocr' || doc.status === 'embedding';
  const { t } = useTranslation();
  return (
    <div className="document-status" data-testid="document-status" data-status={doc.status}>
      <Badge tone={info.tone} testId="status-badge">
        {working || doc.status === 'queued' ? <span className="badge__dot" aria-hidden="true" /> : null}
        {info.label}
      </Badge>
      {working ? (
        <div className="document-status__progress">
          {info.fraction === null ? (
            <progress
              className="document-status__bar"
              aria-label={t('docStatus.progress', { label: info.label, name: doc.name })}
            />
          ) : (
            <progress
              className="document-status__bar"
              max={1}
              value={info.fraction}
              aria-label={t('docStatus.progress', { label: info.label, name: doc.name })}
            />
          )}
          {info.detail ? <span className="document-status__detail">{info.detail}</span> : null}
        </div>
      ) : null}
    </div>
  );
}

const DOCUMENT_CODES: readonly DocumentErrorCode[] = [
  'UNSUPPORTED',
  'PASSWORD_REQUIRED',
  'WRONG_PASSWORD',
  'CORRUPT',
  'EMPTY',
  'TOO_LARGE',
  'TIMEOUT',
  'OCR_FAILED',
  'NOT_FOUND',
  'DISK_FULL',
  'CANCELLED',
  'INTERNAL',
];

/**
 * Why the file failed. English readers get the engine's own words (they name the page or the
 * format); other languages get the translation of the code, and the engine's words for a code
 * the renderer does not know.
 */
function problemText(doc: DocumentRecord): string {
  const code = doc.errorCode;
  const known = code && (DOCUMENT_CODES as readonly string[]).includes(code) ? code : null;
  if (doc.error && (currentLanguage() === 'en' || !known)) return doc.error;
  if (known) return translate(`docErrors.${known}`);
  return translate('docErrors.fallback');
}

/** Why a file failed, in the engine's words, and the way on: Retry, or a password to unlock it. */
export function DocumentProblem({ doc }: { doc: DocumentRecord }) {
  const bridge = useBridge();
  const actionError = useDocuments((s) => s.documentErrors[doc.id] ?? null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const ids = useId();
  const { t } = useTranslation();
  const locked = needsPassword(doc);

  if (doc.status !== 'failed' && doc.status !== 'skipped') return null;

  const retry = async (withPassword?: string): Promise<void> => {
    setBusy(true);
    const ok = await documentActions.retry(bridge, doc.id, withPassword);
    setBusy(false);
    if (ok) setPassword('');
  };

  const unlock = (event: FormEvent): void => {
    event.preventDefault();
    if (password && !busy) void retry(password);
  };

  const message = problemText(doc);

  return (
    <div
      className={`document-problem document-problem--${locked ? 'locked' : doc.status}`}
      data-testid="document-problem"
    >
      <p className="document-problem__message" data-testid="document-error">
        {message}
        {doc.errorCode ? <span className="document-problem__code">{doc.errorCode}</span> : null}
      </p>
      {locked ? (
        <form className="document-problem__unlock" onSubmit={unlock}>
          <LockIcon size={14} className="document-problem__lock" />
          <label className="visually-hidden" htmlFor={`${ids}-password`}>
            {t('docStatus.passwordFor', { name: doc.name })}
          </label>
          <input
            id={`${ids}-password`}
            className="input document-problem__password"
            type="password"
            autoComplete="off"
            placeholder={t('docStatus.password')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            disabled={busy}
            data-testid="document-password"
          />
          <button type="submit" className="button button--small button--primary" disabled={!password || busy}>
            {t('docStatus.unlock')}
          </button>
          <span className="document-problem__hint">{t('docStatus.passwordHint')}</span>
        </form>
      ) : doc.status === 'failed' ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => void retry()}
          disabled={busy}
          data-testid="document-retry"
        >
          <RefreshIcon size={13} />
          {t('common.retry')}
        </button>
      ) : null}
      {actionError ? (
        <p className="document-problem__action-error" role="alert">
          {actionError.message}
          {actionError.summary ? ` ${actionError.summary}` : ''}
        </p>
      ) : null}
    </div>
  );
}
