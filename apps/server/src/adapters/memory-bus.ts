// In-process bus for a single node: delivers synchronously to every subscriber, in publish order.
import type { Bus, BusEvent } from '../ports/bus.js';

export class MemoryBus implements Bus {
  private readonly handlers = new Set<(event: BusEvent) => void>();
  private closed = false;

  constructor(private readonly onHandlerError: (error: unknown, event: BusEvent) => void = () => {}) {}

  publish(event: BusEvent): void {
    if (this.closed) return;
    for (const handler of this.handlers) {
      // One faulty subscriber must not starve the others of the event.
      try {
        handler(event);
      } catch (error) {
        this.onHandlerError(error, event);
      }
    }
  }

  subscribe(handler: (event: BusEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    return Promise.resolve();
  }
}
