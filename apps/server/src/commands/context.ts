// What every command needs: the store (the source of truth), the bus and the clock.
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';

export interface CommandContext {
  store: Store;
  bus: Bus;
  clock: Clock;
}
