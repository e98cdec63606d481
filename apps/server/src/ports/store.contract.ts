// The one contract every Store adapter runs: each guarantee stated in the port's doc comments, tested.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../domain/app-error.js';
import { asAgentId, asContactId, asConversationId, asInboxId, asTenantId, type AgentId } from '../domain/ids.js';
import type { Agent, Contact, Conversation, ConversationStatus, Inbox, Participant, Tenant } from '../domain/model.js';
import type { Store } from './store.js';
import type { AppendOutcome, EntryDraft, EntryTarget } from './timeline-store.js';
import type { ConversationFilter, Transition } from './conversation-store.js';

export type MakeStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

interface Fixture {
  tenant: Tenant;
  inbox: Inbox;
  contact: Contact;
  agent: Agent;
  visitor: Participant;
}

/** Lets the wall clock move on, so that "newest first" has something to order by. */
const pause = (ms = 3): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function appended(outcome: AppendOutcome): Extract<AppendOutcome, { kind: 'appended' }> {
  if (outcome.kind !== 'appended') throw new Error(`expected an append, got ${outcome.kind}`);
  return outcome;
}

export function describeStoreContract(name: string, makeStore: MakeStore): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterEach(async () => {
      await cleanup();
    });

    async function seed(label = 'a'): Promise<Fixture> {
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
    }

    async function newAgent(tenantId: Tenant['id'], local: string): Promise<Agent> {
      const result = await store.createAgent(tenantId, {
        email: `${local}-${randomUUID()}@example.com`,
        name: local,
        role: 'agent',
        passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==',
      });
      if (result.kind !== 'created') throw new Error('agent email taken');
      return result.agent;
    }

    function draft(f: Fixture, clientMsgId: string, target?: EntryTarget, text = clientMsgId): EntryDraft {
      return {
        tenantId: f.tenant.id,
        target: target ?? { inboxId: f.inbox.id, contactId: f.contact.id, statusIfNew: 'bot' },
        sender: f.visitor,
        clientMsgId,
        kind: 'text',
        text,
      };
    }

    async function startConversation(f: Fixture, statusIfNew: ConversationStatus = 'bot'): Promise<Conversation> {
      const target = { inboxId: f.inbox.id, contactId: f.contact.id, statusIfNew };
      return appended(await store.append(draft(f, `start-${randomUUID()}`, target))).conversation;
    }

    /** A conversation of a new contact of the fixture's inbox. */
    async function conversationOfNewContact(f: Fixture, statusIfNew: ConversationStatus = 'bot'): Promise<Conversation> {
      const contact = await store.createContact(f.tenant.id, { inboxId: f.inbox.id });
      return startConversation({ ...f, contact, visitor: { role: 'visitor', id: contact.id } }, statusIfNew);
    }

    function claim(agentId: AgentId): Transition {
      return {
        from: { unassigned: true, statuses: ['queued'] },
        to: { status: 'open', assigneeId: agentId },
        event: { actor: { role: 'agent', id: agentId, name: 'Bo' }, name: 'assignee.changed', text: 'Bo joined', data: { reason: 'claim' } },
      };
    }

    describe('tenants and inboxes', () => {
      it('creates tenants with fresh ids and lists them', async () => {
        const a = await store.createTenant('Acme');
        const b = await store.createTenant('Acme');
        expect(a.id).not.toBe(b.id);
        expect(a).toMatchObject({ name: 'Acme' });
        expect(Date.parse(a.createdAt)).not.toBeNaN();
        const ids = (await store.listTenants()).map((t) => t.id);
        expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
      });

      it('reads an inbox back by id, by widget key and in its tenant list', async () => {
        const f = await seed();
        expect(f.inbox).toMatchObject({
          tenantId: f.tenant.id,
          name: 'Web a',
          identitySecret: 'secret-a',
          requireIdentity: false,
          settings: { greeting: 'Hello', allowedOrigins: ['https://example.com'] },
        });
        expect(await store.getInbox(f.tenant.id, f.inbox.id)).toEqual(f.inbox);
        expect(await store.findInboxByWidgetKey(f.inbox.widgetKey)).toEqual(f.inbox);
        expect(await store.listInboxes(f.tenant.id)).toEqual([f.inbox]);
        expect(await store.findInboxByWidgetKey('no-such-key')).toBeNull();
        expect(await store.getInbox(f.tenant.id, asInboxId('no-such-inbox'))).toBeNull();
      });

      it('refuses a widget key that any tenant already uses', async () => {
        const f = await seed();
        const other = await store.createTenant('Other');
        const again = { name: 'Copy', widgetKey: f.inbox.widgetKey, identitySecret: 'x', requireIdentity: true, settings: {} };
        await expect(store.createInbox(other.id, again)).rejects.toMatchObject({ code: 'conflict' });
        expect(await store.listInboxes(other.id)).toEqual([]);
      });

      it('refuses an inbox for a tenant that does not exist', async () => {
        const inbox = { name: 'x', widgetKey: `wk-${randomUUID()}`, identitySecret: 'x', requireIdentity: false, settings: {} };
        await expect(store.createInbox(asTenantId('no-such-tenant'), inbox)).rejects.toMatchObject({ code: 'not_found' });
        expect(await store.findInboxByWidgetKey(inbox.widgetKey)).toBeNull();
      });
    });

    describe('contacts', () => {
      it('creates a new contact for each anonymous visitor', async () => {
        const f = await seed();
        const other = await store.createContact(f.tenant.id, { inboxId: f.inbox.id });
        expect(other.id).not.toBe(f.contact.id);
        expect(other).toMatchObject({ tenantId: f.tenant.id, inboxId: f.inbox.id, externalId: null, identityVerified: false, attributes: {} });
        expect(await store.getContact(f.tenant.id, f.contact.id)).toEqual(f.contact);
      });

      it('returns the stored contact when the same (inbox, externalId) is created again', async () => {
        const f = await seed();
        const first = await store.createContact(f.tenant.id, { inboxId: f.inbox.id, externalId: 'u-1', name: 'Ann', email: 'ann@example.com', identityVerified: true });
        const again = await store.createContact(f.tenant.id, { inboxId: f.inbox.id, externalId: 'u-1', name: 'Someone else' });
        expect(again).toEqual(first);
        expect(first).toMatchObject({ externalId: 'u-1', name: 'Ann', email: 'ann@example.com', identityVerified: true });
        expect(await store.findContactByExternalId(f.tenant.id, f.inbox.id, 'u-1')).toEqual(first);
        expect(await store.findContactByExternalId(f.tenant.id, f.inbox.id, 'u-2')).toBeNull();
      });

      it('keeps the same externalId in another inbox as a different contact', async () => {
        const f = await seed();
        const inbox2 = await store.createInbox(f.tenant.id, { name: 'Shop', widgetKey: `wk-${randomUUID()}`, identitySecret: 's', requireIdentity: true, settings: {} });
        const a = await store.createContact(f.tenant.id, { inboxId: f.inbox.id, externalId: 'u-1' });
        const b = await store.createContact(f.tenant.id, { inboxId: inbox2.id, externalId: 'u-1' });
        expect(a.id).not.toBe(b.id);
        expect(await store.findContactByExternalId(f.tenant.id, inbox2.id, 'u-1')).toEqual(b);
      });

      it('merges attributes key by key and changes only the fields a patch names', async () => {
        const f = await seed();
        await store.updateContact(f.tenant.id, f.contact.id, { attributes: { plan: 'pro', seats: 3 } });
        const updated = await store.updateContact(f.tenant.id, f.contact.id, { email: 'ann@example.com', attributes: { seats: 5, vip: true } });
        expect(updated).toMatchObject({ name: 'Ann', email: 'ann@example.com', attributes: { plan: 'pro', seats: 5, vip: true } });
        expect(await store.getContact(f.tenant.id, f.contact.id)).toEqual(updated);
        const cleared = await store.updateContact(f.tenant.id, f.contact.id, { name: null });
        expect(cleared).toMatchObject({ name: null, email: 'ann@example.com', attributes: { plan: 'pro', seats: 5, vip: true } });
      });

      it('answers null when updating a contact that does not exist', async () => {
        const f = await seed();
        expect(await store.updateContact(f.tenant.id, asContactId('nope'), { name: 'x' })).toBeNull();
        expect(await store.getContact(f.tenant.id, asContactId('nope'))).toBeNull();
      });
    });

    describe('agents', () => {
      it('creates an agent and reads it back without its password hash', async () => {
        const f = await seed();
        expect(f.agent).toMatchObject({ tenantId: f.tenant.id, name: 'agent-a', role: 'agent' });
        expect(f.agent).not.toHaveProperty('passwordHash');
        expect(await store.getAgent(f.tenant.id, f.agent.id)).toEqual(f.agent);
        expect(await store.listAgents(f.tenant.id)).toEqual([f.agent]);
        expect(await store.getAgent(f.tenant.id, asAgentId('nope'))).toBeNull();
      });

      it('refuses an email already taken in any tenant, whatever its case', async () => {
        const a = await store.createTenant('A');
        const b = await store.createTenant('B');
        const agent = { email: 'Bo@Example.com', name: 'Bo', role: 'admin' as const, passwordHash: 'h' };
        expect((await store.createAgent(a.id, agent)).kind).toBe('created');
        expect(await store.createAgent(a.id, { ...agent, email: 'bo@example.com' })).toEqual({ kind: 'email_taken' });
        expect(await store.createAgent(b.id, { ...agent, email: 'BO@EXAMPLE.COM' })).toEqual({ kind: 'email_taken' });
        expect(await store.listAgents(b.id)).toEqual([]);
      });

      it('finds login credentials by email in any case', async () => {
        const t = await store.createTenant('A');
        const created = await store.createAgent(t.id, { email: 'Bo@Example.com', name: 'Bo', role: 'admin', passwordHash: 'scrypt$h' });
        if (created.kind !== 'created') throw new Error('not created');
        const found = await store.findCredentialsByEmail('bO@eXAMPLE.com');
        expect(found).toEqual({ ...created.agent, passwordHash: 'scrypt$h' });
        expect(await store.findCredentialsByEmail('nobody@example.com')).toBeNull();
      });
    });

    describe('append', () => {
      it('numbers entries 1..N without gaps, separately per conversation', async () => {
        const f = await seed();
        const c1 = await startConversation(f);
        const c2 = await conversationOfNewContact(f);
        const seqs1: number[] = [1];
        const seqs2: number[] = [1];
        for (let i = 0; i < 5; i++) {
          seqs1.push(appended(await store.append(draft(f, `one-${i}`, { conversationId: c1.id }))).entry.seq);
          seqs2.push(appended(await store.append(draft(f, `two-${i}`, { conversationId: c2.id }))).entry.seq);
        }
        expect(seqs1).toEqual([1, 2, 3, 4, 5, 6]);
        expect(seqs2).toEqual([1, 2, 3, 4, 5, 6]);
        expect((await store.readTimeline(f.tenant.id, c1.id, 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      });

      it('stores the draft as sent and returns it with its id, seq and time', async () => {
        const f = await seed();
        const first = appended(await store.append({ ...draft(f, 'm1'), kind: 'card', data: { title: 'Hi', buttons: [1, 2] } }));
        expect(first.created).toBe(true);
        expect(first.conversationCreated).toBe(true);
        expect(first.entry).toMatchObject({
          tenantId: f.tenant.id,
          conversationId: first.conversation.id,
          seq: 1,
          sender: f.visitor,
          clientMsgId: 'm1',
          kind: 'card',
          text: 'm1',
          data: { title: 'Hi', buttons: [1, 2] },
        });
        expect(Date.parse(first.entry.createdAt)).not.toBeNaN();
        const plain = appended(await store.append(draft(f, 'm2')));
        expect(plain.entry.data).toBeNull();
        expect(await store.readTimeline(f.tenant.id, first.conversation.id, 0, 10)).toEqual([first.entry, plain.entry]);
      });

      it('creates a conversation with statusIfNew on the first entry to an inbox and contact', async () => {
        const f = await seed();
        const r = appended(await store.append(draft(f, 'm1', { inboxId: f.inbox.id, contactId: f.contact.id, statusIfNew: 'queued' })));
        expect(r.conversationCreated).toBe(true);
        expect(r.conversation).toMatchObject({
          tenantId: f.tenant.id,
          inboxId: f.inbox.id,
          contactId: f.contact.id,
          status: 'queued',
          assigneeId: null,
          teamId: null,
          lastSeq: 1,
        });
        expect(await store.getConversation(f.tenant.id, r.conversation.id)).toEqual(r.conversation);
      });

      it("reuses the contact's newest conversation that is not resolved", async () => {
        const f = await seed();
        const first = await startConversation(f, 'queued');
        const r = appended(await store.append(draft(f, 'm2', { inboxId: f.inbox.id, contactId: f.contact.id, statusIfNew: 'bot' })));
        expect(r.conversationCreated).toBe(false);
        expect(r.conversation).toMatchObject({ id: first.id, status: 'queued', lastSeq: 2 });
        expect(r.entry.seq).toBe(2);
      });

      it('starts a new conversation when the contact has only resolved ones', async () => {
        const f = await seed();
        const old = await startConversation(f);
        const resolve: Transition = { from: {}, to: { status: 'resolved' }, event: { actor: f.visitor, name: 'conversation.resolved', text: 'resolved' } };
        expect((await store.transition(f.tenant.id, old.id, resolve)).kind).toBe('applied');
        const r = appended(await store.append(draft(f, 'after', { inboxId: f.inbox.id, contactId: f.contact.id, statusIfNew: 'bot' })));
        expect(r.conversationCreated).toBe(true);
        expect(r.conversation.id).not.toBe(old.id);
        expect(r.conversation).toMatchObject({ status: 'bot', lastSeq: 1 });
        expect(r.entry.seq).toBe(1);
        const again = appended(await store.append(draft(f, 'after-2', { inboxId: f.inbox.id, contactId: f.contact.id, statusIfNew: 'bot' })));
        expect(again.conversation.id).toBe(r.conversation.id);
      });

      it('keeps lastSeq and updatedAt of the conversation in step with its appends', async () => {
        const f = await seed();
        const c = await startConversation(f);
        await pause();
        const r = appended(await store.append(draft(f, 'later', { conversationId: c.id })));
        expect(r.conversation.lastSeq).toBe(r.entry.seq);
        expect(r.conversation.updatedAt).toBe(r.entry.createdAt);
        expect(r.conversation.updatedAt > c.updatedAt).toBe(true);
        expect(r.conversation.createdAt).toBe(c.createdAt);
        expect(await store.getConversation(f.tenant.id, c.id)).toEqual(r.conversation);
      });

      it('answers a repeated send with the stored entry and stores nothing', async () => {
        const f = await seed();
        const c = await startConversation(f);
        const first = appended(await store.append(draft(f, 'dup', { conversationId: c.id }, 'first text')));
        await store.append(draft(f, 'other', { conversationId: c.id }));
        const again = appended(await store.append(draft(f, 'dup', { conversationId: c.id }, 'changed text')));
        expect(again.created).toBe(false);
        expect(again.conversationCreated).toBe(false);
        expect(again.entry).toEqual(first.entry);
        expect(again.conversation.lastSeq).toBe(3);
        expect((await store.readTimeline(f.tenant.id, c.id, 0, 100)).map((e) => e.clientMsgId)).toEqual([
          expect.stringMatching(/^start-/),
          'dup',
          'other',
        ]);
        expect(await store.findBySenderKey(f.tenant.id, f.visitor.id, 'dup')).toEqual(first.entry);
        expect(await store.findBySenderKey(f.tenant.id, f.visitor.id, 'never-sent')).toBeNull();
      });

      it('does not start a second conversation when a send to an inbox and contact is repeated', async () => {
        const f = await seed();
        const target: EntryTarget = { inboxId: f.inbox.id, contactId: f.contact.id, statusIfNew: 'bot' };
        const first = appended(await store.append(draft(f, 'hello', target)));
        const resolve: Transition = { from: {}, to: { status: 'resolved' }, event: { actor: f.visitor, name: 'conversation.resolved', text: 'bye' } };
        await store.transition(f.tenant.id, first.conversation.id, resolve);
        const again = appended(await store.append(draft(f, 'hello', target)));
        expect(again).toMatchObject({ created: false, conversationCreated: false });
        expect(again.entry).toEqual(first.entry);
        expect(again.conversation.id).toBe(first.conversation.id);
        expect(await store.listConversations(f.tenant.id, { contactId: f.contact.id, limit: 10 })).toHaveLength(1);
      });

      it('keys idempotency by sender and tenant, not by clientMsgId alone', async () => {
        const f = await seed('a');
        const g = await seed('b');
        const c = await startConversation(f);
        const agentSide = { ...draft(f, 'same', { conversationId: c.id }), sender: { role: 'agent' as const, id: f.agent.id } };
        const byVisitor = appended(await store.append(draft(f, 'same', { conversationId: c.id })));
        const byAgent = appended(await store.append(agentSide));
        expect(byAgent.created).toBe(true);
        expect(byAgent.entry.seq).toBe(byVisitor.entry.seq + 1);
        const system = { role: 'system' as const, id: 'system' };
        const inA = appended(await store.append({ ...draft(f, 'sys-1', { conversationId: c.id }), sender: system }));
        const gc = await startConversation(g);
        const inB = appended(await store.append({ ...draft(g, 'sys-1', { conversationId: gc.id }), sender: system }));
        expect(inA.created).toBe(true);
        expect(inB.created).toBe(true);
        expect(inB.entry.conversationId).toBe(gc.id);
      });

      it('gives 100 concurrent distinct sends the seqs 1..100 exactly', async () => {
        const f = await seed();
        const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => store.append(draft(f, `burst-${i}`))));
        const results = outcomes.map(appended);
        expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
        expect(results.filter((r) => r.conversationCreated)).toHaveLength(1);
        expect(results.map((r) => r.entry.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
        const conversationId = results[0]!.conversation.id;
        expect((await store.getConversation(f.tenant.id, conversationId))?.lastSeq).toBe(100);
        expect(await store.readTimeline(f.tenant.id, conversationId, 0, 500)).toHaveLength(100);
      });

      it('stores one entry when the same send arrives 100 times at once', async () => {
        const f = await seed();
        const results = (await Promise.all(Array.from({ length: 100 }, () => store.append(draft(f, 'once'))))).map(appended);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(results.filter((r) => r.conversationCreated)).toHaveLength(1);
        expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
        expect(new Set(results.map((r) => r.entry.seq))).toEqual(new Set([1]));
        const conversationId = results[0]!.conversation.id;
        expect(await store.readTimeline(f.tenant.id, conversationId, 0, 500)).toHaveLength(1);
        expect(await store.listConversations(f.tenant.id, { contactId: f.contact.id, limit: 10 })).toHaveLength(1);
      });

      it('answers not_found for a conversation that does not exist and stores nothing', async () => {
        const f = await seed();
        const missing = asConversationId('no-such-conversation');
        expect(await store.append(draft(f, 'm', { conversationId: missing }))).toEqual({ kind: 'not_found' });
        const wrongContact = { inboxId: f.inbox.id, contactId: asContactId('no-such-contact'), statusIfNew: 'bot' as const };
        expect(await store.append(draft(f, 'm', wrongContact))).toEqual({ kind: 'not_found' });
        expect(await store.findBySenderKey(f.tenant.id, f.visitor.id, 'm')).toBeNull();
        expect(await store.listConversations(f.tenant.id, { limit: 10 })).toEqual([]);
      });

      it('answers not_found when the contact belongs to another inbox', async () => {
        const f = await seed();
        const inbox2 = await store.createInbox(f.tenant.id, { name: 'Shop', widgetKey: `wk-${randomUUID()}`, identitySecret: 's', requireIdentity: false, settings: {} });
        const target = { inboxId: inbox2.id, contactId: f.contact.id, statusIfNew: 'bot' as const };
        expect(await store.append(draft(f, 'm', target))).toEqual({ kind: 'not_found' });
        expect(await store.listConversations(f.tenant.id, { limit: 10 })).toEqual([]);
      });
    });

    describe('readTimeline', () => {
      it('returns entries after a seq, ascending, at most limit', async () => {
        const f = await seed();
        const c = await startConversation(f);
        for (let i = 2; i <= 10; i++) await store.append(draft(f, `m${i}`, { conversationId: c.id }));
        expect((await store.readTimeline(f.tenant.id, c.id, 3, 4)).map((e) => e.seq)).toEqual([4, 5, 6, 7]);
        expect((await store.readTimeline(f.tenant.id, c.id, 8, 100)).map((e) => e.seq)).toEqual([9, 10]);
        expect(await store.readTimeline(f.tenant.id, c.id, 10, 100)).toEqual([]);
        expect(await store.readTimeline(f.tenant.id, asConversationId('nope'), 0, 100)).toEqual([]);
      });
    });

    describe('transition', () => {
      it('applies a matching change and appends its event entry with the next seq', async () => {
        const f = await seed();
        const c = await startConversation(f, 'queued');
        const r = await store.transition(f.tenant.id, c.id, claim(f.agent.id));
        if (r.kind !== 'applied') throw new Error(`expected applied, got ${r.kind}`);
        expect(r.entry).toMatchObject({
          tenantId: f.tenant.id,
          conversationId: c.id,
          seq: 2,
          kind: 'event',
          text: 'Bo joined',
          sender: { role: 'agent', id: f.agent.id, name: 'Bo' },
          data: { event: 'assignee.changed', reason: 'claim' },
        });
        expect(r.entry.clientMsgId).toBeTruthy();
        expect(r.conversation).toMatchObject({ id: c.id, status: 'open', assigneeId: f.agent.id, lastSeq: 2, updatedAt: r.entry.createdAt });
        expect(await store.getConversation(f.tenant.id, c.id)).toEqual(r.conversation);
        expect(await store.readTimeline(f.tenant.id, c.id, 1, 10)).toEqual([r.entry]);
        const next = appended(await store.append(draft(f, 'after-claim', { conversationId: c.id })));
        expect(next.entry.seq).toBe(3);
      });

      it('refuses a change whose expected state does not hold, and changes nothing', async () => {
        const f = await seed();
        const c = await startConversation(f, 'bot');
        const r = await store.transition(f.tenant.id, c.id, claim(f.agent.id));
        expect(r).toEqual({ kind: 'refused', conversation: c });
        expect(await store.getConversation(f.tenant.id, c.id)).toEqual(c);
        expect(await store.readTimeline(f.tenant.id, c.id, 0, 10)).toHaveLength(1);
      });

      it('lets exactly one of 20 concurrent claims win', async () => {
        const f = await seed();
        const c = await startConversation(f, 'queued');
        const agents = await Promise.all(Array.from({ length: 20 }, (_, i) => newAgent(f.tenant.id, `claimer-${i}`)));
        const results = await Promise.all(agents.map((a) => store.transition(f.tenant.id, c.id, claim(a.id))));
        const applied = results.filter((r) => r.kind === 'applied');
        expect(applied).toHaveLength(1);
        expect(results.filter((r) => r.kind === 'refused')).toHaveLength(19);
        const winner = applied[0]!.conversation.assigneeId;
        expect((await store.getConversation(f.tenant.id, c.id))?.assigneeId).toBe(winner);
        const events = (await store.readTimeline(f.tenant.id, c.id, 0, 100)).filter((e) => e.kind === 'event');
        expect(events).toHaveLength(1);
      });

      it('matches the current assignee for a transfer and can unassign', async () => {
        const f = await seed();
        const other = await newAgent(f.tenant.id, 'other');
        const c = await startConversation(f, 'queued');
        await store.transition(f.tenant.id, c.id, claim(f.agent.id));
        const event = { actor: { role: 'agent' as const, id: f.agent.id }, name: 'assignee.changed', text: 'transfer' };
        const wrong = await store.transition(f.tenant.id, c.id, { from: { assigneeId: other.id }, to: { assigneeId: f.agent.id }, event });
        expect(wrong.kind).toBe('refused');
        const transfer = await store.transition(f.tenant.id, c.id, { from: { assigneeId: f.agent.id }, to: { assigneeId: other.id }, event });
        expect(transfer).toMatchObject({ kind: 'applied', conversation: { assigneeId: other.id, status: 'open' } });
        const unassign = await store.transition(f.tenant.id, c.id, { from: { unassigned: false }, to: { status: 'queued', assigneeId: null }, event });
        expect(unassign).toMatchObject({ kind: 'applied', conversation: { assigneeId: null, status: 'queued', lastSeq: 4 } });
      });

      it('answers not_found for a conversation that does not exist', async () => {
        const f = await seed();
        expect(await store.transition(f.tenant.id, asConversationId('nope'), claim(f.agent.id))).toEqual({ kind: 'not_found' });
      });
    });

    describe('listConversations', () => {
      it('lists newest first by last update', async () => {
        const f = await seed();
        const c1 = await conversationOfNewContact(f);
        await pause();
        const c2 = await conversationOfNewContact(f);
        await pause();
        const c3 = await conversationOfNewContact(f);
        await pause();
        await store.append({ ...draft(f, 'bump', { conversationId: c1.id }), sender: { role: 'bot', id: 'bot' } });
        const ids = (await store.listConversations(f.tenant.id, { limit: 10 })).map((c) => c.id);
        expect(ids).toEqual([c1.id, c3.id, c2.id]);
      });

      it('filters by status, assignee, unassigned, inbox and contact', async () => {
        const f = await seed();
        const inbox2 = await store.createInbox(f.tenant.id, { name: 'Shop', widgetKey: `wk-${randomUUID()}`, identitySecret: 's', requireIdentity: false, settings: {} });
        const bot = await conversationOfNewContact(f, 'bot');
        const queued = await conversationOfNewContact(f, 'queued');
        const mine = await conversationOfNewContact(f, 'queued');
        await store.transition(f.tenant.id, mine.id, claim(f.agent.id));
        const contact2 = await store.createContact(f.tenant.id, { inboxId: inbox2.id });
        const elsewhere = await startConversation({ ...f, inbox: inbox2, contact: contact2, visitor: { role: 'visitor', id: contact2.id } }, 'queued');
        const list = async (filter: Omit<ConversationFilter, 'limit'>): Promise<string[]> =>
          (await store.listConversations(f.tenant.id, { ...filter, limit: 50 })).map((c) => c.id).sort();
        const sorted = (...cs: Conversation[]): string[] => cs.map((c) => c.id).sort();
        expect(await list({})).toEqual(sorted(bot, queued, mine, elsewhere));
        expect(await list({ status: ['queued'] })).toEqual(sorted(queued, elsewhere));
        expect(await list({ status: ['bot', 'open'] })).toEqual(sorted(bot, mine));
        expect(await list({ status: [] })).toEqual([]);
        expect(await list({ assigneeId: f.agent.id })).toEqual(sorted(mine));
        expect(await list({ assigneeId: null })).toEqual(sorted(bot, queued, elsewhere));
        expect(await list({ assigneeId: null, status: ['queued'], inboxId: f.inbox.id })).toEqual(sorted(queued));
        expect(await list({ inboxId: inbox2.id })).toEqual(sorted(elsewhere));
        expect(await list({ contactId: contact2.id })).toEqual(sorted(elsewhere));
      });

      it('returns at most limit conversations', async () => {
        const f = await seed();
        for (let i = 0; i < 4; i++) await conversationOfNewContact(f);
        expect(await store.listConversations(f.tenant.id, { limit: 3 })).toHaveLength(3);
        expect(await store.listConversations(f.tenant.id, { limit: 1 })).toHaveLength(1);
      });

      it('pages backwards with a before cursor, newest first, without repeats, even when times tie', async () => {
        const f = await seed();
        const contacts = await Promise.all(Array.from({ length: 7 }, () => store.createContact(f.tenant.id, { inboxId: f.inbox.id })));
        await Promise.all(contacts.map((c) => store.append(draft({ ...f, contact: c, visitor: { role: 'visitor', id: c.id } }, `hi-${c.id}`))));
        const all = await store.listConversations(f.tenant.id, { limit: 100 });
        expect(all).toHaveLength(7);
        const pages: Conversation[][] = [];
        let before: { updatedAt: string; id: string } | undefined;
        for (;;) {
          const page = await store.listConversations(f.tenant.id, { limit: 3, ...(before ? { before } : {}) });
          if (page.length === 0) break;
          pages.push(page);
          const last = page[page.length - 1]!;
          before = { updatedAt: last.updatedAt, id: last.id };
        }
        expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
        expect(pages.flat()).toEqual(all);
        for (let i = 1; i < all.length; i++) {
          const [newer, older] = [all[i - 1]!, all[i]!];
          expect(newer.updatedAt > older.updatedAt || (newer.updatedAt === older.updatedAt && newer.id > older.id)).toBe(true);
        }
      });
    });

    describe('cursors', () => {
      it('moves cursors forward only and says whether they moved', async () => {
        const f = await seed();
        const c = await startConversation(f);
        const agent: Participant = { role: 'agent', id: f.agent.id, name: 'Bo' };
        const first = await store.moveCursor(f.tenant.id, c.id, agent, { ackSeq: 3 });
        expect(first).toEqual({ moved: true, cursor: { conversationId: c.id, participant: agent, ackSeq: 3, readSeq: 0 } });
        const readOnly = await store.moveCursor(f.tenant.id, c.id, agent, { ackSeq: 2, readSeq: 1 });
        expect(readOnly).toMatchObject({ moved: true, cursor: { ackSeq: 3, readSeq: 1 } });
        const back = await store.moveCursor(f.tenant.id, c.id, agent, { ackSeq: 1, readSeq: 1 });
        expect(back).toMatchObject({ moved: false, cursor: { ackSeq: 3, readSeq: 1 } });
        const nothing = await store.moveCursor(f.tenant.id, c.id, agent, {});
        expect(nothing).toMatchObject({ moved: false, cursor: { ackSeq: 3, readSeq: 1 } });
      });

      it("lists every participant's cursors of a conversation", async () => {
        const f = await seed();
        const c = await startConversation(f);
        const other = await startConversation({ ...f, contact: await store.createContact(f.tenant.id, { inboxId: f.inbox.id }) });
        const agent: Participant = { role: 'agent', id: f.agent.id, name: 'Bo' };
        await store.moveCursor(f.tenant.id, c.id, agent, { ackSeq: 2, readSeq: 2 });
        await store.moveCursor(f.tenant.id, c.id, f.visitor, { ackSeq: 1 });
        await store.moveCursor(f.tenant.id, other.id, agent, { ackSeq: 9 });
        const cursors = await store.listCursors(f.tenant.id, c.id);
        expect(cursors.sort((a, b) => a.participant.role.localeCompare(b.participant.role))).toEqual([
          { conversationId: c.id, participant: agent, ackSeq: 2, readSeq: 2 },
          { conversationId: c.id, participant: f.visitor, ackSeq: 1, readSeq: 0 },
        ]);
      });

      it('refuses to move a cursor of a conversation that does not exist', async () => {
        const f = await seed();
        const missing = asConversationId('nope');
        await expect(store.moveCursor(f.tenant.id, missing, f.visitor, { ackSeq: 1 })).rejects.toMatchObject({ code: 'not_found' });
        expect(await store.listCursors(f.tenant.id, missing)).toEqual([]);
      });
    });

    describe('tenant isolation', () => {
      let f: Fixture;
      let g: Fixture;
      let c: Conversation;

      beforeEach(async () => {
        f = await seed('a');
        g = await seed('b');
        c = await startConversation(f, 'queued');
        await store.moveCursor(f.tenant.id, c.id, f.visitor, { ackSeq: 1 });
      });

      it("sees nothing of another tenant's records through its ids", async () => {
        const t = g.tenant.id;
        expect(await store.getInbox(t, f.inbox.id)).toBeNull();
        expect(await store.listInboxes(t)).toEqual([g.inbox]);
        expect(await store.getContact(t, f.contact.id)).toBeNull();
        const identified = await store.createContact(f.tenant.id, { inboxId: f.inbox.id, externalId: 'u-1' });
        expect(await store.findContactByExternalId(t, f.inbox.id, 'u-1')).toBeNull();
        expect(identified.tenantId).toBe(f.tenant.id);
        expect(await store.getAgent(t, f.agent.id)).toBeNull();
        expect(await store.listAgents(t)).toEqual([g.agent]);
        expect(await store.getConversation(t, c.id)).toBeNull();
        expect(await store.listConversations(t, { limit: 50 })).toEqual([]);
        expect(await store.listConversations(t, { inboxId: f.inbox.id, limit: 50 })).toEqual([]);
        expect(await store.listConversations(t, { contactId: f.contact.id, limit: 50 })).toEqual([]);
        expect(await store.readTimeline(t, c.id, 0, 100)).toEqual([]);
        const [entry] = await store.readTimeline(f.tenant.id, c.id, 0, 1);
        expect(await store.findBySenderKey(t, f.visitor.id, entry!.clientMsgId)).toBeNull();
        expect(await store.listCursors(t, c.id)).toEqual([]);
      });

      it("cannot append to another tenant's conversation, inbox or contact", async () => {
        expect(await store.append(draft(g, 'x', { conversationId: c.id }))).toEqual({ kind: 'not_found' });
        const foreignTarget = { inboxId: f.inbox.id, contactId: f.contact.id, statusIfNew: 'bot' as const };
        expect(await store.append(draft(g, 'y', foreignTarget))).toEqual({ kind: 'not_found' });
        expect(await store.append(draft(g, 'z', { inboxId: g.inbox.id, contactId: f.contact.id, statusIfNew: 'bot' }))).toEqual({ kind: 'not_found' });
        expect(await store.getConversation(f.tenant.id, c.id)).toEqual(c);
        expect(await store.readTimeline(f.tenant.id, c.id, 0, 100)).toHaveLength(1);
        expect(await store.listConversations(g.tenant.id, { limit: 50 })).toEqual([]);
      });

      it("cannot transition another tenant's conversation", async () => {
        expect(await store.transition(g.tenant.id, c.id, claim(g.agent.id))).toEqual({ kind: 'not_found' });
        expect(await store.getConversation(f.tenant.id, c.id)).toEqual(c);
        expect(await store.readTimeline(f.tenant.id, c.id, 0, 100)).toHaveLength(1);
      });

      it("cannot change another tenant's contact or cursors", async () => {
        expect(await store.updateContact(g.tenant.id, f.contact.id, { name: 'Mallory', attributes: { x: 1 } })).toBeNull();
        expect(await store.getContact(f.tenant.id, f.contact.id)).toEqual(f.contact);
        await expect(store.moveCursor(g.tenant.id, c.id, g.visitor, { ackSeq: 5 })).rejects.toMatchObject({ code: 'not_found' });
        await expect(store.moveCursor(g.tenant.id, c.id, f.visitor, { ackSeq: 5 })).rejects.toMatchObject({ code: 'not_found' });
        expect(await store.listCursors(f.tenant.id, c.id)).toEqual([{ conversationId: c.id, participant: f.visitor, ackSeq: 1, readSeq: 0 }]);
      });

      it("cannot create a contact in another tenant's inbox", async () => {
        await expect(store.createContact(g.tenant.id, { inboxId: f.inbox.id, externalId: 'u-9' })).rejects.toMatchObject({ code: 'not_found' });
        expect(await store.findContactByExternalId(f.tenant.id, f.inbox.id, 'u-9')).toBeNull();
      });
    });

    describe('identity and lifecycle', () => {
      it('keeps the same identity across calls', async () => {
        const first = await store.identity();
        expect(first.epoch.length).toBeGreaterThan(0);
        expect(first.secret.length).toBeGreaterThanOrEqual(16);
        expect(await store.identity()).toEqual(first);
      });

      it('answers ping while open', async () => {
        expect(await store.ping()).toBe(true);
      });

      it('commits a pending write before close, then refuses every call', async () => {
        const f = await seed();
        const pending = store.append(draft(f, 'last-words'));
        await store.close();
        await expect(pending).resolves.toMatchObject({ kind: 'appended', created: true });
        const closed = { code: 'unavailable' };
        await expect(store.append(draft(f, 'too-late'))).rejects.toBeInstanceOf(AppError);
        await expect(store.append(draft(f, 'too-late'))).rejects.toMatchObject(closed);
        await expect(store.getConversation(f.tenant.id, asConversationId('x'))).rejects.toMatchObject(closed);
        await expect(store.createTenant('late')).rejects.toMatchObject(closed);
        await expect(store.identity()).rejects.toMatchObject(closed);
        await expect(store.ping()).rejects.toMatchObject(closed);
      });
    });
  });
}
