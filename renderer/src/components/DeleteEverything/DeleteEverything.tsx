import { Trans, useTranslation } from 'react-i18next';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useBridge } from '../../bridge';
import { toDisplayError, type DisplayError } from '../../lib/errors';
import { TrashIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';
import './DeleteEverything.css';

/** What must be typed, exactly, before the library is deleted. */
export const CONFIRM_PHRASE = 'DELETE EVERYTHING';

type Phase = 'idle' | 'confirming' | 'deleting' | 'done';

/** The danger zone at the bottom of System: delete the whole library, after typing the phrase. */
export function DeleteEverything() {
  const bridge = useBridge();
  const [phase, setPhase] = useState<Phase>('idle');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<DisplayError | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = useId();
  const matches = typed === CONFIRM_PHRASE;
  const { t } = useTranslation();

  useEffect(() => {
    if (phase === 'confirming') input.current?.focus();
  }, [phase]);

  const cancel = () => {
    setPhase('idle');
    setTyped('');
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!matches || phase === 'deleting') return;
    setPhase('deleting');
    setError(null);
    try {
      await bridge.call('library.wipe', { confirm: CONFIRM_PHRASE });
      setTyped('');
      setPhase('done');
    } catch (failure) {
      setError(toDisplayError(failure));
      setPhase('confirming');
    }
  };

  return (
    <section className="danger-zone" aria-labelledby="danger-zone-title" data-testid="danger-zone">
      <h2 className="danger-zone__eyebrow" id="danger-zone-title">
        {t('wipe.zone')}
      </h2>
      <div className="danger-zone__card">
        <div className="danger-zone__intro">
          <div className="danger-zone__text">
            <h3 className="danger-zone__title">{t('wipe.title')}</h3>
            <p className="danger-zone__lead">{t('wipe.lead')}</p>
          </div>
          {phase === 'idle' || phase === 'done' ? (
            <button type="button" className="button button--danger-quiet" onClick={() => setPhase('confirming')}>
              <TrashIcon size={14} />
              {t('wipe.start')}
            </button>
          ) : null}
        </div>

        <div className="danger-zone__lists">
          <div>
            <p className="danger-zone__list-title">{t('wipe.deleted')}</p>
            <ul className="danger-zone__list" data-testid="wipe-removes">
              <li>{t('wipe.database')}</li>
              <li>{t('wipe.indexes')}</li>
              <li>{t('wipe.copies')}</li>
              <li>{t('wipe.downloads')}</li>
              <li>{t('wipe.logs')}</li>
            </ul>
          </div>
          <div>
            <p className="danger-zone__list-title">{t('wipe.notTouched')}</p>
            <ul className="danger-zone__list" data-testid="wipe-keeps">
              <li>{t('wipe.originals')}</li>
              <li>{t('wipe.inPlace')}</li>
            </ul>
          </div>
        </div>

        {phase === 'done' ? (
          <div className="danger-zone__footer">
            <Notice tone="info" testId="wipe-done">
              {t('wipe.done')}
            </Notice>
          </div>
        ) : null}

        {phase === 'confirming' || phase === 'deleting' ? (
          <form className="danger-zone__footer danger-zone__confirm" onSubmit={(e) => void submit(e)}>
            <label className="field" htmlFor={inputId}>
              <span className="field__label">
                <Trans
                  i18nKey="wipe.typeToConfirm"
                  values={{ phrase: CONFIRM_PHRASE }}
                  components={{ phrase: <strong className="danger-zone__phrase" /> }}
                />
              </span>
            </label>
            <div className="danger-zone__row">
              <input
                ref={input}
                id={inputId}
                className="input danger-zone__input"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={hintId}
                disabled={phase === 'deleting'}
                data-testid="wipe-confirm"
              />
              <button type="button" className="button" onClick={cancel} disabled={phase === 'deleting'}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="button button--danger" disabled={!matches || phase === 'deleting'}>
                {phase === 'deleting' ? <span className="spinner" aria-hidden="true" /> : null}
                {phase === 'deleting' ? t('wipe.deleting') : t('wipe.title')}
              </button>
            </div>
            <p className="field__hint" id={hintId}>
              {t('wipe.hint')}
            </p>
            {error ? <Notice title={t('wipe.failed')} error={error} /> : null}
          </form>
        ) : null}
      </div>
    </section>
  );
}
