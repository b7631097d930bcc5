import { create } from 'zustand';

/** A passage to show in its document: from a citation or a search result. */
export interface SourceRef {
  documentId: string;
  /** The file's name, shown while it opens. */
  name: string;
  /** The file's kind when known (pdf, docx, text…); the viewer learns it from the bytes otherwise. */
  kind: string | null;
  pageStart: number;
  pageEnd: number;
  /** The passage's text, to find and highlight. */
  text: string;
  /** The citation number, when it came from an answer. */
  n: number | null;
}

interface SourceState {
  source: SourceRef | null;
  /** Bumped on every open, so opening the same source again scrolls to it again. */
  opened: number;
}

export const useSource = create<SourceState>()(() => ({ source: null, opened: 0 }));

/** Where the focus was when the viewer opened: it goes back there when the viewer closes. */
let returnFocusTo: HTMLElement | null = null;

export function openSource(source: SourceRef): void {
  if (!useSource.getState().source && typeof document !== 'undefined') {
    const active = document.activeElement;
    returnFocusTo = active instanceof HTMLElement && active !== document.body ? active : null;
  }
  useSource.setState((s) => ({ source, opened: s.opened + 1 }));
}

export function closeSource(): void {
  useSource.setState({ source: null });
  const back = returnFocusTo;
  returnFocusTo = null;
  if (back?.isConnected) back.focus({ preventScroll: true });
}
