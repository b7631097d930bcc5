import { useState, type KeyboardEvent } from 'react';
import './InlineEdit.css';

interface InlineEditProps {
  value: string;
  /** What the field is, for screen readers: "Model name", "Chat title". */
  label: string;
  onSave(value: string): void;
  onCancel(): void;
}

/** A text field in place of a title: Enter or leaving it saves, Escape cancels. */
export function InlineEdit({ value, label, onSave, onCancel }: InlineEditProps) {
  const [draft, setDraft] = useState(value);
  const commit = (): void => {
    const next = draft.trim();
    if (next && next !== value) onSave(next);
    else onCancel();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  };
  return (
    <input
      className="input inline-edit"
      aria-label={label}
      value={draft}
      // Focus moves here because the user asked to rename.
      autoFocus
      onFocus={(e) => e.target.select()}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={commit}
      maxLength={200}
    />
  );
}
