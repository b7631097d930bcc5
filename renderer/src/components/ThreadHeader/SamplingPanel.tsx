import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SamplingSettings, Thread } from '../../api';
import { useBridge } from '../../bridge';
import type { DisplayError } from '../../lib/errors';
import { formatNumber } from '../../lib/format';
import { updateThread } from '../../store/chats';
import { Notice } from '../Notice/Notice';

/** Each field's label, hint and rule are under `sampling.<key>` in the messages. */
const FIELDS: Array<{
  key: keyof SamplingSettings;
  step: string;
  check(n: number): boolean;
}> = [
  { key: 'temperature', step: '0.1', check: (n) => n >= 0 && n <= 2 },
  { key: 'topP', step: '0.05', check: (n) => n > 0 && n <= 1 },
  { key: 'maxTokens', step: '1', check: (n) => Number.isInteger(n) && n >= 1 && n <= 32768 },
];

/** Temperature, top-p and answer length for this chat. */
export function SamplingPanel({ thread, onClose }: { thread: Thread; onClose(): void }) {
  const bridge = useBridge();
  const ids = useId();
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => ({
    temperature: String(thread.sampling.temperature),
    topP: String(thread.sampling.topP),
    maxTokens: String(thread.sampling.maxTokens),
  }));
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<DisplayError | null>(null);
  const values = Object.fromEntries(FIELDS.map((f) => [f.key, Number(draft[f.key])])) as unknown as SamplingSettings;
  const invalid = FIELDS.filter((f) => draft[f.key].trim() === '' || !f.check(values[f.key]));

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (invalid.length) return;
    setState('saving');
    const failure = await updateThread(bridge, thread.id, { sampling: values });
    setError(failure);
    setState(failure ? 'idle' : 'saved');
  };

  return (
    <form className="thread-panel" onSubmit={(e) => void save(e)} aria-label={t('sampling.title')}>
      <div className="thread-panel__fields">
        {FIELDS.map((f) => {
          const bad = invalid.includes(f);
          return (
            <div className="field" key={f.key}>
              <label className="field__label" htmlFor={`${ids}-${f.key}`}>
                {t(`sampling.${f.key}.label`)}
              </label>
              <input
                id={`${ids}-${f.key}`}
                aria-describedby={`${ids}-${f.key}-hint`}
                className="input"
                type="number"
                step={f.step}
                value={draft[f.key]}
                aria-invalid={bad}
                onChange={(e) => {
                  setState('idle');
                  setDraft({ ...draft, [f.key]: e.target.value });
                }}
              />
              <span className="field__hint" id={`${ids}-${f.key}-hint`}>
                {bad ? t(`sampling.${f.key}.rule`, { max: formatNumber(32768) }) : t(`sampling.${f.key}.hint`)}
              </span>
            </div>
          );
        })}
      </div>
      {error ? <Notice title={t('sampling.couldNotSave')} error={error} /> : null}
      <div className="thread-panel__actions">
        {state === 'saved' ? (
          <span className="thread-panel__saved" role="status">
            {t('common.saved')}
          </span>
        ) : null}
        <button type="button" className="button button--small button--quiet" onClick={onClose}>
          {t('common.close')}
        </button>
        <button
          type="submit"
          className="button button--small button--primary"
          disabled={invalid.length > 0 || state === 'saving'}
        >
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
