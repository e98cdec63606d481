// Store contract: appends and the timeline.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { asContactId, asConversationId } from '../domain/ids.js';
import type { EntryKind, Participant } from '../domain/model.js';
import type { Transition } from './conversation-store.js';
import type { Store } from './store.js';
import { appended, type StoreTest } from './store-support.contract.js';
import type { EntryTarget } from './timeline-store.js';

export function describeTimelineContract(t: StoreTest): void {
  const { seed, draft, startConversation, conversationOfNewContact, claim } = t;

  describe('append', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

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

    it('keeps lastSeq and lastMessageAt of the conversation in step with its appends, and leaves updatedAt alone', async () => {
      const f = await seed();
      t.clock.set('2025-01-06T08:00:00.000Z');
      const c = await startConversation(f);
      expect(c).toMatchObject({ createdAt: t.clock.iso(), updatedAt: t.clock.iso(), lastMessageAt: t.clock.iso() });
      for (const sender of [f.visitor, { role: 'agent' as const, id: f.agent.id }, { role: 'system' as const, id: 'system' }]) {
        const now = t.clock.advance(1000);
        const r = appended(await store.append({ ...draft(f, `later-${sender.role}`, { conversationId: c.id }), sender }));
        expect(r.conversation.lastSeq).toBe(r.entry.seq);
        expect(r.entry.createdAt).toBe(now);
        expect(r.conversation.lastMessageAt).toBe(now);
        expect(r.conversation.updatedAt).toBe(c.updatedAt);
        expect(r.conversation.createdAt).toBe(c.createdAt);
        expect(await store.getConversation(f.tenant.id, c.id)).toEqual(r.conversation);
      }
      const repeat = appended(await store.append({ ...draft(f, 'later-system', { conversationId: c.id }), sender: { role: 'system', id: 'system' } }));
      expect(repeat.created).toBe(false);
      expect(await store.getConversation(f.tenant.id, c.id)).toEqual(repeat.conversation);
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

    it("appends to a named conversation only as its conditions allow: the contact's own, not resolved", async () => {
      const f = await seed();
      const mine = await startConversation(f);
      const theirs = await conversationOfNewContact(f);
      const lastSeq = async (id: typeof mine.id) => (await store.getConversation(f.tenant.id, id))!.lastSeq;

      const ok = appended(await store.append(draft(f, 'own', { conversationId: mine.id, ofContact: f.contact.id, unlessResolved: true })));
      expect(ok.entry.seq).toBe(2);
      expect(await store.append(draft(f, 'other', { conversationId: theirs.id, ofContact: f.contact.id }))).toEqual({ kind: 'not_found' });
      expect(await lastSeq(theirs.id)).toBe(1);

      const resolve: Transition = { from: {}, to: { status: 'resolved' }, event: { actor: f.visitor, name: 'conversation.resolved', text: 'done' } };
      expect((await store.transition(f.tenant.id, mine.id, resolve)).kind).toBe('applied');
      expect(await store.append(draft(f, 'late', { conversationId: mine.id, ofContact: f.contact.id, unlessResolved: true }))).toEqual({ kind: 'not_found' });
      expect(await lastSeq(mine.id)).toBe(3);
      expect(await store.findBySenderKey(f.tenant.id, f.visitor.id, 'late')).toBeNull();
      // Without the condition the same draft goes in; a repeat of a stored send is answered whatever the conditions.
      expect(appended(await store.append(draft(f, 'late', { conversationId: mine.id }))).entry.seq).toBe(4);
      const repeat = appended(await store.append(draft(f, 'own', { conversationId: mine.id, ofContact: f.contact.id, unlessResolved: true })));
      expect(repeat).toMatchObject({ created: false, entry: { seq: 2 } });
    });

    it("appends to a named conversation unless its contact or the sender's address is blocked, when the target says so", async () => {
      const f = await seed();
      const c = await startConversation(f);
      const unlessBlocked = (ip: string | null) => ({ conversationId: c.id, unlessBlocked: { ip } });
      expect(appended(await store.append(draft(f, 'a', unlessBlocked('198.51.100.4')))).entry.seq).toBe(2);
      await store.blockIp(f.tenant.id, '198.51.100.4', 'spam');
      expect(await store.append(draft(f, 'b', unlessBlocked('198.51.100.4')))).toEqual({ kind: 'not_found' });
      expect(appended(await store.append(draft(f, 'c', unlessBlocked('198.51.100.5')))).entry.seq).toBe(3);
      await store.updateContact(f.tenant.id, f.contact.id, { blocked: true });
      expect(await store.append(draft(f, 'd', unlessBlocked(null)))).toEqual({ kind: 'not_found' });
      expect(await store.findBySenderKey(f.tenant.id, f.visitor.id, 'd')).toBeNull();
      expect(appended(await store.append(draft(f, 'd', { conversationId: c.id }))).entry.seq).toBe(4);
    });

    it('answers not_found when the contact belongs to another inbox', async () => {
      const f = await seed();
      const inbox2 = await store.createInbox(f.tenant.id, { name: 'Shop', widgetKey: `wk-${randomUUID()}`, identitySecret: 's', requireIdentity: false, settings: {} });
      const target = { inboxId: inbox2.id, contactId: f.contact.id, statusIfNew: 'bot' as const };
      expect(await store.append(draft(f, 'm', target))).toEqual({ kind: 'not_found' });
      expect(await store.listConversations(f.tenant.id, { limit: 10 })).toEqual([]);
    });

    it('gives a new conversation the team, priority and queue time the target asks for', async () => {
      const f = await seed();
      t.clock.set('2025-01-06T08:00:00.000Z');
      const plain = await startConversation(f, 'bot');
      expect(plain).toMatchObject({ teamId: null, priority: 'normal', queuedAt: null, assignedAt: null, lastAgentMessageAt: null });
      const team = await store.createTeam(f.tenant.id, { name: 'Sales', policy: 'least_busy', businessHours: null });
      const contact = await store.createContact(f.tenant.id, { inboxId: f.inbox.id });
      const target: EntryTarget = { inboxId: f.inbox.id, contactId: contact.id, statusIfNew: 'queued', teamIdIfNew: team.id, priorityIfNew: 'high' };
      const sender: Participant = { role: 'visitor', id: contact.id };
      const now = t.clock.advance(1000);
      const r = appended(await store.append({ ...draft(f, 'q1', target), sender }));
      expect(r.conversation).toMatchObject({ status: 'queued', teamId: team.id, priority: 'high', queuedAt: now, assignedAt: null, createdAt: now });
      expect(await store.getConversation(f.tenant.id, r.conversation.id)).toEqual(r.conversation);
      t.clock.advance(1000);
      const again = appended(await store.append({ ...draft(f, 'q2', { ...target, teamIdIfNew: null, priorityIfNew: 'urgent' }), sender }));
      expect(again.conversation).toMatchObject({ id: r.conversation.id, teamId: team.id, priority: 'high', queuedAt: now });
    });

    it("moves the last message time of the sender's side on text and file entries only", async () => {
      const f = await seed();
      const agent: Participant = { role: 'agent', id: f.agent.id };
      t.clock.set('2025-01-06T08:00:00.000Z');
      const c = await startConversation(f, 'queued');
      const started = t.clock.iso();
      expect(c).toMatchObject({ lastVisitorMessageAt: started, lastAgentMessageAt: null });
      const send = async (id: string, sender: Participant, kind: EntryKind) => {
        t.clock.advance(1000);
        return appended(await store.append({ ...draft(f, id, { conversationId: c.id }), sender, kind })).conversation;
      };
      const replied = await send('a1', agent, 'text');
      expect(replied).toMatchObject({ lastVisitorMessageAt: started, lastAgentMessageAt: t.clock.iso() });
      const lastAgent = t.clock.iso();
      expect(await send('a2', agent, 'note')).toMatchObject({ lastVisitorMessageAt: started, lastAgentMessageAt: lastAgent });
      expect(await send('b1', { role: 'bot', id: 'bot' }, 'text')).toMatchObject({ lastVisitorMessageAt: started, lastAgentMessageAt: lastAgent });
      expect(await send('s1', { role: 'system', id: 'system' }, 'text')).toMatchObject({ lastVisitorMessageAt: started, lastAgentMessageAt: lastAgent });
      expect(await send('v1', f.visitor, 'card')).toMatchObject({ lastVisitorMessageAt: started, lastAgentMessageAt: lastAgent });
      const file = await send('a3', agent, 'file');
      expect(file).toMatchObject({ lastVisitorMessageAt: started, lastAgentMessageAt: t.clock.iso() });
      const visitorFile = await send('v2', f.visitor, 'file');
      const lastVisitor = t.clock.iso();
      expect(visitorFile).toMatchObject({ lastVisitorMessageAt: lastVisitor, lastAgentMessageAt: file.lastAgentMessageAt });
      expect(await send('a1', agent, 'text')).toEqual(visitorFile);
      t.clock.advance(1000);
      await store.transition(f.tenant.id, c.id, claim(f.agent.id));
      expect(await store.getConversation(f.tenant.id, c.id)).toMatchObject({ lastVisitorMessageAt: lastVisitor, lastAgentMessageAt: file.lastAgentMessageAt });
    });
  });

  describe('readTimeline', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

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
}
