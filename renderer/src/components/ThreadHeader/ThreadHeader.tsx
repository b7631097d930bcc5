import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Thread } from '../../api';
import { useBridge } from '../../bridge';
import { threadTitle } from '../../lib/engineText';
import type { DisplayError } from '../../lib/errors';
import { updateThread } from '../../store/chats';
import { chatModels, useModels } from '../../store/models';
import { CollectionPicker } from '../CollectionPicker/CollectionPicker';
import { SlidersIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';
import { SamplingPanel } from './SamplingPanel';
import { SystemPromptPanel } from './SystemPromptPanel';
import './ThreadHeader.css';

type Panel = 'prompt' | 'sampling' | null;

/** The chat's title, its model, and its settings: system prompt and sampling. */
export function ThreadHeader({ thread }: { thread: Thread }) {
  const bridge = useBridge();
  const models = useModels((s) => s.models);
  const modelState = useModels((s) => s.modelState);
  const [panel, setPanel] = useState<Panel>(null);
  const [error, setError] = useState<DisplayError | null>(null);
  const ids = useId();
  const { t } = useTranslation();
  const choices = chatModels(models);
  const selected = choices.find((m) => m.id === thread.modelId);
  const loaded = modelState.state === 'ready' && modelState.model.modelId === thread.modelId;

  const toggle = (next: Panel): void => setPanel((current) => (current === next ? null : next));

  return (
    <header className={`thread-header${thread.collectionIds.length ? ' thread-header--grounded' : ''}`}>
      <div className="thread-header__row">
        <h2 className="thread-header__title" title={threadTitle(thread.title)}>
          {threadTitle(thread.title)}
        </h2>
        <div className="thread-header__controls">
          <label className="visually-hidden" htmlFor={`${ids}-model`}>
            {t('thread.model')}
          </label>
          <select
            id={`${ids}-model`}
            className="select thread-header__model"
            value={selected ? selected.id : ''}
            onChange={(e) => void updateThread(bridge, thread.id, { modelId: e.target.value || null }).then(setError)}
            data-testid="model-picker"
          >
            {selected ? null : (
              <option value="">{choices.length ? t('thread.defaultModel') : t('thread.noModel')}</option>
            )}
            {choices.map((m) => (
              <option key={m.id} value={m.id} disabled={m.status === 'missing'}>
                {m.label}
                {m.status === 'missing'
                  ? ` ${t('thread.fileMissing')}`
                  : m.status === 'failed'
                    ? ` ${t('thread.failedToLoad')}`
                    : ''}
              </option>
            ))}
          </select>
          <span className="thread-header__load" data-testid="model-status">
            {selected ? (loaded ? t('thread.loaded') : t('thread.loadsOnSend')) : ''}
          </span>
          <button
            type="button"
            className="button button--small"
            aria-expanded={panel === 'prompt'}
            onClick={() => toggle('prompt')}
          >
            {t('thread.systemPrompt')}
            {thread.systemPrompt.trim() ? ' •' : ''}
          </button>
          <button
            type="button"
            className="button button--small"
            aria-expanded={panel === 'sampling'}
            onClick={() => toggle('sampling')}
          >
            <SlidersIcon size={13} />
            {t('thread.sampling')}
          </button>
        </div>
      </div>
      <CollectionPicker thread={thread} />
      {error ? <Notice title={t('thread.couldNotChangeModel')} error={error} /> : null}
      {panel === 'prompt' ? <SystemPromptPanel key={thread.id} thread={thread} onClose={() => setPanel(null)} /> : null}
      {panel === 'sampling' ? <SamplingPanel key={thread.id} thread={thread} onClose={() => setPanel(null)} /> : null}
    </header>
  );
}
