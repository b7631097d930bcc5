import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckIcon, CopyIcon } from '../Icons/Icons';
import './CopyButton.css';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const [state, setState] = useState<CopyState>('idle');
  const { t } = useTranslation();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async (): Promise<void> => {
    let next: CopyState = 'copied';
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      next = 'failed';
    }
    setState(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2000);
  };

  return (
    <span className="copy-button">
      <button type="button" className="button button--small" onClick={() => void copy()}>
        {state === 'copied' ? <CheckIcon size={13} /> : <CopyIcon size={13} />}
        {state === 'copied' ? t('common.copied') : (label ?? t('common.copy'))}
      </button>
      <span className="copy-button__note" role="status">
        {state === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </span>
  );
}
