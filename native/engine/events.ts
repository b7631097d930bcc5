import type { EngineEvents, EventName } from '../api/contract.js';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Fan-out of engine events to every connected transport. */
export class EventHub {
  readonly #listeners = new Set<EventListener>();

  subscribe = (listener: EventListener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  emit<E extends EventName>(event: E, payload: EngineEvents[E]): void {
    for (const listener of this.#listeners) listener(event, payload);
  }
}
