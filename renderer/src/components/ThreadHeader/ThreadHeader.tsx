import { useId, useState } from 'react';
import type { Thread } from '../../api';
import { useBridge } from '../../bridge';
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
  const choices = chatModels(models);
  const selected = choices.find((m) => m.id === thread.modelId);
  const loaded = modelState.state === 'ready' && modelState.model.modelId === thread.modelId;

  const toggle = (next: Panel): void => setPanel((current) => (current === next ? null : next));

  return (
    <header className={`thread-header${thread.collectionIds.length ? ' thread-header--grounded' : ''}`}>
      <div className="thread-header__row">
        <h2 className="thread-header__title" title={thread.title}>
          {thread.title}
        </h2>
        <div className="thread-header__controls">
          <label className="visually-hidden" htmlFor={`${ids}-model`}>
            Model
          </label>
          <select
            id={`${ids}-model`}
            className="select thread-header__model"
            value={selected ? selected.id : ''}
            onChange={(e) => void updateThread(bridge, thread.id, { modelId: e.target.value || null }).then(setError)}
            data-testid="model-picker"
          >
            {selected ? null : <option value="">{choices.length ? 'Default model' : 'No chat model yet'}</option>}
            {choices.map((m) => (
              <option key={m.id} value={m.id} disabled={m.status === 'missing'}>
                {m.label}
                {m.status === 'missing' ? ' (file missing)' : m.status === 'failed' ? ' (failed to load)' : ''}
              </option>
            ))}
          </select>
          <span className="thread-header__load" data-testid="model-status">
            {selected ? (loaded ? 'Loaded' : 'Loads when you send') : ''}
          </span>
          <button
            type="button"
            className="button button--small"
            aria-expanded={panel === 'prompt'}
            onClick={() => toggle('prompt')}
          >
            System prompt{thread.systemPrompt.trim() ? ' •' : ''}
          </button>
          <button
            type="button"
            className="button button--small"
            aria-expanded={panel === 'sampling'}
            onClick={() => toggle('sampling')}
          >
            <SlidersIcon size={13} />
            Sampling
          </button>
        </div>
      </div>
      <CollectionPicker thread={thread} />
      {error ? <Notice title="Could not change the model" error={error} /> : null}
      {panel === 'prompt' ? <SystemPromptPanel key={thread.id} thread={thread} onClose={() => setPanel(null)} /> : null}
      {panel === 'sampling' ? <SamplingPanel key={thread.id} thread={thread} onClose={() => setPanel(null)} /> : null}
    </header>
  );
}
