// Rows of the SQLite schema as the driver returns them, and their mapping to the domain's records.
import {
  asAgentId,
  asContactId,
  asConversationId,
  asEntryId,
  asInboxId,
  asTenantId,
  type AgentId,
} from '../domain/ids.js';
import type {
  Agent,
  AgentCredentials,
  AgentRole,
  Contact,
  Conversation,
  ConversationStatus,
  Cursor,
  Entry,
  EntryKind,
  Inbox,
  InboxSettings,
  Participant,
  ParticipantRole,
  Tenant,
} from '../domain/model.js';

export interface TenantRow {
  id: string;
  name: string;
  created_at: string;
}

export interface InboxRow {
  id: string;
  tenant_id: string;
  name: string;
  widget_key: string;
  identity_secret: string;
  require_identity: number;
  settings: string;
  created_at: string;
}

export interface ContactRow {
  id: string;
  tenant_id: string;
  inbox_id: string;
  external_id: string | null;
  name: string | null;
  email: string | null;
  identity_verified: number;
  attributes: string;
  created_at: string;
}

export interface AgentRow {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: string;
}

export interface ConversationRow {
  id: string;
  tenant_id: string;
  inbox_id: string;
  contact_id: string;
  status: string;
  assignee_id: string | null;
  team_id: string | null;
  last_seq: number;
  created_at: string;
  updated_at: string;
}

export interface EntryRow {
  id: string;
  tenant_id: string;
  conversation_id: string;
  seq: number;
  sender_role: string;
  sender_id: string;
  sender_name: string | null;
  client_msg_id: string;
  kind: string;
  text: string;
  data: string | null;
  created_at: string;
}

export interface CursorRow {
  tenant_id: string;
  conversation_id: string;
  participant_id: string;
  participant_role: string;
  participant_name: string | null;
  ack_seq: number;
  read_seq: number;
  updated_at: string;
}

// The CHECK constraints of the schema keep these columns inside their unions, so the casts hold.

export const toTenant = (r: TenantRow): Tenant => ({ id: asTenantId(r.id), name: r.name, createdAt: r.created_at });

export const toInbox = (r: InboxRow): Inbox => ({
  id: asInboxId(r.id),
  tenantId: asTenantId(r.tenant_id),
  name: r.name,
  widgetKey: r.widget_key,
  identitySecret: r.identity_secret,
  requireIdentity: r.require_identity === 1,
  settings: JSON.parse(r.settings) as InboxSettings,
  createdAt: r.created_at,
});

export const toContact = (r: ContactRow): Contact => ({
  id: asContactId(r.id),
  tenantId: asTenantId(r.tenant_id),
  inboxId: asInboxId(r.inbox_id),
  externalId: r.external_id,
  name: r.name,
  email: r.email,
  identityVerified: r.identity_verified === 1,
  attributes: JSON.parse(r.attributes) as Record<string, unknown>,
  createdAt: r.created_at,
});

export const toAgent = (r: AgentRow): Agent => ({
  id: asAgentId(r.id),
  tenantId: asTenantId(r.tenant_id),
  email: r.email,
  name: r.name,
  role: r.role as AgentRole,
  createdAt: r.created_at,
});

export const toCredentials = (r: AgentRow): AgentCredentials => ({ ...toAgent(r), passwordHash: r.password_hash });

export const toConversation = (r: ConversationRow): Conversation => ({
  id: asConversationId(r.id),
  tenantId: asTenantId(r.tenant_id),
  inboxId: asInboxId(r.inbox_id),
  contactId: asContactId(r.contact_id),
  status: r.status as ConversationStatus,
  assigneeId: r.assignee_id === null ? null : (r.assignee_id as AgentId),
  teamId: r.team_id,
  lastSeq: r.last_seq,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function toParticipant(role: string, id: string, name: string | null): Participant {
  return name === null ? { role: role as ParticipantRole, id } : { role: role as ParticipantRole, id, name };
}

export const toEntry = (r: EntryRow): Entry => ({
  id: asEntryId(r.id),
  tenantId: asTenantId(r.tenant_id),
  conversationId: asConversationId(r.conversation_id),
  seq: r.seq,
  sender: toParticipant(r.sender_role, r.sender_id, r.sender_name),
  clientMsgId: r.client_msg_id,
  kind: r.kind as EntryKind,
  text: r.text,
  data: r.data === null ? null : (JSON.parse(r.data) as Record<string, unknown>),
  createdAt: r.created_at,
});

export const toCursor = (r: CursorRow): Cursor => ({
  conversationId: asConversationId(r.conversation_id),
  participant: toParticipant(r.participant_role, r.participant_id, r.participant_name),
  ackSeq: r.ack_seq,
  readSeq: r.read_seq,
});
