import { Trans, useTranslation } from 'react-i18next';
import { t as translate } from '../../i18n';
import { useId, useState, type FormEvent } from 'react';
import type { ImportProgress, ModelRecord } from '../../api';
import { useBridge } from '../../bridge';
import { toDisplayError, type DisplayError } from '../../lib/errors';
import { formatBytesOf } from '../../lib/format';
import { importModel, useModels, type ImportMode } from '../../store/models';
import { Notice } from '../Notice/Notice';
import { ProgressBar } from '../ProgressBar/ProgressBar';
import './ImportPanel.css';

/** Each phase's line is under `importPanel.phase.<phase>` in the messages. */
type Phase = ImportProgress['phase'];

/** "C:\x.gguf" pasted with quotes (Windows' "Copy as path") works as well as without. */
export function cleanPath(raw: string): string {
  return raw.trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** What to do about a failed import, in the user's words. */
function withHint(error: DisplayError): DisplayError {
  if (error.code === 'BAD_PARAMS' && /absolute/.test(error.detail)) {
    return { ...error, summary: translate('importPanel.hintAbsolute') };
  }
  if (error.code === 'NOT_FOUND') return { ...error, summary: translate('importPanel.hintNotFound') };
  return error;
}

/** Add a GGUF file: the open dialog where the shell offers one, and always a path to paste. */
export function ImportPanel({ onImported }: { onImported?(model: ModelRecord): void }) {
  const bridge = useBridge();
  const job = useModels((s) => s.importJob);
  const notice = useModels((s) => s.importNotice);
  const [path, setPath] = useState('');
  const [mode, setMode] = useState<ImportMode>('copy');
  const [pickError, setPickError] = useState<DisplayError | null>(null);
  const ids = useId();
  const { t } = useTranslation();
  const running = job?.state === 'running';

  const run = async (target: string): Promise<void> => {
    setPickError(null);
    const model = await importModel(bridge, cleanPath(target), mode);
    if (model) {
      setPath('');
      onImported?.(model);
    }
  };

  const pick = async (): Promise<void> => {
    try {
      const [chosen] = await bridge.shell!.pickFiles({
        title: t('importPanel.dialogTitle'),
        filters: [{ name: t('importPanel.dialogFilter'), extensions: ['gguf'] }],
        multiple: false,
      });
      if (chosen) await run(chosen);
    } catch (error) {
      setPickError(toDisplayError(error));
    }
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (cleanPath(path) && !running) void run(path);
  };

  return (
    <div className="import-panel" data-testid="import-panel">
      {bridge.shell ? (
        <>
          <button type="button" className="button button--primary" onClick={() => void pick()} disabled={running}>
            {t('importPanel.choose')}
          </button>
          <p className="import-panel__or">{t('importPanel.orPaste')}</p>
        </>
      ) : (
        <p className="import-panel__lead">{t('importPanel.paste')}</p>
      )}

      <form className="import-panel__path" onSubmit={submit}>
        <label className="visually-hidden" htmlFor={`${ids}-path`}>
          {t('importPanel.pathLabel')}
        </label>
        <input
          id={`${ids}-path`}
          className="input import-panel__input"
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder={t('importPanel.placeholder')}
          value={path}
          onChange={(e) => setPath(e.target.value)}
          disabled={running}
        />
        <button type="submit" className="button" disabled={!cleanPath(path) || running}>
          {t('importPanel.import')}
        </button>
      </form>

      <fieldset className="import-panel__modes" disabled={running}>
        <legend className="visually-hidden">{t('importPanel.where')}</legend>
        <label className="choice">
          <input type="radio" name={`${ids}-mode`} checked={mode === 'copy'} onChange={() => setMode('copy')} />
          <span>
            <span className="choice__label">{t('importPanel.copy')}</span>
            <span className="choice__hint">{t('importPanel.copyHint')}</span>
          </span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name={`${ids}-mode`}
            checked={mode === 'reference'}
            onChange={() => setMode('reference')}
          />
          <span>
            <span className="choice__label">{t('importPanel.reference')}</span>
            <span className="choice__hint">{t('importPanel.referenceHint')}</span>
          </span>
        </label>
      </fieldset>

      {running ? <ImportProgressBar progress={job.progress} /> : null}
      {job?.state === 'done' && job.model ? (
        <Notice tone="info" testId="import-done">
          <Trans i18nKey="importPanel.added" values={{ name: job.model.label }} components={{ b: <strong /> }} />
        </Notice>
      ) : null}
      {job?.state === 'failed' && job.error ? (
        <Notice title={t('importPanel.couldNotImport')} error={withHint(job.error)} testId="import-error" />
      ) : null}
      {pickError ? <Notice title={t('importPanel.couldNotOpenDialog')} error={pickError} /> : null}
      {notice ? (
        <Notice tone="info" testId="import-notice">
          {notice}
        </Notice>
      ) : (
        <p className="import-panel__drop">{bridge.shell ? t('importPanel.dropHint') : null}</p>
      )}
    </div>
  );
}

function ImportProgressBar({ progress }: { progress: ImportProgress | null }) {
  const { t } = useTranslation();
  if (!progress) return <ProgressBar value={null} label={t('importPanel.starting')} testId="import-progress" />;
  const phase: Phase = progress.phase;
  const known = progress.totalBytes > 0;
  return (
    <ProgressBar
      value={known ? progress.doneBytes / progress.totalBytes : null}
      label={t(`importPanel.phase.${phase}`)}
      detail={known ? formatBytesOf(progress.doneBytes, progress.totalBytes) : undefined}
      testId="import-progress"
    />
  );
}
