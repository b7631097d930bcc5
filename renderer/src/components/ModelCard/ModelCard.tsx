import { useState, type ReactNode } from 'react';
import type { ModelRecord } from '../../api';
import { useBridge } from '../../bridge';
import { formatBytes, formatCount, formatDate, formatParams, shortHash } from '../../lib/format';
import { modelActions, useModels } from '../../store/models';
import { Badge, FitBadge } from '../Badge/Badge';
import { ConfirmButton } from '../ConfirmButton/ConfirmButton';
import { CopyButton } from '../CopyButton/CopyButton';
import { PencilIcon } from '../Icons/Icons';
import { InlineEdit } from '../InlineEdit/InlineEdit';
import { Notice } from '../Notice/Notice';
import { AdvancedSettings } from './AdvancedSettings';
import { LoadControls } from './LoadControls';
import { useFit } from './useFit';
import './ModelCard.css';

function sourceText(source: string): string {
  if (source === 'import') return 'Imported';
  if (source.startsWith('catalog:')) return `Downloaded (${source.slice('catalog:'.length)})`;
  return source;
}

/** One model in the library: what it is, whether it fits, and what can be done with it. */
export function ModelCard({ model }: { model: ModelRecord }) {
  const bridge = useBridge();
  const error = useModels((s) => s.actionErrors[model.id]);
  const [renaming, setRenaming] = useState(false);
  const { fit, error: fitError } = useFit(
    model.status === 'missing'
      ? null
      : { id: model.id, contextSize: model.settings.contextSize, gpuLayers: model.settings.gpuLayers },
  );
  const { gguf } = model;

  return (
    <article className="model-card" data-testid="model-card" aria-label={model.label}>
      <header className="model-card__header">
        <div className="model-card__title">
          {renaming ? (
            <InlineEdit
              value={model.label}
              label="Model name"
              onCancel={() => setRenaming(false)}
              onSave={(label) => {
                setRenaming(false);
                void modelActions.rename(bridge, model.id, label);
              }}
            />
          ) : (
            <>
              <h3 className="model-card__label">{model.label}</h3>
              <button
                type="button"
                className="icon-button"
                aria-label="Rename"
                title="Rename"
                onClick={() => setRenaming(true)}
              >
                <PencilIcon size={14} />
              </button>
            </>
          )}
        </div>
        <div className="model-card__badges">
          {model.isDefault ? <Badge tone="accent">Default</Badge> : null}
          {gguf.embeddingOnly ? <Badge>Embedding only</Badge> : null}
          {model.status === 'failed' ? <Badge tone="danger">Failed</Badge> : null}
          {model.status === 'missing' ? <Badge tone="warn">Missing</Badge> : null}
          {fit ? <FitBadge fit={fit} /> : null}
        </div>
      </header>
      <p className="model-card__file">
        {model.fileName} · {formatBytes(model.sizeBytes)}
      </p>
      {fit ? (
        <p className="model-card__fit" data-testid="fit-summary">
          {fit.summary}
        </p>
      ) : null}
      {fitError ? <p className="model-card__fit">Could not estimate the fit: {fitError.message}</p> : null}

      <Status model={model} />
      <LoadControls model={model} />
      {error ? <Notice error={error} title="That did not work" action={<DismissButton id={model.id} />} /> : null}

      <dl className="model-card__facts">
        <Fact label="Architecture">{gguf.architecture}</Fact>
        <Fact label="Parameters">{formatParams(gguf.parameterCount)}</Fact>
        <Fact label="Quantization">{gguf.quantization}</Fact>
        <Fact label="Context length">{gguf.contextLength ? formatCount(gguf.contextLength) : 'Not stated'}</Fact>
        <Fact label="Chat template">{gguf.hasChatTemplate ? 'Yes' : 'No (a generic one is used)'}</Fact>
        <Fact label="Storage">{model.storage === 'copied' ? 'Copied into the library' : 'Used in place'}</Fact>
        <Fact label="Source">{sourceText(model.source)}</Fact>
        <Fact label="Added">{formatDate(model.addedAt)}</Fact>
        <Fact label="SHA-256" wide>
          <span className="model-card__hash">
            <code title={model.sha256}>{shortHash(model.sha256, 16)}</code>
            <CopyButton text={model.sha256} label="Copy" />
          </span>
        </Fact>
      </dl>

      <details className="model-card__advanced">
        <summary>Advanced settings</summary>
        <AdvancedSettings model={model} />
      </details>

      <footer className="model-card__footer">
        {model.isDefault || gguf.embeddingOnly ? (
          <span />
        ) : (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => void modelActions.makeDefault(bridge, model.id)}
          >
            Make default
          </button>
        )}
        <ConfirmButton
          className="button button--small button--quiet"
          question={
            model.storage === 'copied'
              ? `Remove ${model.label}? Its copy in Cellar’s library (${formatBytes(model.sizeBytes)}) is deleted. Chats that used it are kept.`
              : `Remove ${model.label} from the library? The file itself stays where it is. Chats that used it are kept.`
          }
          confirmLabel="Remove"
          onConfirm={() => void modelActions.remove(bridge, model.id)}
        >
          Remove…
        </ConfirmButton>
      </footer>
    </article>
  );
}

function Status({ model }: { model: ModelRecord }) {
  const bridge = useBridge();
  if (model.status === 'failed') {
    return (
      <Notice
        title="This model failed to load"
        testId="model-failed"
        action={
          <button
            type="button"
            className="button button--small"
            onClick={() => void modelActions.load(bridge, model.id, true)}
          >
            Retry
          </button>
        }
      >
        <p>{model.failure ?? 'No reason was recorded.'}</p>
        <p>Retry once, or lower the context size or GPU layers under Advanced settings first.</p>
      </Notice>
    );
  }
  if (model.status === 'missing') {
    return (
      <Notice tone="warn" title="The model file is missing" testId="model-missing">
        <p>{model.failure ?? `Nothing is at ${model.path}.`}</p>
        <p>Put the file back at {model.path}, or remove the model from the library.</p>
      </Notice>
    );
  }
  return null;
}

function DismissButton({ id }: { id: string }) {
  return (
    <button type="button" className="button button--small" onClick={() => modelActions.clearError(id)}>
      Dismiss
    </button>
  );
}

function Fact({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'model-card__fact model-card__fact--wide' : 'model-card__fact'}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
