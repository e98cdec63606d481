// An in-memory Store on plain Maps, for unit tests: the same contract as SQLite, no durability.
import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import {
  asAgentId,
  asContactId,
  asConversationId,
  asEntryId,
  asInboxId,
  asTeamId,
  asTenantId,
  type AgentId,
  type ContactId,
  type ConversationId,
  type InboxId,
  type TeamId,
  type TenantId,
} from '../domain/ids.js';
import type {
  Agent,
  AgentCredentials,
  Contact,
  Conversation,
  Cursor,
  Entry,
  Inbox,
  Participant,
  Team,
  Tenant,
  TenantSettings,
} from '../domain/model.js';
import type { AgentPatch, CreateAgentResult, NewAgent } from '../ports/agent-store.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { ContactPatch, NewContact } from '../ports/contact-store.js';
import type { ConversationFilter, QueueFilter, Transition, TransitionResult } from '../ports/conversation-store.js';
import type { Store, StoreIdentity } from '../ports/store.js';
import type { NewTeam, TeamPatch } from '../ports/team-store.js';
import type { InboxPatch, NewInbox } from '../ports/tenant-store.js';
import type { AppendOutcome, EntryDraft, EntryTarget } from '../ports/timeline-store.js';
import {
  checkCapacity,
  checkManualStatus,
  checkPolicy,
  checkPriority,
  checkRole,
  clampLimit,
  foldAscii,
  json,
  key,
  mergeSettings,
  newerFirst,
  participant,
  queueOrder,
  tenantSettings,
  withoutHash,
} from './memory-records.js';

/** A tenant as kept here: only the settings it has set, merged over the defaults on every read. */
interface StoredTenant {
  id: TenantId;
  name: string;
  settings: Record<string, unknown>;
  createdAt: string;
}

const toTenant = (t: StoredTenant): Tenant => ({ id: t.id, name: t.name, settings: tenantSettings(t.settings), createdAt: t.createdAt });

