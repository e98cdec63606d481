// The records of the in-memory Store, on plain Maps, shared by its layers (one per aggregate:
// memory-directory, memory-conversations, memory-agent-tools, and memory-store on top).
import { AppError } from '../domain/app-error.js';
import type { AgentId, ContactId, ConversationId, InboxId, TeamId, TenantId } from '../domain/ids.js';
import type {
  AgentCredentials,
  CannedResponse,
  Contact,
  Conversation,
  Csat,
  Cursor,
  CustomField,
  Entry,
  Inbox,
  Label,
  Team,
} from '../domain/model.js';
import type { Clock } from '../ports/clock.js';

/** A tenant as kept here: only the settings it has set, merged over the defaults on every read. */
export interface StoredTenant {
  id: TenantId;
  name: string;
  settings: Record<string, unknown>;
  createdAt: string;
}

export interface BlockedIp {
  tenantId: TenantId;
  ip: string;
  reason: string;
  createdAt: string;
}

/** Insertion order of every Map is creation order, as SQLite's rowids; it breaks ties between equal timestamps. */
export abstract class MemoryState {
  protected readonly clock: Clock;
  protected closed = false;

  protected readonly tenants = new Map<TenantId, StoredTenant>();
  protected readonly inboxes = new Map<InboxId, Inbox>();
  protected readonly teams = new Map<TeamId, Team>();
  /** Members of each team in the order they joined. */
  protected readonly members = new Map<TeamId, Set<AgentId>>();
  protected readonly inboxByWidgetKey = new Map<string, InboxId>();
  protected readonly contacts = new Map<ContactId, Contact>();
  protected readonly contactByExternalId = new Map<string, ContactId>();
  protected readonly agents = new Map<AgentId, AgentCredentials>();
  protected readonly agentByEmail = new Map<string, AgentId>();
  /** Labels of a conversation are replaced, never changed in place, and copied on the way out. */
  protected readonly conversations = new Map<ConversationId, Conversation>();
  protected readonly timelines = new Map<ConversationId, Entry[]>();
  /** Every entry in append order. */
  protected readonly entries: Entry[] = [];
  protected readonly entryBySenderKey = new Map<string, Entry>();
  protected readonly cursors = new Map<ConversationId, Map<string, Cursor>>();

  protected readonly cannedResponses = new Map<string, CannedResponse>();
  /** By key(tenant, ASCII-folded name). */
  protected readonly labels = new Map<string, Label>();
  /** By key(tenant, field key). */
  protected readonly customFields = new Map<string, CustomField>();
  /** By key(tenant, ip). */
  protected readonly blockedIps = new Map<string, BlockedIp>();
  protected readonly ratings = new Map<ConversationId, Csat>();

  protected constructor(clock: Clock) {
    this.clock = clock;
  }

  protected now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  protected assertOpen(): void {
    if (this.closed) throw new AppError('unavailable', 'store is closed');
  }

  protected assertTenant(tenantId: TenantId): void {
    if (!this.tenants.has(tenantId)) throw new AppError('not_found', 'tenant not found');
  }
}
