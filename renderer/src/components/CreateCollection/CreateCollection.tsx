import { useTranslation } from 'react-i18next';
import { useId, useState, type FormEvent } from 'react';
import type { Collection, ModelRecord } from '../../api';
import { useBridge } from '../../bridge';
import type { DisplayError } from '../../lib/errors';
import { createCollection } from '../../store/documents';
import { useModels } from '../../store/models';
import { useNavigation } from '../../store/navigation';
import { Notice } from '../Notice/Notice';
import './CreateCollection.css';

/** Embedding models in the library that can index a collection. */
export function embeddingModels(models: ModelRecord[] | null): ModelRecord[] {
  return (models ?? []).filter((m) => m.gguf.embeddingOnly && m.status !== 'missing');
}

function OpenModels() {
  const go = useNavigation((s) => s.go);
  const { t } = useTranslation();
  return (
    <button type="button" className="button button--small" onClick={() => go('models')}>
      {t('composer.openModels')}
    </button>
  );
}

/** A new collection: its name, and the embedding model that will index it for its whole life. */
export function CreateCollection({
  onCreated,
  onCancel,
}: {
  onCreated?(collection: Collection): void;
  onCancel?(): void;
}) {
  const bridge = useBridge();
  const models = useModels((s) => s.models);
  const choices = embeddingModels(models);
  const [name, setName] = useState('');
  const [modelId, setModelId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DisplayError | null>(null);
  const ids = useId();
  const { t } = useTranslation();
  const chosen = choices.find((m) => m.id === modelId) ?? choices.find((m) => m.status === 'ready') ?? choices[0];

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!name.trim() || busy) return;
    setBusy(true);
    setError(null);
    const result = await createCollection(bridge, name.trim(), chosen?.id ?? null);
    setBusy(false);
    if (result.collection) {
      setName('');
      onCreated?.(result.collection);
    } else if (result.error?.code === 'NOT_FOUND') {
      // The engine's message says what is missing; the generic hint (a moved file) would mislead.
      setError({ ...result.error, summary: t('createCollection.notFoundHint') });
    } else setError(result.error);
  };

  return (
    <form className="create-collection" onSubmit={(e) => void submit(e)} data-testid="create-collection">
      <div className="create-collection__fields">
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-name`}>
            {t('createCollection.name')}
          </label>
          <input
            id={`${ids}-name`}
            className="input"
            type="text"
            maxLength={200}
            placeholder={t('createCollection.placeholder')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
          />
        </div>
        {choices.length ? (
          <div className="field">
            <label className="field__label" htmlFor={`${ids}-model`}>
              {t('createCollection.embeddingModel')}
            </label>
            <select
              id={`${ids}-model`}
              className="select"
              value={chosen?.id ?? ''}
              onChange={(e) => setModelId(e.target.value)}
            >
              {choices.map((m) => (
                <option key={m.id} value={m.id} disabled={m.status === 'failed'}>
                  {m.label}
                  {m.status === 'failed' ? ` ${t('createCollection.failed')}` : ''}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {choices.length ? (
        <p className="field__hint">{t('createCollection.hint')}</p>
      ) : models !== null && !error ? (
        <Notice tone="warn" title={t('createCollection.needEmbedding')} action={<OpenModels />} testId="no-embedding">
          <p>{t('createCollection.needEmbeddingBody')}</p>
        </Notice>
      ) : null}
      {error ? (
        <Notice
          title={t('createCollection.couldNotCreate')}
          error={error}
          action={error.code === 'NOT_FOUND' || error.code === 'INVALID_MODEL' ? <OpenModels /> : undefined}
          testId="create-error"
        />
      ) : null}
      <div className="create-collection__actions">
        {onCancel ? (
          <button type="button" className="button button--small button--quiet" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
        <button type="submit" className="button button--small button--primary" disabled={!name.trim() || busy}>
          {t('createCollection.create')}
        </button>
      </div>
    </form>
  );
}
