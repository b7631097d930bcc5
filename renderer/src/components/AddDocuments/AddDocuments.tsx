import { useTranslation } from 'react-i18next';
import { useId, useState, type FormEvent } from 'react';
import type { Collection } from '../../api';
import { useBridge } from '../../bridge';
import { isAbsolutePath, parsePaths } from '../../lib/documents';
import { toDisplayError, type DisplayError } from '../../lib/errors';
import { addDocuments, dismissAddError, useDocuments } from '../../store/documents';
import { FileIcon, FolderIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';
import { SkippedList } from './SkippedList';
import './AddDocuments.css';

export const DOCUMENT_EXTENSIONS = ['pdf', 'docx', 'md', 'markdown', 'html', 'htm', 'txt', 'text', 'csv', 'tsv'];

/** Add files and folders to a collection: the open dialog where the shell has one, and always pasted paths. */
export function AddDocuments({ collection }: { collection: Collection }) {
  const bridge = useBridge();
  const { t } = useTranslation();
  const addError = useDocuments((s) => s.addErrors[collection.id] ?? null);
  const skipped = useDocuments((s) => s.skipped[collection.id] ?? null);
  const notice = useDocuments((s) => s.notice);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [pickError, setPickError] = useState<DisplayError | null>(null);
  const [invalid, setInvalid] = useState<string[]>([]);
  const ids = useId();
  const shell = bridge.shell;

  const add = async (paths: string[]): Promise<boolean> => {
    if (!paths.length) return false;
    setBusy(true);
    const ok = await addDocuments(bridge, collection.id, paths);
    setBusy(false);
    return ok;
  };

  const pick = async (directories: boolean): Promise<void> => {
    setPickError(null);
    try {
      const paths = await shell!.pickFiles({
        title: directories
          ? t('addDocs.dialogFolders', { name: collection.name })
          : t('addDocs.dialogFiles', { name: collection.name }),
        filters: directories ? [] : [{ name: t('nav.documents'), extensions: DOCUMENT_EXTENSIONS }],
        multiple: true,
        directories,
      });
      await add(paths);
    } catch (error) {
      setPickError(toDisplayError(error));
    }
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const paths = parsePaths(text);
    const relative = paths.filter((p) => !isAbsolutePath(p));
    setInvalid(relative);
    if (relative.length || !paths.length) return;
    if (await add(paths)) setText('');
  };

  return (
    <section className="add-documents" aria-labelledby={`${ids}-title`} data-testid="add-documents">
      <div className="add-documents__top">
        <div>
          <h3 className="add-documents__title" id={`${ids}-title`}>
            {t('addDocs.title')}
          </h3>
          <p className="add-documents__hint">{t('addDocs.hint')}</p>
        </div>
        {shell ? (
          <div className="add-documents__buttons">
            <button type="button" className="button button--primary" onClick={() => void pick(false)} disabled={busy}>
              <FileIcon size={14} />
              {t('addDocs.addFiles')}
            </button>
            <button type="button" className="button" onClick={() => void pick(true)} disabled={busy}>
              <FolderIcon size={14} />
              {t('addDocs.addFolder')}
            </button>
          </div>
        ) : null}
      </div>

      <form className="add-documents__paste" onSubmit={(e) => void submit(e)}>
        <label className="field__label" htmlFor={`${ids}-paths`}>
          {shell ? t('addDocs.orPasteLabel') : t('addDocs.pasteLabel')}
        </label>
        <div className="add-documents__paste-row">
          <textarea
            id={`${ids}-paths`}
            className="textarea add-documents__input"
            rows={Math.min(6, Math.max(2, text.split('\n').length))}
            spellCheck={false}
            autoComplete="off"
            placeholder={t('addDocs.placeholder')}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setInvalid([]);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void submit(e);
            }}
            aria-invalid={invalid.length > 0}
            data-testid="paths-input"
          />
          <button type="submit" className="button" disabled={busy || !parsePaths(text).length}>
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            {t('addDocs.add')}
          </button>
        </div>
        {invalid.length ? (
          <p className="add-documents__invalid" role="alert">
            {t('addDocs.invalid', { paths: invalid.join(', ') })}
          </p>
        ) : (
          <p className="field__hint">{shell ? t('addDocs.dropHint') : t('addDocs.dropHintBrowser')}</p>
        )}
      </form>

      {notice ? (
        <Notice tone="info" testId="documents-notice">
          {notice}
        </Notice>
      ) : null}
      {pickError ? <Notice title={t('importPanel.couldNotOpenDialog')} error={pickError} /> : null}
      {addError ? (
        <Notice
          title={t('addDocs.couldNotAdd')}
          error={addError}
          action={
            <button type="button" className="button button--small" onClick={() => dismissAddError(collection.id)}>
              {t('common.dismiss')}
            </button>
          }
        />
      ) : null}
      {skipped ? <SkippedList collectionId={collection.id} skipped={skipped} /> : null}
    </section>
  );
}
