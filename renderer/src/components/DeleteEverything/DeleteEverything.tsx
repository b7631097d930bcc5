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
        Danger zone
      </h2>
      <div className="danger-zone__card">
        <div className="danger-zone__intro">
          <div className="danger-zone__text">
            <h3 className="danger-zone__title">Delete everything</h3>
            <p className="danger-zone__lead">
              Removes Cellar’s whole library from this computer and starts again empty. This cannot be undone.
            </p>
          </div>
          {phase === 'idle' || phase === 'done' ? (
            <button type="button" className="button button--danger-quiet" onClick={() => setPhase('confirming')}>
              <TrashIcon size={14} />
              Delete everything…
            </button>
          ) : null}
        </div>

        <div className="danger-zone__lists">
          <div>
            <p className="danger-zone__list-title">Deleted</p>
            <ul className="danger-zone__list" data-testid="wipe-removes">
              <li>The library database: chats, collections, presets, settings, the network ledger and the audit log</li>
              <li>Search indexes</li>
              <li>Models and documents copied into the library</li>
              <li>Unfinished downloads</li>
              <li>Logs and caches, including the window’s own browser data</li>
            </ul>
          </div>
          <div>
            <p className="danger-zone__list-title">Not touched</p>
            <ul className="danger-zone__list" data-testid="wipe-keeps">
              <li>Your original files elsewhere on this computer</li>
              <li>Models used in place (imported without copying)</li>
            </ul>
          </div>
        </div>

        {phase === 'done' ? (
          <div className="danger-zone__footer">
            <Notice tone="info" testId="wipe-done">
              Everything was deleted. Cellar is running on an empty library.
            </Notice>
          </div>
        ) : null}

        {phase === 'confirming' || phase === 'deleting' ? (
          <form className="danger-zone__footer danger-zone__confirm" onSubmit={(e) => void submit(e)}>
            <label className="field" htmlFor={inputId}>
              <span className="field__label">
                To confirm, type <strong className="danger-zone__phrase">{CONFIRM_PHRASE}</strong>
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
                Cancel
              </button>
              <button type="submit" className="button button--danger" disabled={!matches || phase === 'deleting'}>
                {phase === 'deleting' ? <span className="spinner" aria-hidden="true" /> : null}
                {phase === 'deleting' ? 'Deleting…' : 'Delete everything'}
              </button>
            </div>
            <p className="field__hint" id={hintId}>
              In capital letters, exactly as shown. An answer being written is stopped.
            </p>
            {error ? <Notice title="Nothing was deleted" error={error} /> : null}
          </form>
        ) : null}
      </div>
    </section>
  );
}
