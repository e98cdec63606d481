// The tenant's unassigned open conversations that every agent's welcome lists, read once and
// shared by the hellos that follow until one of them changes: in a reconnect storm of a thousand
// agents the store answers one query, not a thousand.
import type { TenantId } from '../domain/ids.js';
import type { Bus, BusEvent } from '../ports/bus.js';
import type { ConversationBrief } from '../ports/conversation-store.js';
import type { Store } from '../ports/store.js';

/** As many as an agent's welcome lists. */
export const WELCOME_UNASSIGNED_LIMIT = 200;

export class UnassignedList {
  private readonly byTenant = new Map<TenantId, Promise<ConversationBrief[]>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    bus: Bus,
  ) {
    this.unsubscribe = bus.subscribe((event) => this.onEvent(event));
  }

  /**
   * As fresh as reading the store now: a list read before a change published on this node is
   * dropped when the change is published (the store has it by then), so a later hello reads again.
   */
  list(tenantId: TenantId): Promise<ConversationBrief[]> {
    let listed = this.byTenant.get(tenantId);
    if (!listed) {
      listed = this.store.listConversationSummaries(tenantId, { status: ['bot', 'queued', 'open'], assigneeId: null, limit: WELCOME_UNASSIGNED_LIMIT });
      this.byTenant.set(tenantId, listed);
      const mine = listed;
      // A failed read is not kept: the next hello tries again.
      listed.catch(() => {
        if (this.byTenant.get(tenantId) === mine) this.byTenant.delete(tenantId);
      });
    }
    return listed;
  }

  close(): void {
    this.unsubscribe();
    this.byTenant.clear();
  }

  private onEvent(event: BusEvent): void {
    // A change of status, assignee or team can move a conversation in or out of the list; a new
    // entry moves the lastSeq the welcome shows.
    if (event.type === 'conversation.updated' || (event.type === 'entry.appended' && event.conversation.assigneeId === null)) {
      this.byTenant.delete(event.tenantId);
    }
  }
}
