// The records of the data model; every one belongs to a tenant.
import type { RoutingPolicy } from './agent-selection.js';
import type { BusinessHours } from './business-hours.js';
import type { AgentId, ContactId, ConversationId, EntryId, InboxId, TeamId, TenantId } from './ids.js';

export type ConversationStatus = 'bot' | 'queued' | 'open' | 'resolved';
export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ['bot', 'queued', 'open', 'resolved'];
export type AgentRole = 'admin' | 'agent';
export type ParticipantRole = 'visitor' | 'agent' | 'bot' | 'system';
export type EntryKind = 'text' | 'note' | 'event' | 'card' | 'file';

export interface Tenant {
  id: TenantId;
  name: string;
  settings: TenantSettings;
  createdAt: string;
}

/** Routing settings of a tenant; every field has a default (see `DEFAULT_TENANT_SETTINGS`). */
export interface TenantSettings {
  /** Routing policy for conversations without a team, shared by every agent of the tenant. */
  poolPolicy: RoutingPolicy;
  /**
   * Which team a new conversation goes to, by the contact's attributes (set by the host page or
   * the pre-chat form); the first rule that matches wins, before the inbox's default team.
   */
  teamRules: TeamRule[];
  /** Open conversations an agent may hold when the agent has no capacity of their own. */
  defaultCapacity: number;
  /** A returning visitor goes to the agent who last served them within this window, if available. 0 turns it off. */
  stickyWindowMs: number;
  /** An agent with no activity (frames, requests) for this long counts as away. */
  idleAwayMs: number;
  /** No agent reply this long after assignment re-routes the conversation; null turns it off. */
  unansweredTimeoutMs: number | null;
  /** Whether an unanswered re-route also marks the agent away. */
  unansweredMarksAway: boolean;
  /** An agent offline this long gets their open conversations re-queued; null keeps them. */
  offlineRequeueMs: number | null;
  /** No visitor message for this long resolves the conversation; null turns it off. */
  autoResolveMs: number | null;
  /** Sent by the system when a conversation is auto-resolved. */
  closingMessage: string;
  /** Sent by the system when a visitor writes outside business hours. */
  offlineMessage: string;
}

export interface TeamRule {
  /** Key in the contact's attributes. */
  attribute: string;
  /** Compared as text, case-insensitively. */
  equals: string;
  teamId: TeamId;
}

export const DEFAULT_TENANT_SETTINGS: Readonly<TenantSettings> = Object.freeze({
  poolPolicy: 'least_busy',
  teamRules: [],
  defaultCapacity: 5,
  stickyWindowMs: 7 * 24 * 3_600_000,
  idleAwayMs: 15 * 60_000,
  unansweredTimeoutMs: null,
  unansweredMarksAway: false,
  offlineRequeueMs: 5 * 60_000,
  autoResolveMs: null,
  closingMessage: 'This conversation was closed after a period of inactivity. Write again any time. 本次会话因长时间无回复已结束，如有需要请随时留言。',
  offlineMessage: 'We are offline right now; leave a message and we will answer in the next shift. 我们现在不在线，请留言，我们会在下个班次回复您。',
});

export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];

/** An agent's own choice of status; whether they are available also needs a live connection. */
export type ManualStatus = 'online' | 'away' | 'offline';

export interface Team {
  id: TeamId;
  tenantId: TenantId;
  name: string;
  policy: RoutingPolicy;
  /** Null: always open. */
  businessHours: BusinessHours | null;
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
  /** Team new conversations of this inbox are routed to; null: the tenant-wide pool. */
  defaultTeamId: TeamId | null;
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
  /** A blocked contact's messages are stored but open no conversation and reach no agent. */
  blocked: boolean;
  /** Where the visitor last was on the customer's site, as the widget reported it; null before. */
  visit: ContactVisit | null;
  createdAt: string;
}

/** The host page a visitor is on, from the widget, and their device, from the User-Agent. */
export interface ContactVisit {
  /** The page's URL (http or https only). */
  page: string;
  title: string | null;
  /** The page the visitor came to the site from (http or https), if the browser told. */
  referrer: string | null;
  device: VisitorDevice;
  /** The browser's language (BCP 47), e.g. `zh-CN`. */
  language: string | null;
  /** When the widget reported this page. */
  at: string;
}

/** What the User-Agent header says of the visitor's device; null where it does not say. */
export interface VisitorDevice {
  browser: string | null;
  /** Major version, e.g. `120`. */
  browserVersion: string | null;
  os: string | null;
  /** Where the header tells it truly: iOS `17.2`, Android `14`, old Windows; else null. */
  osVersion: string | null;
  kind: 'mobile' | 'tablet' | 'desktop';
}

export interface Agent {
  id: AgentId;
  tenantId: TenantId;
  email: string;
  name: string;
  role: AgentRole;
  /** Most open conversations at once; null: the tenant's default capacity. */
  capacity: number | null;
  manualStatus: ManualStatus;
  /** When routing last gave this agent a conversation. */
  lastAssignedAt: string | null;
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
  teamId: TeamId | null;
  priority: Priority;
  lastSeq: number;
  /** When it last entered the queue; orders the queue within a priority. */
  queuedAt: string | null;
  /** When the current assignee got it. */
  assignedAt: string | null;
  /** Latest text entries by role, kept by the store on append (timers and reports use them). */
  lastVisitorMessageAt: string | null;
  lastAgentMessageAt: string | null;
  /** An agent offered this conversation and not yet accepted or declined; the assignee keeps it meanwhile. */
  pendingTransferTo: AgentId | null;
  /** Label names, sorted. */
  labels: string[];
  createdAt: string;
  /**
   * Creation or the last change of its state (status, assignee, team, priority, pending transfer,
   * labels); lists are ordered by it. Messages do not move it: see `lastMessageAt`.
   */
  updatedAt: string;
  /** `createdAt` of the newest entry of the timeline (any kind, events included); null before the first. */
  lastMessageAt: string | null;
}

export interface CannedResponse {
  id: string;
  tenantId: TenantId;
  /** null: shared by the whole tenant; else the agent's own. */
  ownerId: AgentId | null;
  /** Typed after `/` in the composer; letters, digits, `-` and `_`. */
  shortcut: string;
  /** May hold variables such as `{{contact.name}}`. */
  text: string;
  createdAt: string;
}

export interface Label {
  tenantId: TenantId;
  name: string;
  /** `#rrggbb` */
  color: string;
  description: string;
}

export interface CustomField {
  tenantId: TenantId;
  /** Key in the contact's attributes. */
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'list';
  /** Choices of a `list` field. */
  options: string[];
}

export interface Csat {
  conversationId: ConversationId;
  tenantId: TenantId;
  contactId: ContactId;
  /** The agent who held the conversation when it was resolved. */
  agentId: AgentId | null;
  rating: 1 | 2 | 3 | 4 | 5;
  comment: string;
  createdAt: string;
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
