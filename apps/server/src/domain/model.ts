// The records of the data model; every one belongs to a tenant.
import type { AgentId, ContactId, ConversationId, EntryId, InboxId, TenantId } from './ids.js';

export type ConversationStatus = 'bot' | 'queued' | 'open' | 'resolved';
export type AgentRole = 'admin' | 'agent';
export type ParticipantRole = 'visitor' | 'agent' | 'bot' | 'system';
export type EntryKind = 'text' | 'note' | 'event' | 'card' | 'file';

export interface Tenant {
  id: TenantId;
  name: string;
  createdAt: string;
}

export interface InboxSettings {
  /** Greeting shown by the widget before the first message. */
  greeting?: string;
  /** Origins allowed to embed the widget; empty allows any. */
  allowedOrigins?: string[];
  [key: string]: unknown;
}

export interface Inbox {
  id: InboxId;
  tenantId: TenantId;
  name: string;
  widgetKey: string;
  /** Secret for HMAC-SHA256 of the host's user id; never sent to visitors. */
  identitySecret: string;
  /** When true, a `user` whose hash does not verify is refused. */
  requireIdentity: boolean;
  settings: InboxSettings;
  createdAt: string;
}

export interface Contact {
  id: ContactId;
  tenantId: TenantId;
  inboxId: InboxId;
  /** The user's id in the customer's system, set once identity verified. */
  externalId: string | null;
  name: string | null;
  email: string | null;
  identityVerified: boolean;
  attributes: Record<string, unknown>;
  createdAt: string;
}

export interface Agent {
  id: AgentId;
  tenantId: TenantId;
  email: string;
  name: string;
  role: AgentRole;
  createdAt: string;
}

export interface AgentCredentials extends Agent {
  /** scrypt hash in the form `scrypt$N$r$p$salt$hash` (base64). */
  passwordHash: string;
}

export interface Conversation {
  id: ConversationId;
  tenantId: TenantId;
  inboxId: InboxId;
  contactId: ContactId;
  status: ConversationStatus;
  assigneeId: AgentId | null;
  teamId: string | null;
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
}

export interface Participant {
  role: ParticipantRole;
  id: string;
  name?: string;
}

/** One durable item of a conversation's timeline. */
export interface Entry {
  id: EntryId;
  tenantId: TenantId;
  conversationId: ConversationId;
  /** 1, 2, 3 … per conversation, no gap, no repeat. */
  seq: number;
  sender: Participant;
  /** The sender's idempotency key (client message id, or a derived key for bots and events). */
  clientMsgId: string;
  kind: EntryKind;
  text: string;
  data: Record<string, unknown> | null;
  createdAt: string;
}

export interface Cursor {
  conversationId: ConversationId;
  participant: Participant;
  /** Highest seq the participant's client holds. */
  ackSeq: number;
  /** Highest seq the person has seen. */
  readSeq: number;
}
