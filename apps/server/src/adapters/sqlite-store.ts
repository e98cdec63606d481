// The embedded Store: one SQLite file in WAL mode, writes group-committed, reads direct.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../domain/app-error.js';
import { asAgentId, asTeamId, type AgentId, type ContactId, type ConversationId, type InboxId, type TeamId, type TenantId } from '../domain/ids.js';
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
import { GroupCommit, translateError } from './sqlite-group-commit.js';
import { ensureIdentity, migrate } from './sqlite-migrations.js';
import { SqliteQueries } from './sqlite-queries.js';
import {
  mergeSettings,
  toAgent,
  toContact,
  toConversation,
  toCredentials,
  toCursor,
  toEntry,
  toInbox,
  toTeam,
  toTenant,
  type ConversationRow,
} from './sqlite-rows.js';
import { prepareStatements, type Statements } from './sqlite-statements.js';

export interface SqliteStoreOptions {
  /** Database file; its directory is created if missing. `:memory:` for a throwaway store. */
  path: string;
  /** Source of every stored timestamp; default the system clock. */
  clock?: Clock;
}

export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #clock: Clock;
  readonly #identity: StoreIdentity;
  readonly #sql: Statements;
  readonly #queries: SqliteQueries;
  readonly #commit: GroupCommit;
  #closed = false;

  private constructor(db: Database.Database, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    migrate(db, this.#now());
    this.#identity = ensureIdentity(db);
    this.#sql = prepareStatements(db);
    this.#queries = new SqliteQueries(db);
    this.#commit = new GroupCommit(db);
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    if (options.path !== ':memory:' && !options.path.startsWith('file:')) mkdirSync(dirname(options.path), { recursive: true });
    let db: Database.Database | undefined;
    try {
      db = new Database(options.path);
      // Waits for another process's write lock instead of failing at once.
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      // FULL fsyncs the WAL at every commit, so an acknowledged write survives power loss, not just a
      // crash of the process (NORMAL would only sync at checkpoints). Group commit pays for it.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      return new SqliteStore(db, options.clock ?? systemClock);
    } catch (error) {
      db?.close();
      throw translateError(error);
    }
  }

  /** Transactions committed by the write queue; a burst of writes in one tick costs one. */
  get commitCount(): number {
    return this.#commit.commitCount;
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('unavailable', 'store is closed');
  }

  /** Reads run at once on the connection: they see every write whose promise has resolved. */
  async #read<T>(query: () => T): Promise<T> {
    this.#assertOpen();
    try {
      return query();
    } catch (error) {
      throw translateError(error);
    }
  }

  /** Writes join the group commit and resolve once their transaction is durable. */
  async #write<T>(step: () => T): Promise<T> {
    this.#assertOpen();
    return this.#commit.run(step);
  }

  // Tenants and inboxes

  createTenant(name: string): Promise<Tenant> {
    return this.#write(() => toTenant(this.#sql.insertTenant.get(randomUUID(), name, this.#now())!));
  }

  getTenant(id: TenantId): Promise<Tenant | null> {
    return this.#read(() => nullable(this.#sql.tenantById.get(id), toTenant));
  }

  listTenants(): Promise<Tenant[]> {
    return this.#read(() => this.#sql.listTenants.all().map(toTenant));
  }

  updateTenantSettings(id: TenantId, patch: Partial<TenantSettings>): Promise<Tenant | null> {
    return this.#write(() => {
      const row = this.#sql.tenantById.get(id);
      if (!row) return null;
      // Only what was ever set is stored; reads add the defaults.
      const stored = JSON.parse(row.settings) as Record<string, unknown>;
      return toTenant(this.#sql.updateTenantSettings.get(JSON.stringify(mergeSettings(stored, patch)), id)!);
    });
  }

  createInbox(tenantId: TenantId, inbox: NewInbox): Promise<Inbox> {
    return this.#write(() => {
      if (this.#sql.tenantExists.get(tenantId) === undefined) throw new AppError('not_found', 'tenant not found');
      if (this.#sql.inboxByWidgetKey.get(inbox.widgetKey)) throw new AppError('conflict', 'widget key already in use');
      const defaultTeamId = inbox.defaultTeamId ?? null;
      this.#assertTeam(tenantId, defaultTeamId);
      const row = this.#sql.insertInbox.get({
        id: randomUUID(),
        tenantId,
        name: inbox.name,
        widgetKey: inbox.widgetKey,
        identitySecret: inbox.identitySecret,
        requireIdentity: inbox.requireIdentity ? 1 : 0,
        settings: JSON.stringify(inbox.settings),
        defaultTeamId,
        createdAt: this.#now(),
      });
      return toInbox(row!);
    });
  }

  getInbox(tenantId: TenantId, id: InboxId): Promise<Inbox | null> {
    return this.#read(() => nullable(this.#sql.inboxById.get(tenantId, id), toInbox));
  }

  findInboxByWidgetKey(widgetKey: string): Promise<Inbox | null> {
    return this.#read(() => nullable(this.#sql.inboxByWidgetKey.get(widgetKey), toInbox));
  }

  listInboxes(tenantId: TenantId): Promise<Inbox[]> {
    return this.#read(() => this.#sql.listInboxes.all(tenantId).map(toInbox));
  }

  updateInbox(tenantId: TenantId, id: InboxId, patch: InboxPatch): Promise<Inbox | null> {
    return this.#write(() => {
      const row = this.#sql.inboxById.get(tenantId, id);
      if (!row) return null;
      const stored = toInbox(row);
      const defaultTeamId = patch.defaultTeamId === undefined ? stored.defaultTeamId : patch.defaultTeamId;
      if (patch.defaultTeamId !== undefined) this.#assertTeam(tenantId, defaultTeamId);
      const updated = this.#sql.updateInbox.get(
        patch.name ?? stored.name,
        (patch.requireIdentity ?? stored.requireIdentity) ? 1 : 0,
        JSON.stringify(patch.settings ?? stored.settings),
        defaultTeamId,
        tenantId,
        id,
      );
      return toInbox(updated!);
    });
  }

  /** An inbox may only route to a team of its own tenant. */
  #assertTeam(tenantId: TenantId, teamId: TeamId | null): void {
    if (teamId !== null && !this.#sql.teamById.get(tenantId, teamId)) throw new AppError('not_found', 'team not found');
  }

  // Teams

  createTeam(tenantId: TenantId, team: NewTeam): Promise<Team> {
    return this.#write(() => {
      if (this.#sql.tenantExists.get(tenantId) === undefined) throw new AppError('not_found', 'tenant not found');
      const hours = team.businessHours === null ? null : JSON.stringify(team.businessHours);
      return toTeam(this.#sql.insertTeam.get(randomUUID(), tenantId, team.name, team.policy, hours, this.#now())!);
    });
  }

  getTeam(tenantId: TenantId, id: TeamId): Promise<Team | null> {
    return this.#read(() => nullable(this.#sql.teamById.get(tenantId, id), toTeam));
  }

  listTeams(tenantId: TenantId): Promise<Team[]> {
    return this.#read(() => this.#sql.listTeams.all(tenantId).map(toTeam));
  }

  updateTeam(tenantId: TenantId, id: TeamId, patch: TeamPatch): Promise<Team | null> {
    return this.#write(() => {
      const row = this.#sql.teamById.get(tenantId, id);
      if (!row) return null;
      const { businessHours } = patch;
      const hours = businessHours === undefined ? row.business_hours : businessHours === null ? null : JSON.stringify(businessHours);
      return toTeam(this.#sql.updateTeam.get(patch.name ?? row.name, patch.policy ?? row.policy, hours, tenantId, id)!);
    });
  }

  addTeamMember(tenantId: TenantId, teamId: TeamId, agentId: AgentId): Promise<boolean> {
    return this.#write(() => {
      if (!this.#sql.teamById.get(tenantId, teamId) || !this.#sql.agentById.get(tenantId, agentId)) return false;
      this.#sql.addTeamMember.run(tenantId, teamId, agentId, this.#now());
      return true;
    });
  }

  removeTeamMember(tenantId: TenantId, teamId: TeamId, agentId: AgentId): Promise<boolean> {
    return this.#write(() => this.#sql.removeTeamMember.run(tenantId, teamId, agentId).changes > 0);
  }

  listTeamMembers(tenantId: TenantId, teamId: TeamId): Promise<AgentId[]> {
    return this.#read(() => this.#sql.listTeamMembers.all(tenantId, teamId).map(asAgentId));
  }

  listTeamsOfAgent(tenantId: TenantId, agentId: AgentId): Promise<TeamId[]> {
    return this.#read(() => this.#sql.listTeamsOfAgent.all(tenantId, agentId).map(asTeamId));
  }

  // Contacts

  createContact(tenantId: TenantId, contact: NewContact): Promise<Contact> {
    return this.#write(() => {
      if (!this.#sql.inboxById.get(tenantId, contact.inboxId)) throw new AppError('not_found', 'inbox not found');
      const externalId = contact.externalId ?? null;
      if (externalId !== null) {
        const existing = this.#sql.contactByExternalId.get(tenantId, contact.inboxId, externalId);
        if (existing) return toContact(existing);
      }
      const row = this.#sql.insertContact.get(
        randomUUID(),
        tenantId,
        contact.inboxId,
        externalId,
        contact.name ?? null,
        contact.email ?? null,
        contact.identityVerified ? 1 : 0,
        this.#now(),
      );
      return toContact(row!);
    });
  }

  getContact(tenantId: TenantId, id: ContactId): Promise<Contact | null> {
    return this.#read(() => nullable(this.#sql.contactById.get(tenantId, id), toContact));
  }

  findContactByExternalId(tenantId: TenantId, inboxId: InboxId, externalId: string): Promise<Contact | null> {
    return this.#read(() => nullable(this.#sql.contactByExternalId.get(tenantId, inboxId, externalId), toContact));
  }

  updateContact(tenantId: TenantId, id: ContactId, patch: ContactPatch): Promise<Contact | null> {
    return this.#write(() => {
      const row = this.#sql.contactById.get(tenantId, id);
      if (!row) return null;
      const stored = toContact(row);
      const name = patch.name === undefined ? stored.name : patch.name;
      const email = patch.email === undefined ? stored.email : patch.email;
      const attributes = JSON.stringify({ ...stored.attributes, ...patch.attributes });
      return toContact(this.#sql.updateContact.get(name, email, attributes, tenantId, id)!);
    });
  }

  // Agents

  createAgent(tenantId: TenantId, agent: NewAgent): Promise<CreateAgentResult> {
    return this.#write((): CreateAgentResult => {
      if (this.#sql.tenantExists.get(tenantId) === undefined) throw new AppError('not_found', 'tenant not found');
      if (this.#sql.agentByEmail.get(agent.email)) return { kind: 'email_taken' };
      const row = this.#sql.insertAgent.get(randomUUID(), tenantId, agent.email, agent.name, agent.role, agent.passwordHash, this.#now());
      return { kind: 'created', agent: toAgent(row!) };
    });
  }

  getAgent(tenantId: TenantId, id: AgentId): Promise<Agent | null> {
    return this.#read(() => nullable(this.#sql.agentById.get(tenantId, id), toAgent));
  }

  findCredentialsByEmail(email: string): Promise<AgentCredentials | null> {
    return this.#read(() => nullable(this.#sql.agentByEmail.get(email), toCredentials));
  }

  listAgents(tenantId: TenantId): Promise<Agent[]> {
    return this.#read(() => this.#sql.listAgents.all(tenantId).map(toAgent));
  }

  updateAgent(tenantId: TenantId, id: AgentId, patch: AgentPatch): Promise<Agent | null> {
    return this.#write(() => {
      const row = this.#sql.agentById.get(tenantId, id);
      if (!row) return null;
      const capacity = patch.capacity === undefined ? row.capacity : patch.capacity;
      const updated = this.#sql.updateAgent.get(
        patch.name ?? row.name,
        patch.role ?? row.role,
        capacity,
        patch.manualStatus ?? row.manual_status,
        tenantId,
        id,
      );
      return toAgent(updated!);
    });
  }

  // Conversations

  getConversation(tenantId: TenantId, id: ConversationId): Promise<Conversation | null> {
    return this.#read(() => nullable(this.#sql.conversationById.get(tenantId, id), toConversation));
  }

  listConversations(tenantId: TenantId, filter: ConversationFilter): Promise<Conversation[]> {
    return this.#read(() => this.#queries.listConversations(tenantId, filter).map(toConversation));
  }

  listQueue(tenantId: TenantId, filter: QueueFilter): Promise<Conversation[]> {
    return this.#read(() => this.#queries.listQueue(tenantId, filter).map(toConversation));
  }

  countOpenByAgent(tenantId: TenantId, agentIds: AgentId[]): Promise<Map<AgentId, number>> {
    return this.#read(() => {
      const counts = new Map<AgentId, number>(agentIds.map((id) => [id, 0]));
      for (const row of this.#sql.countOpenByAgent.all(tenantId, JSON.stringify(agentIds))) counts.set(asAgentId(row.agent_id), row.open);
      return counts;
    });
  }

  lastAssigneeOfContact(tenantId: TenantId, contactId: ContactId, sinceIso: string): Promise<AgentId | null> {
    return this.#read(() => nullable(this.#sql.lastAssigneeOfContact.get(tenantId, contactId, sinceIso), asAgentId));
  }

  transition(tenantId: TenantId, id: ConversationId, transition: Transition): Promise<TransitionResult> {
    return this.#write((): TransitionResult => {
      const now = this.#now();
      // The check is the UPDATE's WHERE clause: concurrent claims cannot both see "unassigned", and
      // the capacity count is taken by the same statement.
      const row = this.#queries.transition(tenantId, id, transition, now);
      if (!row) {
        const current = this.#sql.conversationById.get(tenantId, id);
        return current ? { kind: 'refused', conversation: toConversation(current) } : { kind: 'not_found' };
      }
      // Same transaction (this write step): the agent's turn moves with the assignment.
      const assignee = transition.to.assigneeId;
      if (assignee !== undefined && assignee !== null) this.#sql.agentAssigned.run(now, tenantId, assignee);
      const { actor, name, text, data } = transition.event;
      const entry = this.#insertEntry(row, now, {
        tenantId,
        target: { conversationId: id },
        sender: actor,
        clientMsgId: `evt:${randomUUID()}`,
        kind: 'event',
        text,
        data: { ...data, event: name },
      });
      return { kind: 'applied', conversation: toConversation(row), entry };
    });
  }

  // Timeline

  append(draft: EntryDraft): Promise<AppendOutcome> {
    return this.#write((): AppendOutcome => {
      const { tenantId, sender, clientMsgId } = draft;
      const existing = this.#sql.entryBySenderKey.get(tenantId, sender.id, clientMsgId);
      if (existing) {
        const conversation = toConversation(this.#sql.conversationById.get(tenantId, existing.conversation_id)!);
        return { kind: 'appended', entry: toEntry(existing), conversation, created: false, conversationCreated: false };
      }
      const target = this.#resolveTarget(tenantId, draft.target);
      if (!target) return { kind: 'not_found' };
      const now = this.#now();
      const message = draft.kind === 'text' || draft.kind === 'file';
      const row = this.#sql.nextSeq.get({
        tenantId,
        id: target.id,
        now,
        visitorMessage: message && sender.role === 'visitor' ? 1 : 0,
        agentMessage: message && sender.role === 'agent' ? 1 : 0,
      })!;
      const entry = this.#insertEntry(row, now, draft);
      return { kind: 'appended', entry, conversation: toConversation(row), created: true, conversationCreated: target.created };
    });
  }

  readTimeline(tenantId: TenantId, conversationId: ConversationId, afterSeq: number, limit: number): Promise<Entry[]> {
    return this.#read(() => this.#sql.timeline.all(tenantId, conversationId, afterSeq, Math.max(limit, 0)).map(toEntry));
  }

  findBySenderKey(tenantId: TenantId, senderId: string, clientMsgId: string): Promise<Entry | null> {
    return this.#read(() => nullable(this.#sql.entryBySenderKey.get(tenantId, senderId, clientMsgId), toEntry));
  }

  /** The named conversation of the tenant, or the contact's newest open one in the inbox, created if none. */
  #resolveTarget(tenantId: TenantId, target: EntryTarget): { id: string; created: boolean } | null {
    if ('conversationId' in target) {
      return this.#sql.conversationById.get(tenantId, target.conversationId) ? { id: target.conversationId, created: false } : null;
    }
    const contact = this.#sql.contactById.get(tenantId, target.contactId);
    if (contact?.inbox_id !== target.inboxId) return null;
    const open = this.#sql.newestOpenConversation.get(tenantId, target.contactId, target.inboxId);
    if (open) return { id: open.id, created: false };
    const row = this.#sql.insertConversation.get({
      id: randomUUID(),
      tenantId,
      inboxId: target.inboxId,
      contactId: target.contactId,
      status: target.statusIfNew,
      teamId: target.teamIdIfNew ?? null,
      priority: target.priorityIfNew ?? 'normal',
      now: this.#now(),
    });
    return { id: row!.id, created: true };
  }

  /** Stores an entry under the seq just taken by `conversation` (its last_seq). */
  #insertEntry(conversation: ConversationRow, now: string, draft: EntryDraft): Entry {
    const row = this.#sql.insertEntry.get({
      id: randomUUID(),
      tenantId: conversation.tenant_id,
      conversationId: conversation.id,
      seq: conversation.last_seq,
      senderRole: draft.sender.role,
      senderId: draft.sender.id,
      senderName: draft.sender.name ?? null,
      clientMsgId: draft.clientMsgId,
      kind: draft.kind,
      text: draft.text,
      data: draft.data == null ? null : JSON.stringify(draft.data),
      createdAt: now,
    });
    return toEntry(row!);
  }

  // Cursors

  moveCursor(
    tenantId: TenantId,
    conversationId: ConversationId,
    participant: Participant,
    to: { ackSeq?: number; readSeq?: number },
  ): Promise<{ cursor: Cursor; moved: boolean }> {
    return this.#write(() => {
      if (!this.#sql.conversationById.get(tenantId, conversationId)) throw new AppError('not_found', 'conversation not found');
      const stored = this.#sql.cursor.get(tenantId, conversationId, participant.id);
      const ackSeq = Math.max(stored?.ack_seq ?? 0, to.ackSeq ?? 0);
      const readSeq = Math.max(stored?.read_seq ?? 0, to.readSeq ?? 0);
      const moved = ackSeq > (stored?.ack_seq ?? 0) || readSeq > (stored?.read_seq ?? 0);
      if (!moved) {
        // Nothing to write: a replayed or out-of-order ack leaves the stored cursor as it was.
        const cursor = stored ? toCursor(stored) : { conversationId, participant, ackSeq: 0, readSeq: 0 };
        return { cursor, moved };
      }
      const row = this.#sql.upsertCursor.get({
        tenantId,
        conversationId,
        participantId: participant.id,
        role: participant.role,
        name: participant.name ?? null,
        ackSeq,
        readSeq,
        now: this.#now(),
      });
      return { cursor: toCursor(row!), moved };
    });
  }

  listCursors(tenantId: TenantId, conversationId: ConversationId): Promise<Cursor[]> {
    return this.#read(() => this.#sql.listCursors.all(tenantId, conversationId).map(toCursor));
  }

  // Lifecycle

  identity(): Promise<StoreIdentity> {
    return this.#read(() => ({ ...this.#identity }));
  }

  ping(): Promise<boolean> {
    return this.#read(() => this.#sql.ping.get() === 1);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    // Refuse new calls first, then commit what is queued, so nothing acknowledged is left behind.
    this.#closed = true;
    this.#commit.flush();
    try {
      this.#db.close();
    } catch (error) {
      throw translateError(error);
    }
  }
}

function nullable<R, T>(row: R | undefined, map: (row: R) => T): T | null {
  return row === undefined ? null : map(row);
}
