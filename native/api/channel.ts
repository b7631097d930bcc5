/**
 * A message pipe between the engine and one client: a MessagePort, a
 * WebSocket, a child process's IPC channel. The RPC layer runs on top.
 */
export interface Channel {
  post(data: unknown): void;
  on(listener: (data: unknown) => void): void;
  off(listener: (data: unknown) => void): void;
}

/** The name of the single client-side function the engine calls to push events. */
export const EVENT_FUNCTION = 'event';

export interface ClientFunctions {
  [EVENT_FUNCTION](name: string, payload: unknown): void;
}
