import { create } from 'zustand';
import type { CellarBridge, EngineStatusEvent } from '../api';

/** The shell's states, plus `connecting`: nothing heard from the engine yet. */
export type EngineState = EngineStatusEvent['state'] | 'connecting';

interface EngineStatusState {
  state: EngineState;
  /** The shell's explanation for a crash or failure, when it gave one. */
  message: string | null;
  restarts: number;
  apply(event: EngineStatusEvent): void;
  /** The engine answered a call, so it is up even if no `ready` event reached us. */
  answered(): void;
}

export const useEngineStatus = create<EngineStatusState>()((set) => ({
  state: 'connecting',
  message: null,
  restarts: 0,
  apply: (event) => set({ state: event.state, message: event.message ?? null, restarts: event.restarts }),
  answered: () =>
    set((current) =>
      current.state === 'connecting' || current.state === 'starting' ? { state: 'ready', message: null } : current,
    ),
}));

/**
 * Follow the engine's status for as long as the window lives. The shell may
 * have sent its first `ready` before the app subscribed, so a ping fills in:
 * once the engine answers, it is ready. Calls made before the engine is up
 * simply wait, so the ping needs no retry.
 */
export function followEngineStatus(bridge: CellarBridge): () => void {
  const { apply, answered } = useEngineStatus.getState();
  const unsubscribe = bridge.on('engine.status', apply);
  let active = true;
  bridge.call('system.ping', { echo: 'renderer' }).then(
    () => {
      if (active) answered();
    },
    () => {
      // A failed ping says nothing new: engine.status events report crashes and failures.
    },
  );
  return () => {
    active = false;
    unsubscribe();
  };
}
