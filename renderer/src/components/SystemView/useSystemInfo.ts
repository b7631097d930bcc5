import { useCallback, useEffect, useRef, useState } from 'react';
import type { SystemInfo } from '../../api';
import { useBridge } from '../../bridge';
import { toDisplayError, type DisplayError } from '../../lib/errors';
import { useEngineStatus, type EngineState } from '../../store/engineStatus';

export interface SystemInfoState {
  info: SystemInfo | null;
  /** When `info` arrived (Date.now()), to keep the engine's uptime ticking. */
  fetchedAt: number | null;
  /** The last attempt's error; `info` may still hold an older answer. */
  error: DisplayError | null;
  loading: boolean;
}

const DOWN: ReadonlySet<EngineState> = new Set(['crashed', 'restarting', 'failed']);

/**
 * Reads system.info when mounted, on `reload()`, and again when the engine
 * comes back from a restart (its pid and uptime change, maybe its backend).
 * Only the newest request may update the state.
 */
export function useSystemInfo(): SystemInfoState & { reload(): void } {
  const bridge = useBridge();
  const [state, setState] = useState<SystemInfoState>({ info: null, fetchedAt: null, error: null, loading: true });
  const latest = useRef(0);

  const request = useCallback(() => {
    const id = ++latest.current;
    bridge.call('system.info').then(
      (info) => {
        if (latest.current === id) setState({ info, fetchedAt: Date.now(), error: null, loading: false });
      },
      (error: unknown) => {
        if (latest.current === id) setState((s) => ({ ...s, error: toDisplayError(error), loading: false }));
      },
    );
  }, [bridge]);

  const reload = useCallback(() => {
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    request();
  }, [request]);

  useEffect(() => {
    request(); // the state starts out loading
    return () => {
      latest.current += 1; // unmounted: drop whatever is still in flight
    };
  }, [request]);

  // The store calls back on every change, so a quick crashed -> ready is not missed.
  useEffect(
    () =>
      useEngineStatus.subscribe((now, before) => {
        if (now.state === 'ready' && (DOWN.has(before.state) || now.restarts !== before.restarts)) reload();
      }),
    [reload],
  );

  return { ...state, reload };
}
