// Store contract: satisfaction ratings (CSAT).
import { beforeEach, describe, expect, it } from 'vitest';
import { asConversationId, type AgentId } from '../domain/ids.js';
import type { Conversation, Csat } from '../domain/model.js';
import type { Store } from './store.js';
import type { Fixture, StoreTest } from './store-support.contract.js';

const at = (minute: number) => new Date(Date.UTC(2025, 0, 6, 8, minute)).toISOString();

export function describeCsatContract(t: StoreTest): void {
  const { seed, newAgent, conversationOfNewContact } = t;

  describe('satisfaction ratings', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    /** A rating of a new conversation, given at `minute`. */
    const rate = async (f: Fixture, minute: number, rating: Csat['rating'], agentId: AgentId | null = f.agent.id, comment = '') => {
      const c = await conversationOfNewContact(f, 'queued');
      t.clock.set(at(minute));
      return store.saveCsat(f.tenant.id, { conversationId: c.id, contactId: c.contactId, agentId, rating, comment });
    };

    it('saves a rating and reads it back', async () => {
      const f = await seed();
      const c = await conversationOfNewContact(f, 'queued');
      t.clock.set(at(0));
      const saved = await store.saveCsat(f.tenant.id, { conversationId: c.id, contactId: c.contactId, agentId: f.agent.id, rating: 4, comment: '很好 good' });
      expect(saved).toEqual({ conversationId: c.id, tenantId: f.tenant.id, contactId: c.contactId, agentId: f.agent.id, rating: 4, comment: '很好 good', createdAt: at(0) });
      expect(await store.getCsat(f.tenant.id, c.id)).toEqual(saved);
      const other = await conversationOfNewContact(f, 'queued');
      expect(await store.getCsat(f.tenant.id, other.id)).toBeNull();
    });

    it('keeps one rating per conversation: a second replaces the first, time included', async () => {
      const f = await seed();
      const c = await conversationOfNewContact(f, 'queued');
      t.clock.set(at(0));
      await store.saveCsat(f.tenant.id, { conversationId: c.id, contactId: c.contactId, agentId: f.agent.id, rating: 1, comment: 'bad' });
      t.clock.set(at(5));
      const second = await store.saveCsat(f.tenant.id, { conversationId: c.id, contactId: c.contactId, agentId: null, rating: 5, comment: 'changed my mind' });
      expect(second).toMatchObject({ rating: 5, comment: 'changed my mind', agentId: null, createdAt: at(5) });
      expect(await store.getCsat(f.tenant.id, c.id)).toEqual(second);
      expect(await store.listCsat(f.tenant.id, { fromIso: at(0), toIso: at(60), limit: 10 })).toEqual([second]);
      expect(await store.summarizeCsat(f.tenant.id, { fromIso: at(0), toIso: at(60) })).toEqual({ count: 1, average: 5, byRating: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 } });
    });

    it('refuses a rating outside 1..5 and a comment over 2000 characters as invalid, and keeps the stored one', async () => {
      const f = await seed();
      const c = await conversationOfNewContact(f, 'queued');
      const base = { conversationId: c.id, contactId: c.contactId, agentId: null };
      const kept = await store.saveCsat(f.tenant.id, { ...base, rating: 3, comment: '' });
      for (const rating of [0, 6, 2.5]) {
        await expect(store.saveCsat(f.tenant.id, { ...base, rating: rating as Csat['rating'], comment: '' })).rejects.toMatchObject({ code: 'invalid' });
      }
      await expect(store.saveCsat(f.tenant.id, { ...base, rating: 1, comment: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 'invalid' });
      expect(await store.getCsat(f.tenant.id, c.id)).toEqual(kept);
      // Characters, not UTF-16 units: 2000 emoji (4000 units) fit.
      const longest = await store.saveCsat(f.tenant.id, { ...base, rating: 2, comment: '😀'.repeat(2000) });
      expect(longest.comment).toBe('😀'.repeat(2000));
      expect((await store.saveCsat(f.tenant.id, { ...base, rating: 2, comment: '好'.repeat(2000) })).comment).toHaveLength(2000);
    });

    it("refuses a conversation that does not exist, and a contact that is not the conversation's", async () => {
      const f = await seed();
      const c = await conversationOfNewContact(f, 'queued');
      const missing = { conversationId: asConversationId('nope'), contactId: c.contactId, agentId: null, rating: 5 as const, comment: '' };
      await expect(store.saveCsat(f.tenant.id, missing)).rejects.toMatchObject({ code: 'not_found' });
      const wrongContact = { conversationId: c.id, contactId: f.contact.id, agentId: null, rating: 5 as const, comment: '' };
      await expect(store.saveCsat(f.tenant.id, wrongContact)).rejects.toMatchObject({ code: 'invalid' });
      expect(await store.getCsat(f.tenant.id, c.id)).toBeNull();
    });

    it('summarizes the ratings made in [from, to), with every rating counted and the average', async () => {
      const f = await seed();
      await rate(f, 0, 5);
      await rate(f, 10, 4);
      await rate(f, 20, 4);
      await rate(f, 29, 1);
      await rate(f, 30, 2);
      const range = (from: number, to: number) => ({ fromIso: at(from), toIso: at(to) });
      expect(await store.summarizeCsat(f.tenant.id, range(0, 30))).toEqual({ count: 4, average: 3.5, byRating: { 1: 1, 2: 0, 3: 0, 4: 2, 5: 1 } });
      expect(await store.summarizeCsat(f.tenant.id, range(10, 20))).toEqual({ count: 1, average: 4, byRating: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } });
      expect(await store.summarizeCsat(f.tenant.id, range(0, 31))).toEqual({ count: 5, average: 16 / 5, byRating: { 1: 1, 2: 1, 3: 0, 4: 2, 5: 1 } });
      expect(await store.summarizeCsat(f.tenant.id, range(31, 60))).toEqual({ count: 0, average: null, byRating: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
    });

    it('summarizes the ratings of one agent', async () => {
      const f = await seed();
      const other = await newAgent(f.tenant.id, 'other');
      await rate(f, 0, 5);
      await rate(f, 1, 2, other.id);
      await rate(f, 2, 3, other.id);
      await rate(f, 3, 1, null);
      const range = { fromIso: at(0), toIso: at(60) };
      expect(await store.summarizeCsat(f.tenant.id, { ...range, agentId: other.id })).toEqual({ count: 2, average: 2.5, byRating: { 1: 0, 2: 1, 3: 1, 4: 0, 5: 0 } });
      expect(await store.summarizeCsat(f.tenant.id, { ...range, agentId: f.agent.id })).toMatchObject({ count: 1, average: 5 });
      expect(await store.summarizeCsat(f.tenant.id, range)).toMatchObject({ count: 4, average: 11 / 4 });
    });

    it('lists the ratings made in [from, to), newest first, at most limit', async () => {
      const f = await seed();
      const ratings: Csat[] = [];
      for (const minute of [0, 10, 20, 30]) ratings.push(await rate(f, minute, 3, f.agent.id, `at ${minute}`));
      const [r0, r10, r20, r30] = ratings;
      expect(await store.listCsat(f.tenant.id, { fromIso: at(0), toIso: at(30), limit: 10 })).toEqual([r20, r10, r0]);
      expect(await store.listCsat(f.tenant.id, { fromIso: at(10), toIso: at(31), limit: 2 })).toEqual([r30, r20]);
      expect(await store.listCsat(f.tenant.id, { fromIso: at(31), toIso: at(40), limit: 10 })).toEqual([]);
    });

    it("sees, replaces and counts none of another tenant's ratings", async () => {
      const f = await seed('a');
      const g = await seed('b');
      const mine = await rate(f, 0, 5);
      const c: Conversation = (await store.getConversation(f.tenant.id, mine.conversationId))!;
      const range = { fromIso: at(0), toIso: at(60) };
      await expect(
        store.saveCsat(g.tenant.id, { conversationId: c.id, contactId: c.contactId, agentId: null, rating: 1, comment: 'Mallory' }),
      ).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.getCsat(g.tenant.id, c.id)).toBeNull();
      expect(await store.getCsat(f.tenant.id, c.id)).toEqual(mine);
      expect(await store.summarizeCsat(g.tenant.id, range)).toEqual({ count: 0, average: null, byRating: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
      expect(await store.summarizeCsat(g.tenant.id, { ...range, agentId: f.agent.id })).toMatchObject({ count: 0 });
      expect(await store.listCsat(g.tenant.id, { ...range, limit: 10 })).toEqual([]);
      const theirs = await rate(g, 1, 2);
      expect(await store.listCsat(f.tenant.id, { ...range, limit: 10 })).toEqual([mine]);
      expect(await store.listCsat(g.tenant.id, { ...range, limit: 10 })).toEqual([theirs]);
    });
  });
}
