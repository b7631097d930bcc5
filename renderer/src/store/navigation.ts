import { create } from 'zustand';

export const VIEWS = ['chats', 'documents', 'models', 'privacy', 'system'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_TITLES: Record<ViewId, string> = {
  chats: 'Chats',
  documents: 'Documents',
  models: 'Models',
  privacy: 'Privacy',
  system: 'System',
};

interface NavigationState {
  view: ViewId;
  go(view: ViewId): void;
}

export const useNavigation = create<NavigationState>()((set) => ({
  view: 'chats',
  go: (view) => set({ view }),
}));
