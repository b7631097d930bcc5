import { createContext, useContext, type ReactNode } from 'react';
import type { CellarBridge } from './api';

/**
 * The engine API reaches components through context rather than through
 * `window.cellar` directly, so tests can hand in a fake bridge.
 */
const BridgeContext = createContext<CellarBridge | null>(null);

export function BridgeProvider({ bridge, children }: { bridge: CellarBridge; children: ReactNode }) {
  return <BridgeContext value={bridge}>{children}</BridgeContext>;
}

export function useBridge(): CellarBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge() needs a <BridgeProvider> above it.');
  return bridge;
}
