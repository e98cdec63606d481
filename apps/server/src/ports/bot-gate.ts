// Whether the bot takes a visitor's new (or reopened) conversation; asked by the send path.
import type { InboxId, TenantId } from '../domain/ids.js';

export interface BotGate {
  /** True when the tenant's active bot is enabled for the inbox. Cheap: answered from memory after the first call. */
  takesConversations(tenantId: TenantId, inboxId: InboxId): Promise<boolean>;
}
