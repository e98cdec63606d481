// A minimal typed event emitter: a listener that throws does not stop the others.

export class Emitter<Events> {
  private readonly listeners = new Map<keyof Events, Set<(arg: never) => void>>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  /** Adds a listener; returns the function that removes it. */
  on<E extends keyof Events>(event: E, fn: (arg: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  emit<E extends keyof Events>(event: E, arg: Events[E]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    // A copy, so that a listener removing itself does not skip the next one.
    for (const fn of [...set]) {
      try {
        (fn as (arg: Events[E]) => void)(arg);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
