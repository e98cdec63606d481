// An in-memory Store on plain Maps, for unit tests: the same contract as SQLite, no durability.
import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import {
  asAgentId,
  asContactId,
  asConversationId,
  asEntryId,
  asInboxId,
  asTenantId,
  type AgentId,
  type ContactId,
  type ConversationId,
  type InboxId,
  type TenantId,
} from '../domain/ids.js';
import type { Agent, AgentCredentials, Contact, Conversation, Cursor, Entry, Inbox, Participant, Tenant } from '../domain/model.js';
import type { CreateAgentResult, NewAgent } from '../ports/agent-store.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { ContactPatch, NewContact } from '../ports/contact-store.js';
import type { ConversationFilter, Transition, TransitionResult } from '../ports/conversation-store.js';
import type { Store, StoreIdentity } from '../ports/store.js';
import type { NewInbox } from '../ports/tenant-store.js';
import type { AppendOutcome, EntryDraft, EntryTarget } from '../ports/timeline-store.js';

/** What SQLite stores of a JSON value, so both adapters hand back the same shapes. */
function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** SQLite's NOCASE folds ASCII letters only; so does this, so the adapters agree on every email. */
function foldAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function participant(p: Participant): Participant {
  return p.name === undefined ? { role: p.role, id: p.id } : { role: p.role, id: p.id, name: p.name };
}

const key = (...parts: string[]): string => parts.join('\u0000');

/** Newest first by (updatedAt, id): the order of listConversations and its `before` cursor. */
function newerFirst(a: Conversation, b: Conversation): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? -1 : 1;
  return a.id > b.id ? -1 : a.id < b.id ? 1 : 0;
}

export class MemoryStore implements Store {
  readonly #clock: Clock;
  readonly #identity: StoreIdentity = {
    epoch: randomBytes(12).toString('base64url'),
    secret: randomBytes(32).toString('base64url'),
  };
  #closed = false;

  readonly #tenants = new Map<TenantId, Tenant>();
  readonly #inboxes = new Map<InboxId, Inbox>();
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
    const tenant: Tenant = { id: asTenantId(randomUUID()), name, createdAt: this.#now() };
    this.#tenants.set(tenant.id, tenant);
    return { ...tenant };
  }

  async listTenants(): Promise<Tenant[]> {
    this.#open();
    return [...this.#tenants.values()].map((t) => ({ ...t }));
  }

  async createInbox(tenantId: TenantId, inbox: NewInbox): Promise<Inbox> {
    this.#open();
    if (!this.#tenants.has(tenantId)) throw new AppError('not_found', 'tenant not found');
    if (this.#inboxByWidgetKey.has(inbox.widgetKey)) throw new AppError('conflict', 'widget key already in use');
    const stored: Inbox = {
      id: asInboxId(randomUUID()),
      tenantId,
      name: inbox.name,
      widgetKey: inbox.widgetKey,
      identitySecret: inbox.identitySecret,
      requireIdentity: inbox.requireIdentity,
      settings: json(inbox.settings),
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

  // Conversations

  async getConversation(tenantId: TenantId, id: ConversationId): Promise<Conversation | null> {
    this.#open();
    const conversation = this.#conversations.get(id);
    return conversation?.tenantId === tenantId ? { ...conversation } : null;
  }

  async listConversations(tenantId: TenantId, filter: ConversationFilter): Promise<Conversation[]> {
    this.#open();
    const { status, assigneeId, inboxId, contactId, before } = filter;
    const limit = Math.min(Math.max(Math.trunc(filter.limit), 1), 500);
    return [...this.#conversations.values()]
      .filter(
        (c) =>
          c.tenantId === tenantId &&
          (status === undefined || status.includes(c.status)) &&
          (assigneeId === undefined || c.assigneeId === assigneeId) &&
          (inboxId === undefined || c.inboxId === inboxId) &&
          (contactId === undefined || c.contactId === contactId) &&
          (before === undefined || c.updatedAt < before.updatedAt || (c.updatedAt === before.updatedAt && c.id < before.id)),
      )
      .sort(newerFirst)
      .slice(0, limit)
      .map((c) => ({ ...c }));
  }

  async transition(tenantId: TenantId, id: ConversationId, transition: Transition): Promise<TransitionResult> {
    this.#open();
    const conversation = this.#conversations.get(id);
    if (conversation?.tenantId !== tenantId) return { kind: 'not_found' };
    const { from, to, event } = transition;
    const holds =
      (from.statuses === undefined || from.statuses.includes(conversation.status)) &&
      (from.unassigned === undefined || from.unassigned === (conversation.assigneeId === null)) &&
      (from.assigneeId === undefined || conversation.assigneeId === from.assigneeId);
    if (!holds) return { kind: 'refused', conversation: { ...conversation } };
    if (to.status !== undefined) conversation.status = to.status;
    if (to.assigneeId !== undefined) conversation.assigneeId = to.assigneeId;
    const entry = this.#appendEntry(conversation, {
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
    const entry = this.#appendEntry(target.conversation, draft);
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
    const now = this.#now();
    const conversation: Conversation = {
      id: asConversationId(randomUUID()),
      tenantId,
      inboxId: target.inboxId,
      contactId: contact.id,
      status: target.statusIfNew,
      assigneeId: null,
      teamId: null,
      lastSeq: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.#conversations.set(conversation.id, conversation);
    this.#timelines.set(conversation.id, []);
    return { conversation, created: true };
  }

  /** Gives the entry the conversation's next seq and moves the conversation's lastSeq and updatedAt. */
  #appendEntry(conversation: Conversation, draft: EntryDraft): Entry {
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
      createdAt: this.#now(),
    };
    conversation.lastSeq = entry.seq;
    conversation.updatedAt = entry.createdAt;
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

function withoutHash(agent: AgentCredentials): Agent {
  const { passwordHash: _hash, ...rest } = agent;
  return rest;
}