export class MemoryStore implements Store {
  readonly #clock: Clock;
  readonly #identity: StoreIdentity = {
    epoch: randomBytes(12).toString('base64url'),
    secret: randomBytes(32).toString('base64url'),
  };
  #closed = false;

  readonly #tenants = new Map<TenantId, StoredTenant>();
  readonly #inboxes = new Map<InboxId, Inbox>();
  /** Insertion order is creation order, as in the listings of SQLite. */
  readonly #teams = new Map<TeamId, Team>();
  /** Members of each team in the order they joined. */
  readonly #members = new Map<TeamId, Set<AgentId>>();
  readonly #inboxByWidgetKey = new Map<string, InboxId>();
  readonly #contacts = new Map<ContactId, Contact>();
  readonly #contactByExternalId = new Map<string, ContactId>();
  readonly #agents = new Map<AgentId, AgentCredentials>();
  readonly #agentByEmail = new Map<string, AgentId>();
  /** Insertion order doubles as creation order, which breaks ties between equal timestamps. */
  readonly #conversations = new Map<ConversationId, Conversation>();
  readonly #timelines = new Map<ConversationId, Entry[]>();
  readonly #entryBySenderKey = new Map<string, Entry>();
  readonly #cursors = new Map<ConversationId, Map<string, Cursor>>();

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #open(): void {
    if (this.#closed) throw new AppError('unavailable', 'store is closed');
  }

  // Tenants and inboxes

  async createTenant(name: string): Promise<Tenant> {
    this.#open();
    const tenant: StoredTenant = { id: asTenantId(randomUUID()), name, settings: {}, createdAt: this.#now() };
    this.#tenants.set(tenant.id, tenant);
    return toTenant(tenant);
  }

  async getTenant(id: TenantId): Promise<Tenant | null> {
    this.#open();
    const tenant = this.#tenants.get(id);
    return tenant ? toTenant(tenant) : null;
  }

  async listTenants(): Promise<Tenant[]> {
    this.#open();
    return [...this.#tenants.values()].map(toTenant);
  }

  async updateTenantSettings(id: TenantId, patch: Partial<TenantSettings>): Promise<Tenant | null> {
    this.#open();
    const tenant = this.#tenants.get(id);
    if (!tenant) return null;
    tenant.settings = mergeSettings(tenant.settings, patch);
    return toTenant(tenant);
  }

  async createInbox(tenantId: TenantId, inbox: NewInbox): Promise<Inbox> {
    this.#open();
    if (!this.#tenants.has(tenantId)) throw new AppError('not_found', 'tenant not found');
    if (this.#inboxByWidgetKey.has(inbox.widgetKey)) throw new AppError('conflict', 'widget key already in use');
    const defaultTeamId = inbox.defaultTeamId ?? null;
    this.#assertTeam(tenantId, defaultTeamId);
    const stored: Inbox = {
      id: asInboxId(randomUUID()),
      tenantId,
      name: inbox.name,
      widgetKey: inbox.widgetKey,
      identitySecret: inbox.identitySecret,
      requireIdentity: inbox.requireIdentity,
      settings: json(inbox.settings),
      defaultTeamId,
      createdAt: this.#now(),
    };
    this.#inboxes.set(stored.id, stored);
    this.#inboxByWidgetKey.set(stored.widgetKey, stored.id);
    return json(stored);
  }

  async getInbox(tenantId: TenantId, id: InboxId): Promise<Inbox | null> {
    this.#open();
    const inbox = this.#inboxes.get(id);
    return inbox?.tenantId === tenantId ? json(inbox) : null;
  }

  async findInboxByWidgetKey(widgetKey: string): Promise<Inbox | null> {
    this.#open();
    const id = this.#inboxByWidgetKey.get(widgetKey);
    const inbox = id === undefined ? undefined : this.#inboxes.get(id);
    return inbox ? json(inbox) : null;
  }

  async listInboxes(tenantId: TenantId): Promise<Inbox[]> {
    this.#open();
    return [...this.#inboxes.values()].filter((i) => i.tenantId === tenantId).map(json);
  }

  async updateInbox(tenantId: TenantId, id: InboxId, patch: InboxPatch): Promise<Inbox | null> {
    this.#open();
    const inbox = this.#inboxes.get(id);
    if (inbox?.tenantId !== tenantId) return null;
    if (patch.defaultTeamId !== undefined) this.#assertTeam(tenantId, patch.defaultTeamId);
    if (patch.name !== undefined) inbox.name = patch.name;
    if (patch.requireIdentity !== undefined) inbox.requireIdentity = patch.requireIdentity;
    if (patch.settings !== undefined) inbox.settings = json(patch.settings);
    if (patch.defaultTeamId !== undefined) inbox.defaultTeamId = patch.defaultTeamId;
    return json(inbox);
  }

  /** An inbox may only route to a team of its own tenant. */
  #assertTeam(tenantId: TenantId, teamId: TeamId | null): void {
    if (teamId !== null && this.#teams.get(teamId)?.tenantId !== tenantId) throw new AppError('not_found', 'team not found');
  }

  // Teams

  async createTeam(tenantId: TenantId, team: NewTeam): Promise<Team> {
    this.#open();
    if (!this.#tenants.has(tenantId)) throw new AppError('not_found', 'tenant not found');
    checkPolicy(team.policy);
    const stored: Team = {
      id: asTeamId(randomUUID()),
      tenantId,
      name: team.name,
      policy: team.policy,
      businessHours: team.businessHours === null ? null : json(team.businessHours),
      createdAt: this.#now(),
    };
    this.#teams.set(stored.id, stored);
    this.#members.set(stored.id, new Set());
    return json(stored);
  }

  async getTeam(tenantId: TenantId, id: TeamId): Promise<Team | null> {
    this.#open();
    const team = this.#teams.get(id);
    return team?.tenantId === tenantId ? json(team) : null;
  }

  async listTeams(tenantId: TenantId): Promise<Team[]> {
    this.#open();
    return [...this.#teams.values()].filter((t) => t.tenantId === tenantId).map(json);
  }

  async updateTeam(tenantId: TenantId, id: TeamId, patch: TeamPatch): Promise<Team | null> {
    this.#open();
    const team = this.#teams.get(id);
    if (team?.tenantId !== tenantId) return null;
    if (patch.policy !== undefined) checkPolicy(patch.policy);
    if (patch.name !== undefined) team.name = patch.name;
    if (patch.policy !== undefined) team.policy = patch.policy;
    if (patch.businessHours !== undefined) team.businessHours = patch.businessHours === null ? null : json(patch.businessHours);
    return json(team);
  }

  async addTeamMember(tenantId: TenantId, teamId: TeamId, agentId: AgentId): Promise<boolean> {
    this.#open();
    if (this.#teams.get(teamId)?.tenantId !== tenantId || this.#agents.get(agentId)?.tenantId !== tenantId) return false;
    this.#members.get(teamId)!.add(agentId);
    return true;
  }

  async removeTeamMember(tenantId: TenantId, teamId: TeamId, agentId: AgentId): Promise<boolean> {
    this.#open();
    if (this.#teams.get(teamId)?.tenantId !== tenantId) return false;
    return this.#members.get(teamId)!.delete(agentId);
  }

  async listTeamMembers(tenantId: TenantId, teamId: TeamId): Promise<AgentId[]> {
    this.#open();
    if (this.#teams.get(teamId)?.tenantId !== tenantId) return [];
    return [...this.#members.get(teamId)!];
  }

  async listTeamsOfAgent(tenantId: TenantId, agentId: AgentId): Promise<TeamId[]> {
    this.#open();
    return [...this.#teams.values()].filter((t) => t.tenantId === tenantId && this.#members.get(t.id)!.has(agentId)).map((t) => t.id);
  }

  // Contacts

  async createContact(tenantId: TenantId, contact: NewContact): Promise<Contact> {
    this.#open();
    const inbox = this.#inboxes.get(contact.inboxId);
    if (inbox?.tenantId !== tenantId) throw new AppError('not_found', 'inbox not found');
    const externalId = contact.externalId ?? null;
    if (externalId !== null) {
      const existing = this.#contactByExternalId.get(key(contact.inboxId, externalId));
      if (existing !== undefined) return json(this.#contacts.get(existing)!);
    }
    const stored: Contact = {
      id: asContactId(randomUUID()),
      tenantId,
      inboxId: contact.inboxId,
      externalId,
      name: contact.name ?? null,
      email: contact.email ?? null,
      identityVerified: contact.identityVerified ?? false,
      attributes: {},
      createdAt: this.#now(),
    };
    this.#contacts.set(stored.id, stored);
    if (externalId !== null) this.#contactByExternalId.set(key(contact.inboxId, externalId), stored.id);
    return json(stored);
  }

  async getContact(tenantId: TenantId, id: ContactId): Promise<Contact | null> {
    this.#open();
    const contact = this.#contacts.get(id);
    return contact?.tenantId === tenantId ? json(contact) : null;
  }

  async findContactByExternalId(tenantId: TenantId, inboxId: InboxId, externalId: string): Promise<Contact | null> {
    this.#open();
    const id = this.#contactByExternalId.get(key(inboxId, externalId));
    return id === undefined ? null : this.getContact(tenantId, id);
  }

  async updateContact(tenantId: TenantId, id: ContactId, patch: ContactPatch): Promise<Contact | null> {
    this.#open();
    const contact = this.#contacts.get(id);
    if (contact?.tenantId !== tenantId) return null;
    if (patch.name !== undefined) contact.name = patch.name;
    if (patch.email !== undefined) contact.email = patch.email;
    if (patch.attributes !== undefined) contact.attributes = json({ ...contact.attributes, ...patch.attributes });
    return json(contact);
  }

  // Agents

  async createAgent(tenantId: TenantId, agent: NewAgent): Promise<CreateAgentResult> {
    this.#open();
    if (!this.#tenants.has(tenantId)) throw new AppError('not_found', 'tenant not found');
    const email = foldAscii(agent.email);
    if (this.#agentByEmail.has(email)) return { kind: 'email_taken' };
    const stored: AgentCredentials = {
      id: asAgentId(randomUUID()),
      tenantId,
      email: agent.email,
      name: agent.name,
      role: agent.role,
      capacity: null,
      manualStatus: 'online',
      lastAssignedAt: null,
      createdAt: this.#now(),
      passwordHash: agent.passwordHash,
    };
    this.#agents.set(stored.id, stored);
    this.#agentByEmail.set(email, stored.id);
    return { kind: 'created', agent: withoutHash(stored) };
  }

  async getAgent(tenantId: TenantId, id: AgentId): Promise<Agent | null> {
    this.#open();
    const agent = this.#agents.get(id);
    return agent?.tenantId === tenantId ? withoutHash(agent) : null;
  }

  async findCredentialsByEmail(email: string): Promise<AgentCredentials | null> {
    this.#open();
    const id = this.#agentByEmail.get(foldAscii(email));
    const agent = id === undefined ? undefined : this.#agents.get(id);
    return agent ? { ...agent } : null;
  }

  async listAgents(tenantId: TenantId): Promise<Agent[]> {
    this.#open();
    return [...this.#agents.values()].filter((a) => a.tenantId === tenantId).map(withoutHash);
  }

  async updateAgent(tenantId: TenantId, id: AgentId, patch: AgentPatch): Promise<Agent | null> {
    this.#open();
    const agent = this.#agents.get(id);
    if (agent?.tenantId !== tenantId) return null;
    if (patch.role !== undefined) checkRole(patch.role);
    if (patch.capacity !== undefined) checkCapacity(patch.capacity);
    if (patch.manualStatus !== undefined) checkManualStatus(patch.manualStatus);
    if (patch.name !== undefined) agent.name = patch.name;
    if (patch.role !== undefined) agent.role = patch.role;
    if (patch.capacity !== undefined) agent.capacity = patch.capacity;
    if (patch.manualStatus !== undefined) agent.manualStatus = patch.manualStatus;
    return withoutHash(agent);
  }

  // Conversations

  async getConversation(tenantId: TenantId, id: ConversationId): Promise<Conversation | null> {
    this.#open();
    const conversation = this.#conversations.get(id);
    return conversation?.tenantId === tenantId ? { ...conversation } : null;
  }

  async listConversations(tenantId: TenantId, filter: ConversationFilter): Promise<Conversation[]> {
    this.#open();
    const { status, assigneeId, inboxId, contactId, teamId, before } = filter;
    const limit = clampLimit(filter.limit);
    return [...this.#conversations.values()]
      .filter(
        (c) =>
          c.tenantId === tenantId &&
          (status === undefined || status.includes(c.status)) &&
          (assigneeId === undefined || c.assigneeId === assigneeId) &&
          (inboxId === undefined || c.inboxId === inboxId) &&
          (contactId === undefined || c.contactId === contactId) &&
          (teamId === undefined || c.teamId === teamId) &&
          (before === undefined || c.updatedAt < before.updatedAt || (c.updatedAt === before.updatedAt && c.id < before.id)),
      )
      .sort(newerFirst)
      .slice(0, limit)
      .map((c) => ({ ...c }));
  }

  async listQueue(tenantId: TenantId, filter: QueueFilter): Promise<Conversation[]> {
    this.#open();
    const { teamIds } = filter;
    return [...this.#conversations.values()]
      .filter(
        (c) =>
          c.tenantId === tenantId &&
          c.status === 'queued' &&
          c.assigneeId === null &&
          (teamIds === undefined || teamIds.includes(c.teamId)),
      )
      .sort(queueOrder)
      .slice(0, clampLimit(filter.limit))
      .map((c) => ({ ...c }));
  }

  async countOpenByAgent(tenantId: TenantId, agentIds: AgentId[]): Promise<Map<AgentId, number>> {
    this.#open();
    const counts = new Map<AgentId, number>(agentIds.map((id) => [id, 0]));
    for (const c of this.#conversations.values()) {
      if (c.tenantId !== tenantId || c.status !== 'open' || c.assigneeId === null) continue;
      const count = counts.get(c.assigneeId);
      if (count !== undefined) counts.set(c.assigneeId, count + 1);
    }
    return counts;
  }

  async lastAssigneeOfContact(tenantId: TenantId, contactId: ContactId, sinceIso: string): Promise<AgentId | null> {
    this.#open();
    let latest: Conversation | undefined;
    for (const c of this.#conversations.values()) {
      if (c.tenantId !== tenantId || c.contactId !== contactId || c.assigneeId === null || c.assignedAt === null) continue;
      // Ties go to the later conversation, like SQLite's `ORDER BY assigned_at DESC, rowid DESC`.
      if (c.assignedAt >= sinceIso && (latest === undefined || c.assignedAt >= latest.assignedAt!)) latest = c;
    }
    return latest?.assigneeId ?? null;
  }

  #openCount(tenantId: TenantId, agentId: AgentId): number {
    let count = 0;
    for (const c of this.#conversations.values()) if (c.tenantId === tenantId && c.assigneeId === agentId && c.status === 'open') count++;
    return count;
  }

  async transition(tenantId: TenantId, id: ConversationId, transition: Transition): Promise<TransitionResult> {
    this.#open();
    const conversation = this.#conversations.get(id);
    if (conversation?.tenantId !== tenantId) return { kind: 'not_found' };
    const { from, to, event } = transition;
    // Check and write run without an await between them: nothing else can change the maps meanwhile.
    const holds =
      (from.statuses === undefined || from.statuses.includes(conversation.status)) &&
      (from.unassigned === undefined || from.unassigned === (conversation.assigneeId === null)) &&
      (from.assigneeId === undefined || conversation.assigneeId === from.assigneeId) &&
      (from.capacityOf === undefined || this.#openCount(tenantId, from.capacityOf.agentId) < from.capacityOf.capacity);
    if (!holds) return { kind: 'refused', conversation: { ...conversation } };
    if (to.priority !== undefined) checkPriority(to.priority);
    const now = this.#now();
    if (to.status !== undefined) conversation.status = to.status;
    if (to.status === 'queued') conversation.queuedAt = now;
    if (to.assigneeId !== undefined) {
      conversation.assigneeId = to.assigneeId;
      conversation.assignedAt = to.assigneeId === null ? null : now;
      const agent = to.assigneeId === null ? undefined : this.#agents.get(to.assigneeId);
      if (agent?.tenantId === tenantId) agent.lastAssignedAt = now;
    }
    if (to.teamId !== undefined) conversation.teamId = to.teamId;
    if (to.priority !== undefined) conversation.priority = to.priority;
    const entry = this.#appendEntry(conversation, now, {
      tenantId,
      target: { conversationId: id },
      sender: event.actor,
      clientMsgId: `evt:${randomUUID()}`,
      kind: 'event',
      text: event.text,
      data: { ...event.data, event: event.name },
    });
    return { kind: 'applied', conversation: { ...conversation }, entry: json(entry) };
  }

  // Timeline

  async append(draft: EntryDraft): Promise<AppendOutcome> {
    this.#open();
    const existing = this.#entryBySenderKey.get(key(draft.tenantId, draft.sender.id, draft.clientMsgId));
    if (existing) {
      const conversation = this.#conversations.get(existing.conversationId)!;
      return { kind: 'appended', entry: json(existing), conversation: { ...conversation }, created: false, conversationCreated: false };
    }
    const target = this.#resolveTarget(draft.tenantId, draft.target);
    if (!target) return { kind: 'not_found' };
    const entry = this.#appendEntry(target.conversation, this.#now(), draft);
    return { kind: 'appended', entry: json(entry), conversation: { ...target.conversation }, created: true, conversationCreated: target.created };
  }

  async readTimeline(tenantId: TenantId, conversationId: ConversationId, afterSeq: number, limit: number): Promise<Entry[]> {
    this.#open();
    if (this.#conversations.get(conversationId)?.tenantId !== tenantId) return [];
    const timeline = this.#timelines.get(conversationId) ?? [];
    // Seqs are 1..N, so the entry with seq s sits at index s - 1.
    return timeline.slice(Math.max(afterSeq, 0), Math.max(afterSeq, 0) + Math.max(limit, 0)).map(json);
  }

  async findBySenderKey(tenantId: TenantId, senderId: string, clientMsgId: string): Promise<Entry | null> {
    this.#open();
    const entry = this.#entryBySenderKey.get(key(tenantId, senderId, clientMsgId));
    return entry ? json(entry) : null;
  }

  #resolveTarget(tenantId: TenantId, target: EntryTarget): { conversation: Conversation; created: boolean } | null {
    if ('conversationId' in target) {
      const conversation = this.#conversations.get(target.conversationId);
      return conversation?.tenantId === tenantId ? { conversation, created: false } : null;
    }
    const contact = this.#contacts.get(target.contactId);
    if (contact?.tenantId !== tenantId || contact.inboxId !== target.inboxId) return null;
    let newest: Conversation | undefined;
    for (const c of this.#conversations.values()) {
      if (c.contactId !== contact.id || c.inboxId !== target.inboxId || c.status === 'resolved') continue;
      if (newest === undefined || c.createdAt >= newest.createdAt) newest = c;
    }
    if (newest) return { conversation: newest, created: false };
    const priority = target.priorityIfNew ?? 'normal';
    checkPriority(priority);
    const now = this.#now();
    const conversation: Conversation = {
      id: asConversationId(randomUUID()),
      tenantId,
      inboxId: target.inboxId,
      contactId: contact.id,
      status: target.statusIfNew,
      assigneeId: null,
      teamId: target.teamIdIfNew ?? null,
      priority,
      lastSeq: 0,
      queuedAt: target.statusIfNew === 'queued' ? now : null,
      assignedAt: null,
      lastVisitorMessageAt: null,
      lastAgentMessageAt: null,
      createdAt: now,
      updatedAt: now,
    };
    this.#conversations.set(conversation.id, conversation);
    this.#timelines.set(conversation.id, []);
    return { conversation, created: true };
  }

  /**
   * Gives the entry the conversation's next seq and moves the conversation's lastSeq and updatedAt,
   * and for a message (text or file) its side's last message time.
   */
  #appendEntry(conversation: Conversation, now: string, draft: EntryDraft): Entry {
    const entry: Entry = {
      id: asEntryId(randomUUID()),
      tenantId: conversation.tenantId,
      conversationId: conversation.id,
      seq: conversation.lastSeq + 1,
      sender: participant(draft.sender),
      clientMsgId: draft.clientMsgId,
      kind: draft.kind,
      text: draft.text,
      data: draft.data == null ? null : json(draft.data),
      createdAt: now,
    };
    conversation.lastSeq = entry.seq;
    conversation.updatedAt = now;
    if (entry.kind === 'text' || entry.kind === 'file') {
      if (entry.sender.role === 'visitor') conversation.lastVisitorMessageAt = now;
      if (entry.sender.role === 'agent') conversation.lastAgentMessageAt = now;
    }
    this.#timelines.get(conversation.id)!.push(entry);
    this.#entryBySenderKey.set(key(entry.tenantId, entry.sender.id, entry.clientMsgId), entry);
    return entry;
  }

  // Cursors

  async moveCursor(
    tenantId: TenantId,
    conversationId: ConversationId,
    who: Participant,
    to: { ackSeq?: number; readSeq?: number },
  ): Promise<{ cursor: Cursor; moved: boolean }> {
    this.#open();
    if (this.#conversations.get(conversationId)?.tenantId !== tenantId) throw new AppError('not_found', 'conversation not found');
    let cursors = this.#cursors.get(conversationId);
    if (!cursors) this.#cursors.set(conversationId, (cursors = new Map<string, Cursor>()));
    const stored = cursors.get(who.id) ?? { conversationId, participant: participant(who), ackSeq: 0, readSeq: 0 };
    const ackSeq = Math.max(stored.ackSeq, to.ackSeq ?? 0);
    const readSeq = Math.max(stored.readSeq, to.readSeq ?? 0);
    const moved = ackSeq > stored.ackSeq || readSeq > stored.readSeq;
    // A replayed or out-of-order ack leaves the stored cursor exactly as it was.
    if (!moved) return { cursor: json(stored), moved };
    const cursor: Cursor = { conversationId, participant: participant(who), ackSeq, readSeq };
    cursors.set(who.id, cursor);
    return { cursor: json(cursor), moved };
  }

  async listCursors(tenantId: TenantId, conversationId: ConversationId): Promise<Cursor[]> {
    this.#open();
    if (this.#conversations.get(conversationId)?.tenantId !== tenantId) return [];
    return [...(this.#cursors.get(conversationId)?.values() ?? [])].map(json);
  }

  // Lifecycle

  async identity(): Promise<StoreIdentity> {
    this.#open();
    return { ...this.#identity };
  }

  async ping(): Promise<boolean> {
    this.#open();
    return true;
  }

  /** Nothing is pending in memory; later calls fail as they would on any closed store. */
  async close(): Promise<void> {
    this.#closed = true;
  }
}
