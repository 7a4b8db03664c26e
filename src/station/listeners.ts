type Listener<T> = (payload: T) => void;

/** Typed event listeners; a throwing listener is reported and does not stop the others. */
export class Listeners<Events extends Record<string, unknown>> {
  private readonly byEvent = new Map<keyof Events, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (event: string, error: unknown) => void) {}

  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void {
    const set = this.byEvent.get(event) ?? new Set();
    set.add(listener as Listener<never>);
    this.byEvent.set(event, set);
    return () => set.delete(listener as Listener<never>);
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    for (const listener of [...(this.byEvent.get(event) ?? [])]) {
      try {
        (listener as Listener<Events[E]>)(payload);
      } catch (error) {
        this.onListenerError(String(event), error);
      }
    }
  }
}
