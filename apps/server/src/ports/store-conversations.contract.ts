// Store contract: listing conversations.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../domain/model.js';
import type { ConversationFilter } from './conversation-store.js';
import type { Store } from './store.js';
import { pause, type StoreTest } from './store-support.contract.js';

export function describeConversationListContract(t: StoreTest): void {
  const { seed, draft, startConversation, conversationOfNewContact, claim } = t;

  describe('listConversations', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

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
  });
}
