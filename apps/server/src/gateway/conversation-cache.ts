// The conversations that typing indicators are routed by (who the visitor is, who holds it, who
// watches), read once and kept until the bus says they changed. Reading the store for every typing
// frame took a fifth of the server's time at 10,000 frames/s (bench/FINDINGS.md, "Typing without
// a read"). Only what routing needs is trusted here: sends and syncs read the store as before.
import type { ConversationId, TenantId } from '../domain/ids.js';
import type { Conversation } from '../domain/model.js';
import type { Bus, BusEvent } from '../ports/bus.js';
import type { Store } from '../ports/store.js';

/**
 * Conversations kept at most; the oldest read goes first. Not least-recently-used: moving a key to
 * the end of the map on every frame churned the map's table (a new one every few thousand frames),
 * while a conversation dropped here costs one read when its next indicator comes.
 */
export const CONVERSATION_CACHE_SIZE = 10_000;

export class ConversationCache {
  private readonly byKey = new Map<string, Promise<Conversation | null>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    bus: Bus,
    private readonly capacity = CONVERSATION_CACHE_SIZE,
  ) {
    this.unsubscribe = bus.subscribe((event) => this.onEvent(event));
  }

  /**
   * The conversation as the store had it at the last change published, or read now. A read still
   * running when a change is published is not kept, so a later call reads again.
   */
  get(tenantId: TenantId, id: ConversationId): Promise<Conversation | null> {
    const key = keyOf(tenantId, id);
    const kept = this.byKey.get(key);
    if (kept) return kept;
    // Committed is enough to route an indicator by; nothing read here is shown as stored.
    const read = this.store.getConversation(tenantId, id, 'committed');
    this.byKey.set(key, read);
    if (this.byKey.size > this.capacity) this.byKey.delete(this.byKey.keys().next().value as string);
    const forget = () => {
      if (this.byKey.get(key) === read) this.byKey.delete(key);
    };
    // Unknown ids and failed reads are not kept: the next frame asks the store again.
    read.then((found) => (found ? undefined : forget()), forget);
    return read;
  }

  get size(): number {
    return this.byKey.size;
  }

  close(): void {
    this.unsubscribe();
    this.byKey.clear();
  }

  private onEvent(event: BusEvent): void {
    // A change of status, assignee or team changes who hears the conversation.
    if (event.type === 'conversation.updated') this.byKey.delete(keyOf(event.tenantId, event.conversation.id));
  }
}

function keyOf(tenantId: TenantId, id: ConversationId): string {
  return `${tenantId}\u0000${id}`;
}
