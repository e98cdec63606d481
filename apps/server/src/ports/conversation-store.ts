// Conversations and their state changes, each recorded in the timeline in the same transaction.
import type { AgentId, ContactId, ConversationId, InboxId, TenantId } from '../domain/ids.js';
import type { Conversation, ConversationStatus, Entry, Participant } from '../domain/model.js';

export interface ConversationFilter {
  status?: ConversationStatus[];
  /** An agent id, or null for unassigned conversations. */
  assigneeId?: AgentId | null;
  inboxId?: InboxId;
  contactId?: ContactId;
  /** Page backwards: only conversations updated strictly before this cursor (from a previous page). */
  before?: { updatedAt: string; id: string };
  /** 1..500 */
  limit: number;
}

/**
 * A state change applied only when the conversation is in the expected state.
 * The check and the write are one atomic step in the store: never check-then-act.
 */
export interface Transition {
  from: { statuses?: ConversationStatus[]; unassigned?: boolean; assigneeId?: AgentId };
  to: { status?: ConversationStatus; assigneeId?: AgentId | null };
  /** The `event` entry appended to the timeline with the change. */
  event: { actor: Participant; name: string; text: string; data?: Record<string, unknown> };
}

export type TransitionResult =
  | { kind: 'applied'; conversation: Conversation; entry: Entry }
  | { kind: 'refused'; conversation: Conversation }
  | { kind: 'not_found' };

export interface ConversationStore {
  getConversation(tenantId: TenantId, id: ConversationId): Promise<Conversation | null>;
  /** Newest first, by last update. */
  listConversations(tenantId: TenantId, filter: ConversationFilter): Promise<Conversation[]>;
  /** Atomic: of concurrent transitions whose `from` excludes each other, exactly one applies. */
  transition(tenantId: TenantId, id: ConversationId, transition: Transition): Promise<TransitionResult>;
}
