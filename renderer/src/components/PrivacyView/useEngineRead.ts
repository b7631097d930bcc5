import { useCallback, useEffect, useRef, useState } from 'react';
import type { CellarBridge } from '../../api';
import { useBridge } from '../../bridge';
import { toDisplayError, type DisplayError } from '../../lib/errors';
import { useEngineStatus, type EngineState } from '../../store/engineStatus';

export interface EngineRead<T> {
  data: T | null;
  /** The last attempt's error; `data` may still hold an older answer. */
  error: DisplayError | null;
  loading: boolean;
  reload(): void;
}

const DOWN: ReadonlySet<EngineState> = new Set(['crashed', 'restarting', 'failed']);

/**
 * Reads from the engine when mounted, on `reload()`, when the engine comes
 * back from a restart, and after "Delete everything" (the library it read
 * from is gone). Only the newest request may update the state. `read` must
 * be stable (a module function, or memoised).
 */
export function useEngineRead<T>(read: (bridge: CellarBridge) => Promise<T>): EngineRead<T> {
  const bridge = useBridge();
  const [state, setState] = useState<Omit<EngineRead<T>, 'reload'>>({ data: null, error: null, loading: true });
  const latest = useRef(0);

  const request = useCallback(() => {
    const id = ++latest.current;
    read(bridge).then(
      (data) => {
        if (latest.current === id) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (latest.current === id) setState((s) => ({ ...s, error: toDisplayError(error), loading: false }));
      },
    );
  }, [bridge, read]);

  const reload = useCallback(() => {
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    request();
  }, [request]);

  useEffect(() => {
    request();
    return () => {
      latest.current += 1;
    };
  }, [request]);

  useEffect(() => bridge.on('library.wiped', reload), [bridge, reload]);
  useEffect(
    () =>
      useEngineStatus.subscribe((now, before) => {
        if (now.state === 'ready' && DOWN.has(before.state)) reload();
      }),
    [reload],
  );

  return { ...state, reload };
}
