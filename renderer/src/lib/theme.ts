import { create } from 'zustand';

/** The window's colours: the system's, or always light, or always dark. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Kept beside the language choice, in the window's own storage. */
export const THEME_STORAGE_KEY = 'cellar.theme';

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

function readStored(): Theme {
  try {
    const stored = globalThis.localStorage?.getItem(THEME_STORAGE_KEY) ?? null;
    return isTheme(stored) ? stored : 'system';
  } catch {
    return 'system';
  }
}

/** `<html data-theme>` decides when a theme is chosen; without it, the system's setting does (theme.css). */
function applyToDocument(theme: Theme): void {
  if (typeof document === 'undefined') return;
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export const useTheme = create<{ theme: Theme }>()(() => ({ theme: readStored() }));
applyToDocument(useTheme.getState().theme);

/** Switch now and remember the choice. */
export function setTheme(theme: Theme): void {
  try {
    globalThis.localStorage?.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage may be unavailable; the switch still applies for this session.
  }
  applyToDocument(theme);
  useTheme.setState({ theme });
}
