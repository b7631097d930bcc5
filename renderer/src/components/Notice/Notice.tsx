import type { ReactNode } from 'react';
import type { DisplayError } from '../../lib/errors';
import { AlertIcon } from '../Icons/Icons';
import './Notice.css';

interface NoticeProps {
  tone?: 'danger' | 'warn' | 'info';
  title?: ReactNode;
  /** A failed call: its plain summary (what to do), its message and code. */
  error?: DisplayError | null;
  children?: ReactNode;
  /** Buttons for the way on: Retry, Import instead… */
  action?: ReactNode;
  testId?: string;
}

/** A boxed message: errors say what failed, the detail, and what to do next. */
export function Notice({ tone = 'danger', title, error, children, action, testId }: NoticeProps) {
  return (
    <div className={`notice notice--${tone}`} role={tone === 'info' ? 'status' : 'alert'} data-testid={testId}>
      {tone === 'info' ? null : <AlertIcon size={16} className="notice__icon" />}
      <div className="notice__body">
        {title ? <p className="notice__title">{title}</p> : null}
        {error ? (
          <>
            <p className="notice__message" data-testid="notice-message">
              {error.message}
            </p>
            {error.summary ? <p className="notice__hint">{error.summary}</p> : null}
            <p className="notice__code" title={error.detail}>
              {error.code}
            </p>
          </>
        ) : null}
        {children}
        {action ? <div className="notice__actions">{action}</div> : null}
      </div>
    </div>
  );
}
