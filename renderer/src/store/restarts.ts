import type { CellarBridge } from '../api';
import { refreshCatalog } from './catalog';
import { openThread, refreshThreads, useChats } from './chats';
import { useEngineStatus, type EngineState } from './engineStatus';
import { refreshModels, useModels } from './models';

const DOWN: ReadonlySet<EngineState> = new Set(['crashed', 'restarting', 'failed']);

/**
 * When the engine comes back after a crash, events may have been lost: an
 * answer that was streaming will never get its chat.done (the engine marks
 * it interrupted), and the resident model is gone. Read everything again.
 */
export function followRestarts(bridge: CellarBridge): () => void {
  return useEngineStatus.subscribe((now, before) => {
    if (now.state !== 'ready' || !DOWN.has(before.state)) return;
    useChats.setState({ streaming: null, pending: null });
    void refreshThreads(bridge);
    const { currentId } = useChats.getState();
    if (currentId) void openThread(bridge, currentId);
    void refreshModels(bridge);
    bridge.call('models.state').then(
      (modelState) => useModels.setState({ modelState }),
      () => {},
    );
    void refreshCatalog(bridge);
  });
}
