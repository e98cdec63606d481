// Rows of the SQLite schema as the driver returns them, and their mapping to the domain's records.
import type { RoutingPolicy } from '../domain/agent-selection.js';
import type { BusinessHours } from '../domain/business-hours.js';
import { asAgentId, asContactId, asConversationId, asEntryId, asInboxId, asTeamId, asTenantId } from '../domain/ids.js';
import type { ConversationPosition } from '../ports/conversation-store.js';
import {
  DEFAULT_TENANT_SETTINGS,
  type Agent,
  type AgentCredentials,
  type AgentRole,
  type Contact,
  type ContactVisit,
  type Conversation,
  type ConversationStatus,
  type Cursor,
  type Entry,
  type EntryKind,
  type Inbox,
  type InboxSettings,
  type ManualStatus,
  type Participant,
  type ParticipantRole,
  type Priority,
  type Team,
  type Tenant,
  type TenantSettings,
} from '../domain/model.js';

export interface TenantRow {
  id: string;
  name: string;
  /** JSON of the settings the tenant has set; the rest take their defaults. */
  settings: string;
  created_at: string;
}

export interface TeamRow {
  id: string;
  tenant_id: string;
  name: string;
  policy: string;
  business_hours: string | null;
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
  default_team_id: string | null;
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
  blocked: number;
  /** JSON of a ContactVisit (migration 7). */
  visit: string | null;
  created_at: string;
}

export interface AgentRow {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  capacity: number | null;
  manual_status: string;
  last_assigned_at: string | null;
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
  priority: string;
  /** Generated from priority: urgent 3 … low 0. */
  priority_rank: number;
  last_seq: number;
  queued_at: string | null;
  assigned_at: string | null;
  last_visitor_message_at: string | null;
  last_agent_message_at: string | null;
  pending_transfer_to: string | null;
  created_at: string;
  updated_at: string;
  last_message_at: string | null;
  /** Not a column: the JSON array of the conversation's labels, from CONVERSATION_COLUMNS. */
  labels: string;
}

/** The columns of a ConversationPosition. */
export type ConversationPositionRow = Pick<ConversationRow, 'id' | 'tenant_id' | 'contact_id' | 'assignee_id' | 'last_seq'>;

export const toConversationPosition = (r: ConversationPositionRow): ConversationPosition => ({
  id: asConversationId(r.id),
  tenantId: asTenantId(r.tenant_id),
  contactId: asContactId(r.contact_id),
  assigneeId: r.assignee_id === null ? null : asAgentId(r.assignee_id),
  lastSeq: r.last_seq,
});

/** What every statement returning a ConversationRow selects (or returns): the row and its labels, in NOCASE order. */
export const CONVERSATION_COLUMNS = `*, (SELECT json_group_array(cl.label_name ORDER BY cl.label_name) FROM conversation_labels AS cl
  WHERE cl.conversation_id = conversations.id) AS labels`;

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

/** The stored settings merged over the defaults; keys the code no longer knows are dropped. */
export function tenantSettings(stored: Record<string, unknown>): TenantSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_TENANT_SETTINGS };
  for (const key of Object.keys(DEFAULT_TENANT_SETTINGS)) {
    if (Object.hasOwn(stored, key) && stored[key] !== undefined) settings[key] = stored[key];
  }
  return settings as unknown as TenantSettings;
}

/** The stored attributes with the patch's keys set, a key set to null removed, an undefined one kept. */
export function mergeAttributes(stored: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  // A Map, not an object, so that a key such as `__proto__` stays a plain key.
  const merged = new Map(Object.entries(stored));
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) merged.delete(name);
    else if (value !== undefined) merged.set(name, value);
  }
  return Object.fromEntries(merged);
}

/** The stored settings with the fields the patch gives (undefined ones keep their stored value). */
export function mergeSettings(stored: Record<string, unknown>, patch: Partial<TenantSettings>): Record<string, unknown> {
  const merged = { ...stored };
  for (const key of Object.keys(DEFAULT_TENANT_SETTINGS) as Array<keyof TenantSettings>) {
    if (patch[key] !== undefined) merged[key] = patch[key];
  }
  return merged;
}

export const toTenant = (r: TenantRow): Tenant => ({
  id: asTenantId(r.id),
  name: r.name,
  settings: tenantSettings(JSON.parse(r.settings) as Record<string, unknown>),
  createdAt: r.created_at,
});

export const toTeam = (r: TeamRow): Team => ({
  id: asTeamId(r.id),
  tenantId: asTenantId(r.tenant_id),
  name: r.name,
  policy: r.policy as RoutingPolicy,
  businessHours: r.business_hours === null ? null : (JSON.parse(r.business_hours) as BusinessHours),
  createdAt: r.created_at,
});

export const toInbox = (r: InboxRow): Inbox => ({
  id: asInboxId(r.id),
  tenantId: asTenantId(r.tenant_id),
  name: r.name,
  widgetKey: r.widget_key,
  identitySecret: r.identity_secret,
  requireIdentity: r.require_identity === 1,
  settings: JSON.parse(r.settings) as InboxSettings,
  defaultTeamId: r.default_team_id === null ? null : asTeamId(r.default_team_id),
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
  blocked: r.blocked === 1,
  visit: r.visit === null ? null : (JSON.parse(r.visit) as ContactVisit),
  createdAt: r.created_at,
});

export const toAgent = (r: AgentRow): Agent => ({
  id: asAgentId(r.id),
  tenantId: asTenantId(r.tenant_id),
  email: r.email,
  name: r.name,
  role: r.role as AgentRole,
  capacity: r.capacity,
  manualStatus: r.manual_status as ManualStatus,
  lastAssignedAt: r.last_assigned_at,
  createdAt: r.created_at,
});

export const toCredentials = (r: AgentRow): AgentCredentials => ({ ...toAgent(r), passwordHash: r.password_hash });

export const toConversation = (r: ConversationRow): Conversation => ({
  id: asConversationId(r.id),
  tenantId: asTenantId(r.tenant_id),
  inboxId: asInboxId(r.inbox_id),
  contactId: asContactId(r.contact_id),
  status: r.status as ConversationStatus,
  assigneeId: r.assignee_id === null ? null : asAgentId(r.assignee_id),
  teamId: r.team_id === null ? null : asTeamId(r.team_id),
  priority: r.priority as Priority,
  lastSeq: r.last_seq,
  queuedAt: r.queued_at,
  assignedAt: r.assigned_at,
  lastVisitorMessageAt: r.last_visitor_message_at,
  lastAgentMessageAt: r.last_agent_message_at,
  pendingTransferTo: r.pending_transfer_to === null ? null : asAgentId(r.pending_transfer_to),
  labels: JSON.parse(r.labels) as string[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastMessageAt: r.last_message_at,
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
