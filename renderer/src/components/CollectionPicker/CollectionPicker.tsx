import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import type { Thread } from '../../api';
import { useBridge } from '../../bridge';
import type { DisplayError } from '../../lib/errors';
import { updateThread } from '../../store/chats';
import { useDocuments } from '../../store/documents';
import { DocumentIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';
import './CollectionPicker.css';

/** "Answer from: [x] Contracts [ ] Patients": the collections a chat answers from, with citations. */
export function CollectionPicker({ thread }: { thread: Thread }) {
  const bridge = useBridge();
  const { t } = useTranslation();
  const collections = useDocuments((s) => s.collections);
  // The choice being saved, shown at once (the checkbox must not lag behind the click).
  const [pending, setPending] = useState<string[] | null>(null);
  const [error, setError] = useState<DisplayError | null>(null);

  if (!collections?.length) return null;
  const known = new Set(collections.map((c) => c.id));
  const selected = (pending ?? thread.collectionIds).filter((id) => known.has(id));

  const toggle = async (id: string, on: boolean): Promise<void> => {
    const next = collections.map((c) => c.id).filter((c) => (c === id ? on : selected.includes(c)));
    setPending(next);
    setError(await updateThread(bridge, thread.id, { collectionIds: next }));
    setPending(null);
  };

  return (
    <div className="collection-picker-area">
      <div
        className={`collection-picker${selected.length ? ' collection-picker--on' : ''}`}
        role="group"
        aria-label={t('picker.answerFrom')}
        data-testid="collection-picker"
      >
        <span className="collection-picker__label">
          <DocumentIcon size={14} />
          {t('picker.answerFromColon')}
        </span>
        {collections.map((c) => {
          const on = selected.includes(c.id);
          return (
            <label key={c.id} className={`collection-picker__chip${on ? ' collection-picker__chip--on' : ''}`}>
              <input
                type="checkbox"
                checked={on}
                disabled={pending !== null}
                onChange={(e) => void toggle(c.id, e.target.checked)}
              />
              {c.name}
            </label>
          );
        })}
        <span className="collection-picker__hint" data-testid="grounding-hint">
          {selected.length ? t('picker.grounded') : t('picker.ungrounded')}
        </span>
      </div>
      {error ? <Notice title={t('picker.couldNotChange')} error={error} /> : null}
    </div>
  );
}
