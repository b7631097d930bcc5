import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Preset, Thread } from '../../api';
import { useBridge } from '../../bridge';
import { toDisplayError, type DisplayError } from '../../lib/errors';
import { updateThread } from '../../store/chats';
import { Notice } from '../Notice/Notice';

/** The chat's system prompt, with named presets to start from and to save to. */
export function SystemPromptPanel({ thread, onClose }: { thread: Thread; onClose(): void }) {
  const bridge = useBridge();
  const ids = useId();
  const { t } = useTranslation();
  const [text, setText] = useState(thread.systemPrompt);
  const [presets, setPresets] = useState<Preset[]>([]);
  const [presetId, setPresetId] = useState('');
  const [naming, setNaming] = useState<string | null>(null);
  const [error, setError] = useState<DisplayError | null>(null);
  const [saved, setSaved] = useState(false);
  const preset = presets.find((p) => p.id === presetId);

  useEffect(() => {
    let live = true;
    bridge.call('presets.list').then(
      (list) => live && setPresets(list),
      (e: unknown) => live && setError(toDisplayError(e)),
    );
    return () => {
      live = false;
    };
  }, [bridge]);

  const run = async (task: () => Promise<void>): Promise<void> => {
    setError(null);
    try {
      await task();
    } catch (e) {
      setError(toDisplayError(e));
    }
  };

  const save = (): Promise<void> =>
    run(async () => {
      const failure = await updateThread(bridge, thread.id, { systemPrompt: text });
      if (failure) throw failure;
      setSaved(true);
    });

  const saveAsPreset = (name: string): Promise<void> =>
    run(async () => {
      const created = await bridge.call('presets.save', { name, text });
      setPresets(await bridge.call('presets.list'));
      setPresetId(created.id);
      setNaming(null);
    });

  const removePreset = (id: string): Promise<void> =>
    run(async () => {
      await bridge.call('presets.delete', { id });
      setPresets((list) => list.filter((p) => p.id !== id));
      setPresetId('');
    });

  return (
    <div className="thread-panel" role="group" aria-label={t('thread.systemPrompt')}>
      <div className="thread-panel__presets">
        <label className="field__label" htmlFor={`${ids}-preset`}>
          {t('prompt.startFrom')}
        </label>
        <select
          id={`${ids}-preset`}
          className="select"
          value={presetId}
          onChange={(e) => {
            const chosen = presets.find((p) => p.id === e.target.value);
            setPresetId(e.target.value);
            if (chosen) {
              setText(chosen.text);
              setSaved(false);
            }
          }}
        >
          <option value="">{t('prompt.choose')}</option>
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.builtIn ? '' : ` ${t('prompt.yours')}`}
            </option>
          ))}
        </select>
        {preset && !preset.builtIn ? (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => void removePreset(preset.id)}
          >
            {t('prompt.deletePreset')}
          </button>
        ) : null}
      </div>
      <label className="visually-hidden" htmlFor={`${ids}-text`}>
        {t('thread.systemPrompt')}
      </label>
      <textarea
        id={`${ids}-text`}
        className="textarea thread-panel__prompt"
        rows={4}
        placeholder={t('prompt.placeholder')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setSaved(false);
        }}
      />
      {error ? <Notice title={t('prompt.failed')} error={error} /> : null}
      <div className="thread-panel__actions">
        {naming !== null ? (
          <form
            className="thread-panel__naming"
            onSubmit={(e) => {
              e.preventDefault();
              if (naming.trim()) void saveAsPreset(naming.trim());
            }}
          >
            <input
              className="input"
              aria-label={t('prompt.presetName')}
              placeholder={t('prompt.presetName')}
              value={naming}
              maxLength={100}
              onChange={(e) => setNaming(e.target.value)}
            />
            <button type="submit" className="button button--small" disabled={!naming.trim()}>
              {t('prompt.savePreset')}
            </button>
            <button type="button" className="button button--small button--quiet" onClick={() => setNaming(null)}>
              {t('common.cancel')}
            </button>
          </form>
        ) : (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => setNaming('')}
            disabled={!text.trim()}
          >
            {t('prompt.saveAsPreset')}
          </button>
        )}
        <span className="thread-panel__spacer" />
        {saved ? (
          <span className="thread-panel__saved" role="status">
            {t('prompt.saved')}
          </span>
        ) : null}
        <button type="button" className="button button--small button--quiet" onClick={onClose}>
          {t('common.close')}
        </button>
        <button
          type="button"
          className="button button--small button--primary"
          onClick={() => void save()}
          disabled={text === thread.systemPrompt}
        >
          {t('common.save')}
        </button>
      </div>
    </div>
  );
}
