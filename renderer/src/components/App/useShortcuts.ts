import { useEffect } from 'react';
import type { CellarBridge } from '../../api';
import { chatActions, createThread, focusComposer, useChats } from '../../store/chats';
import { preferredModelId, useModels } from '../../store/models';
import { useNavigation } from '../../store/navigation';
import { useSource } from '../../store/source';
import { useShortcutHelp } from '../ShortcutHelp/ShortcutHelp';

/** Whether the key goes into a text field (then "/" and "?" are text, not shortcuts). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type);
  return false;
}

/**
 * The window's shortcuts, listed in the help overlay (?):
 * Ctrl/Cmd+N a new chat; / the message box; Esc stops an answer (or closes the viewer, which handles its own Esc).
 */
export function useShortcuts(bridge: CellarBridge, openHelp: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        useNavigation.getState().go('chats');
        const { models, modelState } = useModels.getState();
        void createThread(bridge, preferredModelId(models, modelState));
        return;
      }
      if (mod || event.altKey) return;
      if (event.key === 'Escape') {
        // The source viewer and the shortcut list take Escape first; so does a field that clears or
        // cancels with it (search, rename, edit), except the message box.
        if (useSource.getState().source || useShortcutHelp.getState().open) return;
        if (typingIn(event.target) && !(event.target as HTMLElement).classList.contains('composer__input')) return;
        const { streaming } = useChats.getState();
        if (streaming) {
          event.preventDefault();
          void chatActions.stop(bridge, streaming.threadId);
        }
        return;
      }
      if (typingIn(event.target)) return;
      if (event.key === '?') {
        event.preventDefault();
        openHelp();
      } else if (event.key === '/') {
        event.preventDefault();
        useNavigation.getState().go('chats');
        focusComposer();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [bridge, openHelp]);
}
