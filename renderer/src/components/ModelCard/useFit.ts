import { useEffect, useState } from 'react';
import type { FitEstimate } from '../../api';
import { useBridge } from '../../bridge';
import { toDisplayError, type DisplayError } from '../../lib/errors';

interface FitRequest {
  id: string;
  /** Omitted: the model's saved settings; null: automatic. */
  contextSize?: number | null;
  gpuLayers?: number | null;
}

/**
 * The fit estimate for a model, read again whenever the request changes
 * (after a short pause, so typing a context size does not ask per key).
 */
export function useFit(
  request: FitRequest | null,
  delayMs = 0,
): { fit: FitEstimate | null; error: DisplayError | null } {
  const bridge = useBridge();
  const key = request ? JSON.stringify(request) : null;
  const [result, setResult] = useState<{ key: string; fit: FitEstimate | null; error: DisplayError | null } | null>(
    null,
  );

  useEffect(() => {
    if (!key) return;
    let live = true;
    const timer = setTimeout(() => {
      bridge.call('models.fit', JSON.parse(key) as FitRequest).then(
        (fit) => live && setResult({ key, fit, error: null }),
        (error: unknown) => live && setResult({ key, fit: null, error: toDisplayError(error) }),
      );
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, key, delayMs]);

  // Keep showing the last estimate while a new one is on its way.
  return { fit: result?.fit ?? null, error: result?.key === key ? (result?.error ?? null) : null };
}
