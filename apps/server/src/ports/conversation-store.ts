// Conversations and their state changes, each recorded in the timeline in the same transaction.
import type { AgentId, ContactId, ConversationId, InboxId, TeamId, TenantId } from '../domain/ids.js';
import type { Conversation, ConversationStatus, Entry, Participant, Priority } from '../domain/model.js';
import type { ReadMode } from './read-mode.js';

/** A conversation as far as a client's welcome needs it. */
export type ConversationBrief = Pick<Conversation, 'id' | 'lastSeq' | 'status'>;

/** A conversation as far as a replay needs it: whose it is, who has it, how far its timeline goes. */
export type ConversationPosition = Pick<Conversation, 'id' | 'tenantId' | 'contactId' | 'assigneeId' | 'lastSeq'>;

export interface ConversationFilter {
  status?: ConversationStatus[];
  /** An agent id, or null for unassigned conversations. */
  assigneeId?: AgentId | null;
  inboxId?: InboxId;
  contactId?: ContactId;
  /** A team id, or null for conversations without a team. */
  teamId?: TeamId | null;
  /** Only conversations assigned strictly before this instant (ISO 8601). */
  assignedBefore?: string;
  /** Only conversations whose assignee has not written since the assignment (`lastAgentMessageAt` null or older than `assignedAt`). */
  unanswered?: boolean;
  /** Only conversations whose last visitor message (or creation, if none) is strictly before this instant. */
  visitorQuietSince?: string;
  /** Only conversations carrying this label. */
  label?: string;
  /** Page backwards: only conversations after this cursor in list order, `(updatedAt, id)` descending (from a previous page). */
  before?: { updatedAt: string; id: string };
  /** 1..500 */
  limit: number;
}

/**
 * A state change applied only when the conversation is in the expected state.
 * The check and the write are one atomic step in the store: never check-then-act.
 */
export interface Transition {
  from: {
    statuses?: ConversationStatus[];
    unassigned?: boolean;
    assigneeId?: AgentId;
    /**
     * The agent the conversation goes to holds fewer than `capacity` open conversations, counted in
     * the store in the same atomic step, so that concurrent assignments never push anyone past it.
     */
    capacityOf?: { agentId: AgentId; capacity: number };
    /** The conversation is being offered to this agent. */
    pendingTransferTo?: AgentId;
  };
  /**
   * Setting `status: 'queued'` stamps `queuedAt`; setting a non-null `assigneeId` stamps the
   * conversation's `assignedAt` and the agent's `lastAssignedAt`, all in the same step.
   */
  to: {
    status?: ConversationStatus;
    assigneeId?: AgentId | null;
    teamId?: TeamId | null;
    priority?: Priority;
    pendingTransferTo?: AgentId | null;
    /** Replaces the labels whole (names of the tenant's labels; the store keeps them sorted, without repeats). */
    labels?: string[];
  };
  /** The `event` entry appended to the timeline with the change. */
  event: { actor: Participant; name: string; text: string; data?: Record<string, unknown> };
}

export type TransitionResult =
  | { kind: 'applied'; conversation: Conversation; entry: Entry }
  | { kind: 'refused'; conversation: Conversation }
  | { kind: 'not_found' };

export interface QueueFilter {
  /** Only these teams; `null` in the list stands for conversations without a team. Omitted: every team. */
  teamIds?: Array<TeamId | null>;
  limit: number;
}

export interface ConversationStore {
  getConversation(tenantId: TenantId, id: ConversationId, mode?: ReadMode): Promise<Conversation | null>;
  /**
   * Five fields of the conversation's row, for a resume or a `sync`: every returning client's hello
   * reads one per conversation it resumes, and the whole row (its labels, its timestamps) is most
   * of that read's cost.
   */
  getConversationPosition(tenantId: TenantId, id: ConversationId, mode?: ReadMode): Promise<ConversationPosition | null>;
  /**
   * Newest first by `(updatedAt, id)`: by creation or the last transition, not by messages (an
   * append leaves `updatedAt` alone; `lastMessageAt` follows the timeline).
   */
  listConversations(tenantId: TenantId, filter: ConversationFilter): Promise<Conversation[]>;
  /**
   * The same list as `listConversations`, only id, last seq and status of each: what a welcome
   * carries, read for every hello, where the whole rows cost the most of the read.
   */
  listConversationSummaries(tenantId: TenantId, filter: ConversationFilter): Promise<ConversationBrief[]>;
  /**
   * Queued, unassigned conversations in queue order: priority (urgent first), then `queuedAt`
   * (oldest first), then id.
   */
  listQueue(tenantId: TenantId, filter: QueueFilter): Promise<Conversation[]>;
  /** Open conversations assigned to each agent; agents with none are present with 0. */
  countOpenByAgent(tenantId: TenantId, agentIds: AgentId[]): Promise<Map<AgentId, number>>;
  /** The assignee of the contact's most recently assigned conversation since `sinceIso`, if any. */
  lastAssigneeOfContact(tenantId: TenantId, contactId: ContactId, sinceIso: string): Promise<AgentId | null>;
  /**
   * Atomic: of concurrent transitions whose `from` excludes each other, exactly one applies. An
   * applied transition moves `updatedAt` and, with its event entry, `lastSeq` and `lastMessageAt`.
   */
  transition(tenantId: TenantId, id: ConversationId, transition: Transition): Promise<TransitionResult>;
}
