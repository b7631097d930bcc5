import { useTranslation } from 'react-i18next';
import { fitSummary } from '../../lib/fit';
import { useId, useState, type FormEvent } from 'react';
import type { ModelRecord, ModelSettings } from '../../api';
import { useBridge } from '../../bridge';
import { modelActions } from '../../store/models';
import { FitBadge } from '../Badge/Badge';
import { useFit } from './useFit';

type Draft = Record<keyof ModelSettings, string>;

const toDraft = (s: ModelSettings): Draft => ({
  contextSize: s.contextSize === null ? '' : String(s.contextSize),
  gpuLayers: s.gpuLayers === null ? '' : String(s.gpuLayers),
  threads: s.threads === null ? '' : String(s.threads),
});

/** "" is automatic; anything else must be a whole number in range. */
function parse(value: string, min: number): number | null | undefined {
  if (!value.trim()) return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= min ? n : undefined;
}

/** Labels and hints are under `advanced.<key>` in the messages. */
const FIELDS: Array<{ key: keyof ModelSettings; min: number }> = [
  { key: 'contextSize', min: 256 },
  { key: 'gpuLayers', min: 0 },
  { key: 'threads', min: 1 },
];

/** Per-model settings (empty = automatic), with the fit estimated again as they change. */
export function AdvancedSettings({ model }: { model: ModelRecord }) {
  const bridge = useBridge();
  const ids = useId();
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => toDraft(model.settings));
  const [saved, setSaved] = useState(false);
  const parsed = {
    contextSize: parse(draft.contextSize, 256),
    gpuLayers: parse(draft.gpuLayers, 0),
    threads: parse(draft.threads, 1),
  };
  const valid = Object.values(parsed).every((v) => v !== undefined);
  const { fit } = useFit(
    valid && model.status !== 'missing'
      ? { id: model.id, contextSize: parsed.contextSize, gpuLayers: parsed.gpuLayers }
      : null,
    300,
  );
  const changed = JSON.stringify(toDraft(model.settings)) !== JSON.stringify(draft);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!valid) return;
    setSaved(await modelActions.saveSettings(bridge, model.id, parsed as ModelSettings));
  };

  return (
    <form className="model-settings" onSubmit={(e) => void submit(e)}>
      <div className="model-settings__fields">
        {FIELDS.map(({ key, min }) => (
          <div className="field" key={key}>
            <label className="field__label" htmlFor={`${ids}-${key}`}>
              {t(`advanced.${key}.label`)}
            </label>
            <input
              id={`${ids}-${key}`}
              aria-describedby={`${ids}-${key}-hint`}
              className="input"
              inputMode="numeric"
              placeholder={t('advanced.automatic')}
              value={draft[key]}
              aria-invalid={parsed[key] === undefined}
              onChange={(e) => {
                setSaved(false);
                setDraft({ ...draft, [key]: e.target.value });
              }}
            />
            <span className="field__hint" id={`${ids}-${key}-hint`}>
              {parsed[key] === undefined ? t('advanced.rule', { min }) : t(`advanced.${key}.hint`)}
            </span>
          </div>
        ))}
      </div>
      <div className="model-settings__footer">
        {fit ? (
          <span className="model-settings__fit" data-testid="settings-fit">
            <FitBadge fit={fit} /> <span>{fitSummary(fit)}</span>
          </span>
        ) : (
          <span />
        )}
        <span className="model-settings__actions">
          {saved && !changed ? <span className="model-settings__saved">{t('advanced.saved')}</span> : null}
          <button
            type="button"
            className="button button--small button--quiet"
            disabled={!changed}
            onClick={() => setDraft(toDraft(model.settings))}
          >
            {t('advanced.reset')}
          </button>
          <button type="submit" className="button button--small" disabled={!changed || !valid}>
            {t('advanced.save')}
          </button>
        </span>
      </div>
    </form>
  );
}
