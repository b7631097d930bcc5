import { useEffect, useState } from 'react';
import type { CellarBridge, DocumentBytes } from '../../api';
import { useBridge } from '../../bridge';
import { toDisplayError, type DisplayError } from '../../lib/errors';

export type BytesState =
  { state: 'loading' } | { state: 'ready'; bytes: DocumentBytes } | { state: 'failed'; error: DisplayError };

/** The last few documents' bytes, so moving between sources of one answer is instant. */
const cache = new Map<string, Promise<DocumentBytes>>();
const KEEP = 3;

function fetchBytes(bridge: CellarBridge, id: string): Promise<DocumentBytes> {
  let promise = cache.get(id);
  if (!promise) {
    promise = bridge.call('documents.bytes', { id });
    promise.catch(() => cache.delete(id));
    cache.set(id, promise);
    while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  }
  return promise;
}

/** A document's stored copy, for the viewer; `retry` asks again after a failure. */
export function useDocumentBytes(id: string): { bytes: BytesState; retry(): void } {
  const bridge = useBridge();
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ key: string; state: BytesState } | null>(null);
  const key = `${id}:${attempt}`;

  useEffect(() => {
    let live = true;
    fetchBytes(bridge, id).then(
      (bytes) => live && setResult({ key, state: { state: 'ready', bytes } }),
      (error: unknown) => live && setResult({ key, state: { state: 'failed', error: toDisplayError(error) } }),
    );
    return () => {
      live = false;
    };
  }, [bridge, id, key]);

  return {
    bytes: result?.key === key ? result.state : { state: 'loading' },
    retry: () => setAttempt((n) => n + 1),
  };
}
