import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { CloseIcon } from '../Icons/Icons';
import './ShortcutHelp.css';

/** Whether the shortcut list is open: by ?, or the sidebar's button. */
export const useShortcutHelp = create<{ open: boolean }>()(() => ({ open: false }));
export const openShortcutHelp = (): void => useShortcutHelp.setState({ open: true });
const closeShortcutHelp = (): void => useShortcutHelp.setState({ open: false });

/** Ctrl on Windows and Linux, ⌘ on a Mac. */
function modKey(): string {
  const platform = typeof navigator === 'undefined' ? '' : navigator.platform;
  return /Mac|iPhone|iPad/.test(platform) ? '⌘' : 'Ctrl';
}

/** The keyboard shortcuts, in a modal dialog: opened with ?, closed with Esc or its button; focus goes back where it was. */
export function ShortcutHelp() {
  const open = useShortcutHelp((s) => s.open);
  const onClose = closeShortcutHelp;
  const dialog = useRef<HTMLDialogElement>(null);
  const { t } = useTranslation();

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal?.();
    if (!open && el.open) el.close?.();
  }, [open]);

  const mod = modKey();
  const rows: Array<[string[], string]> = [
    [[mod, 'N'], t('shortcuts.newChat')],
    [['/'], t('shortcuts.focusComposer')],
    [['Esc'], t('shortcuts.stop')],
    [['Esc'], t('shortcuts.closeViewer')],
    [['?'], t('shortcuts.help')],
  ];

  return (
    <dialog
      ref={dialog}
      className="shortcut-help"
      aria-labelledby="shortcut-help-title"
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      data-testid="shortcut-help"
    >
      <div className="shortcut-help__header">
        <h2 id="shortcut-help-title" className="shortcut-help__title">
          {t('shortcuts.title')}
        </h2>
        <button type="button" className="icon-button" aria-label={t('shortcuts.close')} onClick={onClose}>
          <CloseIcon size={15} />
        </button>
      </div>
      <dl className="shortcut-help__list">
        {rows.map(([keys, what], i) => (
          <div className="shortcut-help__row" key={i}>
            <dt>
              {keys.map((key, j) => (
                <kbd key={j}>{key}</kbd>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}
