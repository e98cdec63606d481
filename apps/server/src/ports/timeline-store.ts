// The durable, ordered timeline of each conversation.
import type { ContactId, ConversationId, InboxId, TeamId, TenantId } from '../domain/ids.js';
import type { Conversation, ConversationStatus, Entry, EntryKind, Participant, Priority } from '../domain/model.js';
import type { ReadMode } from './read-mode.js';

/**
 * Where an entry goes: a named conversation, or the contact's open one in an inbox (created if none).
 * A named conversation may carry conditions, checked in the append's own step: a sender's message
 * then needs no read of the conversation before it (the caller reads it only when they fail).
 */
export type EntryTarget =
  | {
      conversationId: ConversationId;
      /** Appends only if the conversation is this contact's. */
      ofContact?: ContactId;
      /** Appends only if the conversation is not resolved. */
      unlessResolved?: boolean;
      /** Appends only if neither the conversation's contact nor this address (null: none known) is blocked. */
      unlessBlocked?: { ip: string | null };
    }
  | { inboxId: InboxId; contactId: ContactId; statusIfNew: ConversationStatus; teamIdIfNew?: TeamId | null; priorityIfNew?: Priority };

export interface EntryDraft {
  tenantId: TenantId;
  target: EntryTarget;
  sender: Participant;
  /** Idempotency key of the sender: (tenant, sender id, clientMsgId) is stored at most once. */
  clientMsgId: string;
  kind: EntryKind;
  text: string;
  data?: Record<string, unknown> | null;
}

export interface AppendResult {
  entry: Entry;
  conversation: Conversation;
  /** False when the same (sender, clientMsgId) was already stored: the stored entry is returned. */
  created: boolean;
  conversationCreated: boolean;
}

/**
 * `not_found`: the named conversation does not exist in the tenant, or fails the target's conditions
 * (`ofContact`, `unlessResolved`, `unlessBlocked`); nothing is stored then. Status is checked only by
 * `unlessResolved`.
 */
export type AppendOutcome = ({ kind: 'appended' } & AppendResult) | { kind: 'not_found' };

export interface TimelineStore {
  /**
   * Appends an entry with the conversation's next seq (gap-free) and resolves only once the
   * transaction is durable. Idempotent on (tenant, sender id, clientMsgId): a repeat returns the
   * stored entry with its original seq and stores nothing, whenever it arrives.
   * Appends that arrive together are committed together (one fsync for the group).
   * A new conversation made for the draft with status `queued` gets `queuedAt`. Every stored entry
   * sets the conversation's `lastSeq` and `lastMessageAt` (the entry's `createdAt`), and one of kind
   * `text` or `file` moves its `lastVisitorMessageAt` or `lastAgentMessageAt` (by the sender's role),
   * in the same transaction. An append does not move `updatedAt` (creation and transitions do), so
   * a message does not reorder `listConversations`.
   */
  append(draft: EntryDraft): Promise<AppendOutcome>;
  /** Entries with seq > afterSeq, ascending, at most `limit`. */
  readTimeline(tenantId: TenantId, conversationId: ConversationId, afterSeq: number, limit: number): Promise<Entry[]>;
  findBySenderKey(tenantId: TenantId, senderId: string, clientMsgId: string, mode?: ReadMode): Promise<Entry | null>;
}
