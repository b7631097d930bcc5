import { create } from 'zustand';

import { t } from '../i18n';

export const VIEWS = ['chats', 'documents', 'models', 'privacy', 'system', 'settings'] as const;
export type ViewId = (typeof VIEWS)[number];

/** A view's name in the current language. */
export function viewTitle(view: ViewId): string {
  return t(`nav.${view}`);
}

interface NavigationState {
  view: ViewId;
  go(view: ViewId): void;
}

export const useNavigation = create<NavigationState>()((set) => ({
  view: 'chats',
  go: (view) => set({ view }),
}));
