// What the store contract's parts share: a fresh store and clock per test, and fixtures built through the port.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type { AgentId, TeamId, TenantId } from '../domain/ids.js';
import type { Agent, Contact, Conversation, ConversationStatus, Inbox, Participant, Priority, Tenant } from '../domain/model.js';
import type { Clock } from './clock.js';
import type { Transition } from './conversation-store.js';
import type { Store } from './store.js';
import type { AppendOutcome, EntryDraft, EntryTarget } from './timeline-store.js';

/** Makes an empty store whose every timestamp comes from `clock`. */
export type MakeStore = (clock: Clock) => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/**
 * The wall clock until a test sets it; from then on it stands still except when advanced, so that
 * tests can state exact timestamps and make them tie.
 */
export class TestClock implements Clock {
  #pinned: number | null = null;

  now(): number {
    return this.#pinned ?? Date.now();
  }

  /** Stops the clock at `iso`. */
  set(iso: string): void {
    this.#pinned = Date.parse(iso);
  }

  /** Moves the clock on by `ms` (stopping it if it ran) and returns the new time. */
  advance(ms: number): string {
    this.#pinned = this.now() + ms;
    return this.iso();
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }
}

export interface Fixture {
  tenant: Tenant;
  inbox: Inbox;
  contact: Contact;
  agent: Agent;
  visitor: Participant;
}

/** What a conversation made by a fixture helper starts with, besides its status. */
export interface NewConversation {
  teamId?: TeamId | null;
  priority?: Priority;
}

export interface StoreTest {
  /** The store of the running test. */
  readonly store: Store;
  readonly clock: TestClock;
  /** A tenant with an inbox, a contact of it and an agent. */
  seed(label?: string): Promise<Fixture>;
  newAgent(tenantId: TenantId, local: string): Promise<Agent>;
  /** A visitor's text entry of the fixture's contact, to its open conversation unless `target` says otherwise. */
  draft(f: Fixture, clientMsgId: string, target?: EntryTarget, text?: string): EntryDraft;
  /** The fixture contact's conversation, made by a first entry. */
  startConversation(f: Fixture, statusIfNew?: ConversationStatus, extra?: NewConversation): Promise<Conversation>;
  /** A conversation of a new contact of the fixture's inbox. */
  conversationOfNewContact(f: Fixture, statusIfNew?: ConversationStatus, extra?: NewConversation): Promise<Conversation>;
  /** Takes a queued, unassigned conversation for the agent and opens it. */
  claim(agentId: AgentId, capacity?: number): Transition;
}

/** Lets the wall clock move on, so that "newest first" has something to order by. */
export const pause = (ms = 3): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function appended(outcome: AppendOutcome): Extract<AppendOutcome, { kind: 'appended' }> {
  if (outcome.kind !== 'appended') throw new Error(`expected an append, got ${outcome.kind}`);
  return outcome;
}

/** Registers the hooks that give each test a new store and clock; call inside a `describe`. */
export function useStoreTest(makeStore: MakeStore): StoreTest {
  let current: { store: Store; clock: TestClock; cleanup: () => Promise<void> } | undefined;

  beforeEach(async () => {
    const clock = new TestClock();
    current = { ...(await makeStore(clock)), clock };
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });

  const running = () => {
    if (!current) throw new Error('no store outside a test');
    return current;
  };

  const newAgent = async (tenantId: TenantId, local: string): Promise<Agent> => {
    const result = await running().store.createAgent(tenantId, {
      email: `${local}-${randomUUID()}@example.com`,
      name: local,
      role: 'agent',
      passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==',
    });
    if (result.kind !== 'created') throw new Error('agent email taken');
    return result.agent;
  };

  const seed = async (label = 'a'): Promise<Fixture> => {
    const { store } = running();
    const tenant = await store.createTenant(`Tenant ${label}`);
    const inbox = await store.createInbox(tenant.id, {
      name: `Web ${label}`,
      widgetKey: `wk-${label}-${randomUUID()}`,
      identitySecret: `secret-${label}`,
      requireIdentity: false,
      settings: { greeting: 'Hello', allowedOrigins: ['https://example.com'] },
    });
    const contact = await store.createContact(tenant.id, { inboxId: inbox.id, name: 'Ann' });
    const agent = await newAgent(tenant.id, `agent-${label}`);
    return { tenant, inbox, contact, agent, visitor: { role: 'visitor', id: contact.id, name: 'Ann' } };
  };

  const draft = (f: Fixture, clientMsgId: string, target?: EntryTarget, text = clientMsgId): EntryDraft => ({
    tenantId: f.tenant.id,
    target: target ?? { inboxId: f.inbox.id, contactId: f.contact.id, statusIfNew: 'bot' },
    sender: f.visitor,
    clientMsgId,
    kind: 'text',
    text,
  });

  const startConversation = async (f: Fixture, statusIfNew: ConversationStatus = 'bot', extra: NewConversation = {}): Promise<Conversation> => {
    const target: EntryTarget = { inboxId: f.inbox.id, contactId: f.contact.id, statusIfNew };
    if (extra.teamId !== undefined) target.teamIdIfNew = extra.teamId;
    if (extra.priority !== undefined) target.priorityIfNew = extra.priority;
    return appended(await running().store.append(draft(f, `start-${randomUUID()}`, target))).conversation;
  };

  const conversationOfNewContact = async (f: Fixture, statusIfNew: ConversationStatus = 'bot', extra: NewConversation = {}): Promise<Conversation> => {
    const contact = await running().store.createContact(f.tenant.id, { inboxId: f.inbox.id });
    return startConversation({ ...f, contact, visitor: { role: 'visitor', id: contact.id } }, statusIfNew, extra);
  };

  const claim = (agentId: AgentId, capacity?: number): Transition => ({
    from: { unassigned: true, statuses: ['queued'], ...(capacity === undefined ? {} : { capacityOf: { agentId, capacity } }) },
    to: { status: 'open', assigneeId: agentId },
    event: { actor: { role: 'agent', id: agentId, name: 'Bo' }, name: 'assignee.changed', text: 'Bo joined', data: { reason: 'claim' } },
  });

  return {
    get store() {
      return running().store;
    },
    get clock() {
      return running().clock;
    },
    seed,
    newAgent,
    draft,
    startConversation,
    conversationOfNewContact,
    claim,
  };
}
