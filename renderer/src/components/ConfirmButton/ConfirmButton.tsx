import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './ConfirmButton.css';

interface ConfirmButtonProps {
  /** The button that asks: "Remove", or an icon. */
  children: ReactNode;
  /** Its accessible name when it shows only an icon. */
  label?: string;
  className?: string;
  /** The question, with what will and will not happen. */
  question: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  disabled?: boolean;
}

/** A destructive action that asks once, in place, before it acts. */
export function ConfirmButton({
  children,
  label,
  className = 'button button--small',
  question,
  confirmLabel,
  onConfirm,
  disabled,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const { t } = useTranslation();
  if (!asking) {
    return (
      <button
        type="button"
        className={className}
        aria-label={label}
        title={label}
        onClick={() => setAsking(true)}
        disabled={disabled}
      >
        {children}
      </button>
    );
  }
  return (
    <div className="confirm" role="alertdialog" aria-label={confirmLabel}>
      <p className="confirm__question">{question}</p>
      <div className="confirm__actions">
        <button type="button" className="button button--small" onClick={() => setAsking(false)}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button--small button--danger"
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </div>
  );
}
