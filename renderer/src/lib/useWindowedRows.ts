import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Lists up to this long are rendered whole; longer ones only around what is on screen. */
export const WINDOW_FROM = 80;
const ESTIMATE_PX = 52;
const OVERSCAN_PX = 600;

export interface WindowOptions {
  /** The height assumed for a row not rendered yet (px). */
  estimate?: number;
  /** Lists up to this long are rendered whole. */
  windowFrom?: number;
}

export interface RowWindow {
  start: number;
  end: number;
  /** Space standing in for the rows above and below the rendered ones. */
  padTop: number;
  padBottom: number;
  /** Give each rendered row's element (a stable function), so its real height is used. */
  measure(key: string, el: HTMLElement | null): void;
}

function scrollParent(el: HTMLElement | null): HTMLElement | null {
  for (let node = el?.parentElement ?? null; node; node = node.parentElement) {
    const { overflowY } = getComputedStyle(node);
    if (overflowY === 'auto' || overflowY === 'scroll') return node;
  }
  return null;
}

/**
 * Windowing by scroll position, for long tables and lists: rows are measured
 * as they render (they differ in height: errors, warnings, a confirmation),
 * unmeasured ones count as an estimate, and only the rows near the visible
 * part of the nearest scrolling container are rendered. Short lists render
 * whole. The rows must sit one under the other with no gap or margin between
 * them: their offsets are the sums of their heights.
 */
export function useWindowedRows(
  keys: string[],
  body: RefObject<HTMLElement | null>,
  { estimate = ESTIMATE_PX, windowFrom = WINDOW_FROM }: WindowOptions = {},
): RowWindow {
  const count = keys.length;
  const windowed = count > windowFrom;
  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(() => new Map());
  const [view, setView] = useState({ top: 0, bottom: 1200 });
  const observer = useRef<ResizeObserver | null>(null);
  const observed = useRef(new Map<string, HTMLElement>());

  // Follow the scrolling container's position over the table.
  useLayoutEffect(() => {
    if (!windowed) return;
    const scroller = scrollParent(body.current);
    if (!scroller) return;
    let frame = 0;
    const update = (): void => {
      frame = 0;
      const el = body.current;
      if (!el) return;
      const top = scroller.getBoundingClientRect().top - el.getBoundingClientRect().top;
      const next = { top: Math.round(top), bottom: Math.round(top + scroller.clientHeight) };
      setView((v) => (Math.abs(v.top - next.top) < 8 && Math.abs(v.bottom - next.bottom) < 8 ? v : next));
    };
    const schedule = (): void => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    scroller.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      scroller.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [windowed, body]);

  useEffect(() => {
    if (!windowed || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const measured = entries.map((entry) => {
        const el = entry.target as HTMLElement;
        return [el.dataset.key ?? '', Math.round(el.offsetHeight)] as const;
      });
      setHeights((held) => {
        let next: Map<string, number> | null = null;
        for (const [key, height] of measured) {
          if (!key || height <= 0 || held.get(key) === height) continue;
          next ??= new Map(held);
          next.set(key, height);
        }
        return next ?? held;
      });
    });
    observer.current = ro;
    for (const el of observed.current.values()) ro.observe(el);
    return () => {
      ro.disconnect();
      observer.current = null;
    };
  }, [windowed]);

  const measure = useCallback((key: string, el: HTMLElement | null) => {
    const held = observed.current.get(key);
    if (held && held !== el) {
      observer.current?.unobserve(held);
      observed.current.delete(key);
    }
    if (el) {
      el.dataset.key = key;
      observed.current.set(key, el);
      observer.current?.observe(el);
    }
  }, []);

  if (!windowed) return { start: 0, end: count, padTop: 0, padBottom: 0, measure };

  let offset = 0;
  let start = -1;
  let end = count;
  let padTop = 0;
  for (let i = 0; i < count; i++) {
    const height = heights.get(keys[i]!) ?? estimate;
    if (start < 0 && offset + height >= view.top - OVERSCAN_PX) {
      start = i;
      padTop = offset;
    }
    if (start >= 0 && offset > view.bottom + OVERSCAN_PX) {
      end = i;
      break;
    }
    offset += height;
  }
  if (start < 0) {
    start = count - 1;
    padTop = offset - (heights.get(keys[start]!) ?? estimate);
  }
  let padBottom = 0;
  for (let i = end; i < count; i++) padBottom += heights.get(keys[i]!) ?? estimate;
  return { start, end, padTop, padBottom, measure };
}
