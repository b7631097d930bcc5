/**
 * The messages birpc exchanges, checked before birpc sees them so that a
 * malformed message gets a typed error instead of crashing the handler.
 */
export interface WireRequest {
  t: 'q';
  m: string;
  a: unknown[];
  i?: string;
  o?: boolean;
}

export interface WireResponse {
  t: 's';
  i: string;
  r?: unknown;
  e?: unknown;
}

export type WireMessage = WireRequest | WireResponse;

/** Returns null when the message is well formed, else what is wrong with it. */
export function wireProblem(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'a message must be an object';
  const m = data as Record<string, unknown>;
  if (m.t === 'q') {
    if (typeof m.m !== 'string' || m.m.length === 0) return 'a request needs a method name';
    if (!Array.isArray(m.a)) return 'a request needs an array of arguments';
    if (m.i !== undefined && typeof m.i !== 'string') return 'a request id must be a string';
    return null;
  }
  if (m.t === 's') return typeof m.i === 'string' ? null : 'a response needs an id';
  return 'unknown message type';
}

/** The request id of a message, if it has a usable one. */
export function requestId(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const id = (data as Record<string, unknown>).i;
  return typeof id === 'string' ? id : undefined;
}
