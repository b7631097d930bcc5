import { t as translate } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { fitSummary } from '../../lib/fit';
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
  if (source === 'import') return translate('modelCard.imported');
  if (source.startsWith('catalog:')) return translate('modelCard.downloaded', { id: source.slice('catalog:'.length) });
  return source;
}

/** One model in the library: what it is, whether it fits, and what can be done with it. */
export function ModelCard({ model }: { model: ModelRecord }) {
  const bridge = useBridge();
  const error = useModels((s) => s.actionErrors[model.id]);
  const [renaming, setRenaming] = useState(false);
  const { t } = useTranslation();
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
              label={t('modelCard.name')}
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
                aria-label={t('common.rename')}
                title={t('common.rename')}
                onClick={() => setRenaming(true)}
              >
                <PencilIcon size={14} />
              </button>
            </>
          )}
        </div>
        <div className="model-card__badges">
          {model.isDefault ? <Badge tone="accent">{t('modelCard.default')}</Badge> : null}
          {gguf.embeddingOnly ? <Badge>{t('modelCard.embeddingOnly')}</Badge> : null}
          {model.status === 'failed' ? <Badge tone="danger">{t('modelCard.failed')}</Badge> : null}
          {model.status === 'missing' ? <Badge tone="warn">{t('modelCard.missing')}</Badge> : null}
          {fit ? <FitBadge fit={fit} /> : null}
        </div>
      </header>
      <p className="model-card__file">
        {model.fileName} · {formatBytes(model.sizeBytes)}
      </p>
      {fit ? (
        <p className="model-card__fit" data-testid="fit-summary">
          {fitSummary(fit)}
        </p>
      ) : null}
      {fitError ? <p className="model-card__fit">{t('modelCard.fitError', { message: fitError.message })}</p> : null}

      <Status model={model} />
      <LoadControls model={model} />
      {error ? <Notice error={error} title={t('prompt.failed')} action={<DismissButton id={model.id} />} /> : null}

      <dl className="model-card__facts">
        <Fact label={t('modelCard.architecture')}>{gguf.architecture}</Fact>
        <Fact label={t('modelCard.parameters')}>{formatParams(gguf.parameterCount)}</Fact>
        <Fact label={t('modelCard.quantization')}>{gguf.quantization}</Fact>
        <Fact label={t('modelCard.contextLength')}>
          {gguf.contextLength ? formatCount(gguf.contextLength) : t('modelCard.notStated')}
        </Fact>
        <Fact label={t('modelCard.chatTemplate')}>
          {gguf.hasChatTemplate ? t('modelCard.yes') : t('modelCard.genericTemplate')}
        </Fact>
        <Fact label={t('modelCard.storage')}>
          {model.storage === 'copied' ? t('trust.detail.copied') : t('trust.detail.inPlace')}
        </Fact>
        <Fact label={t('modelCard.source')}>{sourceText(model.source)}</Fact>
        <Fact label={t('modelCard.added')}>{formatDate(model.addedAt)}</Fact>
        <Fact label="SHA-256" wide>
          <span className="model-card__hash">
            <code title={model.sha256}>{shortHash(model.sha256, 16)}</code>
            <CopyButton text={model.sha256} label={t('common.copy')} />
          </span>
        </Fact>
      </dl>

      <details className="model-card__advanced">
        <summary>{t('modelCard.advanced')}</summary>
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
            {t('modelCard.makeDefault')}
          </button>
        )}
        <ConfirmButton
          className="button button--small button--quiet"
          question={
            model.storage === 'copied'
              ? t('modelCard.removeCopied', { name: model.label, size: formatBytes(model.sizeBytes) })
              : t('modelCard.removeInPlace', { name: model.label })
          }
          confirmLabel={t('common.remove')}
          onConfirm={() => void modelActions.remove(bridge, model.id)}
        >
          {t('modelCard.removeEllipsis')}
        </ConfirmButton>
      </footer>
    </article>
  );
}

function Status({ model }: { model: ModelRecord }) {
  const bridge = useBridge();
  const { t } = useTranslation();
  if (model.status === 'failed') {
    return (
      <Notice
        title={t('modelCard.failedTitle')}
        testId="model-failed"
        action={
          <button
            type="button"
            className="button button--small"
            onClick={() => void modelActions.load(bridge, model.id, true)}
          >
            {t('common.retry')}
          </button>
        }
      >
        <p>{model.failure ?? t('modelCard.noReason')}</p>
        <p>{t('modelCard.failedHint')}</p>
      </Notice>
    );
  }
  if (model.status === 'missing') {
    return (
      <Notice tone="warn" title={t('modelCard.missingTitle')} testId="model-missing">
        <p>{model.failure ?? t('modelCard.nothingAt', { path: model.path })}</p>
        <p>{t('modelCard.putBack', { path: model.path })}</p>
      </Notice>
    );
  }
  return null;
}

function DismissButton({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="button button--small" onClick={() => modelActions.clearError(id)}>
      {t('common.dismiss')}
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
