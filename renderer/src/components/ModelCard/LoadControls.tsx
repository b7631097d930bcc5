import { useTranslation } from 'react-i18next';
import type { ModelRecord } from '../../api';
import { useBridge } from '../../bridge';
import { formatCount, formatMs, formatPercent } from '../../lib/format';
import { modelActions, useModels } from '../../store/models';
import { Badge } from '../Badge/Badge';
import { ProgressBar } from '../ProgressBar/ProgressBar';

/** Load / Unload, with the resident model's state: progress while loading, the details once ready. */
export function LoadControls({ model }: { model: ModelRecord }) {
  const bridge = useBridge();
  const state = useModels((s) => s.modelState);
  const { t } = useTranslation();

  if (state.state === 'loading' && state.modelId === model.id) {
    return (
      <div className="model-load" data-testid="model-load" data-state="loading">
        <ProgressBar
          value={state.progress}
          label={t('composer.loadingNamed', { model: model.label })}
          detail={formatPercent(state.progress)}
        />
      </div>
    );
  }

  if (state.state === 'ready' && state.model.modelId === model.id) {
    const loaded = state.model;
    return (
      <div className="model-load" data-testid="model-load" data-state="ready">
        <div className="model-load__row">
          <Badge tone="accent">{t('thread.loaded')}</Badge>
          <span className="model-load__facts" data-testid="loaded-details">
            {[
              loaded.backend === 'cpu' ? 'CPU' : loaded.backend.toUpperCase(),
              t('load.context', { n: formatCount(loaded.contextSize) }),
              t('load.threads', { count: loaded.threads }),
              t('load.gpuLayers', { count: loaded.gpuLayers }),
              loaded.chatWrapper,
              t('load.loadedIn', { time: formatMs(loaded.loadMs) }),
            ].join(' · ')}
          </span>
          <button
            type="button"
            className="button button--small"
            onClick={() => void modelActions.unload(bridge, model.id)}
          >
            {t('load.unload')}
          </button>
        </div>
        {loaded.note ? <p className="model-load__note">{loaded.note}</p> : null}
      </div>
    );
  }

  const busy = state.state === 'loading';
  const canLoad = model.status === 'ready' && !model.gguf.embeddingOnly;
  if (!canLoad) return null;
  return (
    <div className="model-load" data-testid="model-load" data-state="idle">
      <div className="model-load__row">
        <span className="model-load__facts">{t('load.notLoaded')}</span>
        <button
          type="button"
          className="button button--small"
          onClick={() => void modelActions.load(bridge, model.id)}
          disabled={busy}
        >
          {t('load.load')}
        </button>
      </div>
    </div>
  );
}
