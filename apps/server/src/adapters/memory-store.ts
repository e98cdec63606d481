// An in-memory Store on plain Maps, for unit tests: the same contract as SQLite, no durability.
// Split by aggregate into layers: memory-state (the Maps) ← memory-directory ← memory-conversations
// ← memory-agent-tools ← memory-uploads ← memory-bot ← this.
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../ports/clock.js';
import type { Store, StoreIdentity } from '../ports/store.js';
import { MemoryBot } from './memory-bot.js';

export class MemoryStore extends MemoryBot implements Store {
  readonly #identity: StoreIdentity = {
    epoch: randomBytes(12).toString('base64url'),
    secret: randomBytes(32).toString('base64url'),
  };

  constructor(clock: Clock = systemClock) {
    super(clock);
  }

  async identity(): Promise<StoreIdentity> {
    this.assertOpen();
    return { ...this.#identity };
  }

  async ping(): Promise<boolean> {
    this.assertOpen();
    return true;
  }

  /** Nothing is pending in memory; later calls fail as they would on any closed store. */
  async close(): Promise<void> {
    this.closed = true;
  }
}
