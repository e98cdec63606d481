// Store contract: listing conversations.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { asConversationId } from '../domain/ids.js';
import type { Conversation, Participant } from '../domain/model.js';
import type { ConversationFilter, Transition } from './conversation-store.js';
import type { Store } from './store.js';
import { pause, type Fixture, type StoreTest } from './store-support.contract.js';

export function describeConversationListContract(t: StoreTest): void {
  const { seed, draft, startConversation, conversationOfNewContact, claim } = t;

  describe('listConversations', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    it('lists newest first by last update: a state change moves a conversation up, a message does not', async () => {
      const f = await seed();
      const c1 = await conversationOfNewContact(f);
      await pause();
      const c2 = await conversationOfNewContact(f);
      await pause();
      const c3 = await conversationOfNewContact(f);
      await pause();
      const list = async () => (await store.listConversations(f.tenant.id, { limit: 10 })).map((c) => c.id);
      await store.append({ ...draft(f, 'chatter', { conversationId: c1.id }), sender: { role: 'bot', id: 'bot' } });
      expect(await list()).toEqual([c3.id, c2.id, c1.id]);
      const bump: Transition = { from: {}, to: { priority: 'high' }, event: { actor: { role: 'bot', id: 'bot' }, name: 'x', text: 'x' } };
      expect((await store.transition(f.tenant.id, c1.id, bump)).kind).toBe('applied');
      expect(await list()).toEqual([c1.id, c3.id, c2.id]);
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

    it('summarizes the same list: id, last seq and status of each, in the same order', async () => {
      const f = await seed();
      const queued = await conversationOfNewContact(f, 'queued');
      const mine = await conversationOfNewContact(f, 'queued');
      await store.transition(f.tenant.id, mine.id, claim(f.agent.id));
      await store.append(draft(f, 'more', { conversationId: queued.id }));
      for (const filter of [{}, { status: ['queued' as const] }, { assigneeId: f.agent.id }, { assigneeId: null }, { contactId: queued.contactId }]) {
        const full = await store.listConversations(f.tenant.id, { ...filter, limit: 50 });
        const briefs = await store.listConversationSummaries(f.tenant.id, { ...filter, limit: 50 });
        expect(briefs).toEqual(full.map((c) => ({ id: c.id, lastSeq: c.lastSeq, status: c.status })));
      }
      const [brief] = await store.listConversationSummaries(f.tenant.id, { assigneeId: f.agent.id, limit: 50 });
      expect(brief).toEqual({ id: mine.id, lastSeq: 2, status: 'open' });
    });

    it('gives a conversation\'s position (owner, assignee, last seq) as its whole row has it, and only within its tenant', async () => {
      const f = await seed();
      const queued = await conversationOfNewContact(f, 'queued');
      const mine = await conversationOfNewContact(f, 'queued');
      await store.transition(f.tenant.id, mine.id, claim(f.agent.id));
      await store.append(draft(f, 'more', { conversationId: mine.id }));
      for (const c of [queued, mine]) {
        const whole = (await store.getConversation(f.tenant.id, c.id))!;
        expect(await store.getConversationPosition(f.tenant.id, c.id)).toEqual({
          id: whole.id,
          tenantId: whole.tenantId,
          contactId: whole.contactId,
          assigneeId: whole.assigneeId,
          lastSeq: whole.lastSeq,
        });
      }
      expect((await store.getConversationPosition(f.tenant.id, mine.id))?.assigneeId).toBe(f.agent.id);
      const other = await store.createTenant('Other');
      expect(await store.getConversationPosition(other.id, mine.id)).toBeNull();
      expect(await store.getConversationPosition(f.tenant.id, asConversationId(randomUUID()))).toBeNull();
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

    it('filters by team, null standing for conversations without one', async () => {
      const f = await seed();
      const sales = await store.createTeam(f.tenant.id, { name: 'Sales', policy: 'least_busy', businessHours: null });
      const billing = await store.createTeam(f.tenant.id, { name: 'Billing', policy: 'manual', businessHours: null });
      const pool = await conversationOfNewContact(f, 'queued');
      const s1 = await conversationOfNewContact(f, 'queued', { teamId: sales.id });
      const s2 = await conversationOfNewContact(f, 'bot', { teamId: sales.id });
      const b1 = await conversationOfNewContact(f, 'queued', { teamId: billing.id });
      const list = async (filter: Omit<ConversationFilter, 'limit'>): Promise<string[]> =>
        (await store.listConversations(f.tenant.id, { ...filter, limit: 50 })).map((c) => c.id).sort();
      const sorted = (...cs: Conversation[]): string[] => cs.map((c) => c.id).sort();
      expect(await list({ teamId: sales.id })).toEqual(sorted(s1, s2));
      expect(await list({ teamId: billing.id })).toEqual(sorted(b1));
      expect(await list({ teamId: null })).toEqual(sorted(pool));
      expect(await list({ teamId: sales.id, status: ['queued'] })).toEqual(sorted(s1));
      expect(await list({})).toEqual(sorted(pool, s1, s2, b1));
    });

    describe('filters of timers and labels', () => {
      const at = (second: number) => new Date(Date.UTC(2025, 0, 6, 8, 0, second)).toISOString();
      const list = async (tenantId: Fixture['tenant']['id'], filter: Omit<ConversationFilter, 'limit'>): Promise<string[]> =>
        (await store.listConversations(tenantId, { ...filter, limit: 50 })).map((c) => c.id).sort();
      const sorted = (...cs: Conversation[]): string[] => cs.map((c) => c.id).sort();
      const force = (to: Transition['to']): Transition => ({ from: {}, to, event: { actor: { role: 'system', id: 'system' }, name: 'x', text: 'x' } });
      const say = (f: Fixture, c: Conversation, sender: Participant, kind: 'text' | 'note' = 'text') =>
        store.append({ tenantId: f.tenant.id, target: { conversationId: c.id }, sender, clientMsgId: randomUUID(), kind, text: 'hi' });

      it('filters by assignment strictly before an instant', async () => {
        const f = await seed();
        t.clock.set(at(0));
        const early = await conversationOfNewContact(f, 'queued');
        const late = await conversationOfNewContact(f, 'queued');
        await conversationOfNewContact(f, 'queued');
        t.clock.set(at(1));
        await store.transition(f.tenant.id, early.id, claim(f.agent.id));
        t.clock.set(at(2));
        await store.transition(f.tenant.id, late.id, claim(f.agent.id));
        expect(await list(f.tenant.id, { assignedBefore: at(1) })).toEqual([]);
        expect(await list(f.tenant.id, { assignedBefore: at(2) })).toEqual(sorted(early));
        expect(await list(f.tenant.id, { assignedBefore: at(3) })).toEqual(sorted(early, late));
        await store.transition(f.tenant.id, early.id, force({ status: 'queued', assigneeId: null }));
        expect(await list(f.tenant.id, { assignedBefore: at(3) })).toEqual(sorted(late));
      });

      it('filters the assigned conversations whose assignee has not written a message since the assignment', async () => {
        const f = await seed();
        const other = await t.newAgent(f.tenant.id, 'other');
        const agent = { role: 'agent' as const, id: f.agent.id };
        t.clock.set(at(0));
        const [silent, replied, stale, tied, queued] = await Promise.all(Array.from({ length: 5 }, () => conversationOfNewContact(f, 'queued')));
        t.clock.set(at(1));
        for (const c of [silent!, replied!, stale!]) await store.transition(f.tenant.id, c.id, claim(f.agent.id));
        await say(f, stale!, agent);
        await say(f, silent!, agent, 'note');
        t.clock.set(at(2));
        await say(f, replied!, agent);
        await store.transition(f.tenant.id, stale!.id, force({ assigneeId: other.id }));
        await store.transition(f.tenant.id, tied!.id, claim(f.agent.id));
        await say(f, tied!, agent);
        expect(await list(f.tenant.id, { unanswered: true })).toEqual(sorted(silent!, stale!));
        expect(await list(f.tenant.id, { unanswered: true, assignedBefore: at(2) })).toEqual(sorted(silent!));
        expect(await list(f.tenant.id, { unanswered: false })).toEqual(sorted(silent!, replied!, stale!, tied!, queued!));
      });

      it('filters by the last visitor message, or the creation without one, strictly before an instant', async () => {
        const f = await seed();
        t.clock.set(at(0));
        const contact = await store.createContact(f.tenant.id, { inboxId: f.inbox.id });
        const bot = { role: 'bot' as const, id: 'bot' };
        const greeted = await store.append({
          tenantId: f.tenant.id,
          target: { inboxId: f.inbox.id, contactId: contact.id, statusIfNew: 'bot' },
          sender: bot,
          clientMsgId: 'greeting',
          kind: 'text',
          text: 'Hello',
        });
        if (greeted.kind !== 'appended') throw new Error('not appended');
        const quiet = greeted.conversation;
        expect(quiet.lastVisitorMessageAt).toBeNull();
        t.clock.set(at(1));
        const talking = await conversationOfNewContact(f);
        t.clock.set(at(2));
        const late = await conversationOfNewContact(f);
        t.clock.set(at(3));
        await say(f, talking, { role: 'visitor', id: talking.contactId });
        await say(f, quiet, { role: 'agent', id: f.agent.id });
        expect(await list(f.tenant.id, { visitorQuietSince: at(0) })).toEqual([]);
        expect(await list(f.tenant.id, { visitorQuietSince: at(2) })).toEqual(sorted(quiet));
        expect(await list(f.tenant.id, { visitorQuietSince: at(3) })).toEqual(sorted(quiet, late));
        expect(await list(f.tenant.id, { visitorQuietSince: at(4) })).toEqual(sorted(quiet, late, talking));
        expect(await list(f.tenant.id, { visitorQuietSince: at(4), status: ['bot'], assigneeId: null })).toEqual(sorted(quiet, late, talking));
      });

      it('filters by a label in any case of its name, alone and with other filters', async () => {
        const f = await seed();
        for (const name of ['VIP', 'bug']) await store.upsertLabel(f.tenant.id, { name, color: '#112233', description: '' });
        const [one, both, none] = await Promise.all(Array.from({ length: 3 }, () => conversationOfNewContact(f, 'queued')));
        await store.transition(f.tenant.id, one!.id, force({ labels: ['VIP'] }));
        await store.transition(f.tenant.id, both!.id, force({ labels: ['vip', 'bug'] }));
        await store.transition(f.tenant.id, both!.id, claim(f.agent.id));
        expect(await list(f.tenant.id, { label: 'VIP' })).toEqual(sorted(one!, both!));
        expect(await list(f.tenant.id, { label: 'vip' })).toEqual(sorted(one!, both!));
        expect(await list(f.tenant.id, { label: 'bug' })).toEqual(sorted(both!));
        expect(await list(f.tenant.id, { label: 'vip', status: ['open'] })).toEqual(sorted(both!));
        expect(await list(f.tenant.id, { label: 'nope' })).toEqual([]);
        await store.transition(f.tenant.id, one!.id, force({ labels: ['bug'] }));
        expect(await list(f.tenant.id, { label: 'vip' })).toEqual(sorted(both!));
        expect(await list(f.tenant.id, { label: 'bug' })).toEqual(sorted(one!, both!));
        expect(await list(f.tenant.id, {})).toEqual(sorted(one!, both!, none!));
      });

      it("sees none of another tenant's conversations through the new filters", async () => {
        const f = await seed('a');
        const g = await seed('b');
        await store.upsertLabel(f.tenant.id, { name: 'vip', color: '#112233', description: '' });
        await store.upsertLabel(g.tenant.id, { name: 'vip', color: '#112233', description: '' });
        const theirs = await startConversation(f, 'queued');
        await store.transition(f.tenant.id, theirs.id, force({ labels: ['vip'] }));
        await store.transition(f.tenant.id, theirs.id, claim(f.agent.id));
        const later = new Date(Date.now() + 60_000).toISOString();
        expect(await list(f.tenant.id, { label: 'vip', unanswered: true, assignedBefore: later, visitorQuietSince: later })).toEqual(sorted(theirs));
        expect(await list(g.tenant.id, { label: 'vip' })).toEqual([]);
        expect(await list(g.tenant.id, { unanswered: true })).toEqual([]);
        expect(await list(g.tenant.id, { assignedBefore: later })).toEqual([]);
        expect(await list(g.tenant.id, { visitorQuietSince: later })).toEqual([]);
      });
    });
  });
}
