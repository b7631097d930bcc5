import { useId, useState, type FormEvent } from 'react';
import type { ImportProgress, ModelRecord } from '../../api';
import { useBridge } from '../../bridge';
import { toDisplayError, type DisplayError } from '../../lib/errors';
import { formatBytesOf } from '../../lib/format';
import { importModel, useModels, type ImportMode } from '../../store/models';
import { Notice } from '../Notice/Notice';
import { ProgressBar } from '../ProgressBar/ProgressBar';
import './ImportPanel.css';

const PHASES: Record<ImportProgress['phase'], string> = {
  validating: 'Checking the file…',
  hashing: 'Computing its SHA-256 checksum…',
  copying: 'Copying into Cellar’s library…',
};

/** "C:\x.gguf" pasted with quotes (Windows' "Copy as path") works as well as without. */
export function cleanPath(raw: string): string {
  return raw.trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** What to do about a failed import, in the user's words. */
function withHint(error: DisplayError): DisplayError {
  if (error.code === 'BAD_PARAMS' && /absolute/.test(error.message)) {
    return {
      ...error,
      summary: 'Paste the full path, starting with / (on Windows, with a drive letter such as C:\\).',
    };
  }
  if (error.code === 'NOT_FOUND') return { ...error, summary: 'Check the path for typos, or choose the file again.' };
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
        title: 'Import a GGUF model',
        filters: [{ name: 'GGUF models', extensions: ['gguf'] }],
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
            Choose a GGUF file…
          </button>
          <p className="import-panel__or">or paste the full path of a .gguf file</p>
        </>
      ) : (
        <p className="import-panel__lead">Paste the full path of a .gguf file</p>
      )}

      <form className="import-panel__path" onSubmit={submit}>
        <label className="visually-hidden" htmlFor={`${ids}-path`}>
          Full path of a .gguf file
        </label>
        <input
          id={`${ids}-path`}
          className="input import-panel__input"
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder="/home/you/Models/model.Q4_K_M.gguf"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          disabled={running}
        />
        <button type="submit" className="button" disabled={!cleanPath(path) || running}>
          Import
        </button>
      </form>

      <fieldset className="import-panel__modes" disabled={running}>
        <legend className="visually-hidden">Where to keep the file</legend>
        <label className="choice">
          <input type="radio" name={`${ids}-mode`} checked={mode === 'copy'} onChange={() => setMode('copy')} />
          <span>
            <span className="choice__label">Copy into Cellar’s library</span>
            <span className="choice__hint">The original can be moved or deleted afterwards.</span>
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
            <span className="choice__label">Use it where it is</span>
            <span className="choice__hint">Saves disk space; the file must stay in place.</span>
          </span>
        </label>
      </fieldset>

      {running ? <ImportProgressBar progress={job.progress} /> : null}
      {job?.state === 'done' && job.model ? (
        <Notice tone="info" testId="import-done">
          Added <strong>{job.model.label}</strong> to the library.
        </Notice>
      ) : null}
      {job?.state === 'failed' && job.error ? (
        <Notice title="Could not import the file" error={withHint(job.error)} testId="import-error" />
      ) : null}
      {pickError ? <Notice title="Could not open the file dialog" error={pickError} /> : null}
      {notice ? (
        <Notice tone="info" testId="import-notice">
          {notice}
        </Notice>
      ) : (
        <p className="import-panel__drop">{bridge.shell ? 'You can also drop a .gguf file onto this window.' : null}</p>
      )}
    </div>
  );
}

function ImportProgressBar({ progress }: { progress: ImportProgress | null }) {
  if (!progress) return <ProgressBar value={null} label="Starting the import…" testId="import-progress" />;
  const known = progress.totalBytes > 0;
  return (
    <ProgressBar
      value={known ? progress.doneBytes / progress.totalBytes : null}
      label={PHASES[progress.phase]}
      detail={known ? formatBytesOf(progress.doneBytes, progress.totalBytes) : undefined}
      testId="import-progress"
    />
  );
}
