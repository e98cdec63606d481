// Messages written but not yet confirmed by `sent`, kept in storage so that a reload loses none.
import type { ClientStore, OutboxRecord } from './storage.js';

/**
 * The outbox in creation order. Every change is applied to what storage holds at that moment
 * (not to this tab's copy), so two tabs adding and removing items never undo each other.
 */
export class Outbox {
  private items: OutboxRecord[];

  constructor(private readonly store: ClientStore) {
    this.items = store.readOutbox();
  }

  list(): readonly OutboxRecord[] {
    return this.items;
  }

  get(id: string): OutboxRecord | undefined {
    return this.items.find((i) => i.id === id);
  }

  add(item: OutboxRecord): void {
    this.items = this.store.mutateOutbox((items) => [...items.filter((i) => i.id !== item.id), item]);
    // Storage that refuses writes must not lose the item for this session.
    if (!this.get(item.id)) this.items = [...this.items, item];
  }

  update(id: string, patch: Partial<Pick<OutboxRecord, 'state' | 'error'>>): void {
    const apply = (i: OutboxRecord): OutboxRecord => {
      if (i.id !== id) return i;
      const next: OutboxRecord = { ...i, ...patch };
      if (patch.state === 'sending') delete next.error;
      return next;
    };
    const stored = this.store.mutateOutbox((items) => items.map(apply));
    this.items = stored.some((i) => i.id === id) ? stored : this.items.map(apply);
  }

  /** Removes an item; true when this tab held it. */
  remove(id: string): boolean {
    const held = this.get(id) !== undefined;
    this.items = this.store.mutateOutbox((items) => items.filter((i) => i.id !== id));
    this.items = this.items.filter((i) => i.id !== id);
    return held;
  }

  /** Takes what another tab wrote. */
  reload(): void {
    this.items = this.store.readOutbox();
  }
}
