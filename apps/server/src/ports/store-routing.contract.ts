// Store contract: what routing reads and claims: the queue, open counts, the last assignee of a
// visitor, and capacity under concurrent assignments.
import { beforeEach, describe, expect, it } from 'vitest';
import { asAgentId, asContactId } from '../domain/ids.js';
import type { Conversation, Participant, Priority } from '../domain/model.js';
import type { Transition } from './conversation-store.js';
import type { Store } from './store.js';
import type { Fixture, StoreTest } from './store-support.contract.js';

const ids = (cs: Conversation[]): string[] => cs.map((c) => c.id);
const RANK: Record<Priority, number> = { urgent: 3, high: 2, normal: 1, low: 0 };
const system: Participant = { role: 'system', id: 'system' };

export function describeRoutingContract(t: StoreTest): void {
  const { seed, newAgent, conversationOfNewContact, claim } = t;

  /** A change with no precondition, as an admin or a timer makes it. */
  const force = (to: Transition['to']): Transition => ({ from: {}, to, event: { actor: system, name: 'test.changed', text: 'changed' } });

  describe('listQueue', () => {
    let store: Store;
    let f: Fixture;
    beforeEach(async () => {
      store = t.store;
      f = await seed();
      t.clock.set('2025-01-06T08:00:00.000Z');
    });

    /** A queued conversation of a new contact, one second after the previous one. */
    const queued = async (priority: Priority, teamId: Conversation['teamId'] = null): Promise<Conversation> => {
      t.clock.advance(1000);
      return conversationOfNewContact(f, 'queued', { priority, teamId });
    };

    it('lists queued, unassigned conversations urgent first, then oldest in the queue first', async () => {
      const c1 = await queued('normal');
      const c2 = await queued('urgent');
      const c3 = await queued('low');
      const c4 = await queued('normal');
      const c5 = await queued('urgent');
      const c6 = await queued('high');
      await conversationOfNewContact(f, 'bot', { priority: 'urgent' });
      const taken = await queued('urgent');
      expect((await store.transition(f.tenant.id, taken.id, claim(f.agent.id))).kind).toBe('applied');
      const assignedButQueued = await queued('urgent');
      expect((await store.transition(f.tenant.id, assignedButQueued.id, force({ assigneeId: f.agent.id }))).kind).toBe('applied');
      const resolved = await queued('urgent');
      await store.transition(f.tenant.id, resolved.id, force({ status: 'resolved' }));
      const queue = await store.listQueue(f.tenant.id, { limit: 50 });
      expect(ids(queue)).toEqual(ids([c2, c5, c6, c1, c4, c3]));
      expect(queue[0]).toEqual(await store.getConversation(f.tenant.id, c2.id));
      expect(ids(await store.listQueue(f.tenant.id, { limit: 2 }))).toEqual(ids([c2, c5]));
    });

    it('orders by id what has the same priority and queue time', async () => {
      const made: Conversation[] = [];
      for (const priority of ['normal', 'high', 'normal', 'high', 'normal', 'low', 'normal'] as const) {
        made.push(await conversationOfNewContact(f, 'queued', { priority }));
      }
      const queue = await store.listQueue(f.tenant.id, { limit: 50 });
      const expected = [...made].sort((a, b) => RANK[b.priority] - RANK[a.priority] || (a.id < b.id ? -1 : 1));
      expect(ids(queue)).toEqual(ids(expected));
      expect(new Set(queue.map((c) => c.queuedAt))).toEqual(new Set([t.clock.iso()]));
    });

    it('sends a conversation that enters the queue again to the back of its priority', async () => {
      const a = await queued('normal');
      const b = await queued('normal');
      const c = await queued('high');
      t.clock.advance(1000);
      await store.transition(f.tenant.id, a.id, claim(f.agent.id));
      expect(ids(await store.listQueue(f.tenant.id, { limit: 50 }))).toEqual(ids([c, b]));
      const requeuedAt = t.clock.advance(1000);
      const back = await store.transition(f.tenant.id, a.id, force({ status: 'queued', assigneeId: null }));
      expect(back).toMatchObject({ kind: 'applied', conversation: { queuedAt: requeuedAt, assigneeId: null } });
      expect(ids(await store.listQueue(f.tenant.id, { limit: 50 }))).toEqual(ids([c, b, a]));
      await store.transition(f.tenant.id, a.id, force({ priority: 'urgent' }));
      expect(ids(await store.listQueue(f.tenant.id, { limit: 50 }))).toEqual(ids([a, c, b]));
    });

    it('filters by teams, null standing for conversations without a team', async () => {
      const sales = await store.createTeam(f.tenant.id, { name: 'Sales', policy: 'least_busy', businessHours: null });
      const billing = await store.createTeam(f.tenant.id, { name: 'Billing', policy: 'manual', businessHours: null });
      const pool = await queued('normal');
      const s1 = await queued('normal', sales.id);
      const b1 = await queued('high', billing.id);
      const s2 = await queued('urgent', sales.id);
      const queue = async (teamIds?: Array<Conversation['teamId']>) => ids(await store.listQueue(f.tenant.id, { limit: 50, ...(teamIds ? { teamIds } : {}) }));
      expect(await queue()).toEqual(ids([s2, b1, pool, s1]));
      expect(await queue([sales.id])).toEqual(ids([s2, s1]));
      expect(await queue([null])).toEqual(ids([pool]));
      expect(await queue([sales.id, null])).toEqual(ids([s2, pool, s1]));
      expect(await queue([billing.id, sales.id])).toEqual(ids([s2, b1, s1]));
      expect(await queue([])).toEqual([]);
    });
  });

  describe('open counts and the last assignee', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    it('counts open conversations per agent, every agent asked for present, 0 for none', async () => {
      const f = await seed();
      const [a, b, c] = [f.agent, await newAgent(f.tenant.id, 'b'), await newAgent(f.tenant.id, 'c')];
      for (const agent of [a, a, a, b]) await store.transition(f.tenant.id, (await conversationOfNewContact(f, 'queued')).id, claim(agent.id));
      const [first] = await store.listConversations(f.tenant.id, { assigneeId: a.id, limit: 1 });
      await store.transition(f.tenant.id, first!.id, force({ status: 'resolved' }));
      const stillQueued = await conversationOfNewContact(f, 'queued');
      await store.transition(f.tenant.id, stillQueued.id, force({ assigneeId: c.id }));
      const counts = await store.countOpenByAgent(f.tenant.id, [a.id, b.id, c.id, asAgentId('nobody')]);
      expect(Object.fromEntries(counts)).toEqual({ [a.id]: 2, [b.id]: 1, [c.id]: 0, nobody: 0 });
      expect((await store.countOpenByAgent(f.tenant.id, [])).size).toBe(0);
    });

    it("finds the assignee of the contact's most recently assigned conversation since a time", async () => {
      const f = await seed();
      const other = await newAgent(f.tenant.id, 'other');
      const contact = await store.createContact(f.tenant.id, { inboxId: f.inbox.id });
      const returning: Fixture = { ...f, contact, visitor: { role: 'visitor', id: contact.id } };
      t.clock.set('2025-01-06T08:00:00.000Z');
      const start = t.clock.iso();
      expect(await store.lastAssigneeOfContact(f.tenant.id, contact.id, start)).toBeNull();
      const first = await t.startConversation(returning, 'queued');
      const firstAssigned = t.clock.advance(1000);
      await store.transition(f.tenant.id, first.id, claim(f.agent.id));
      t.clock.advance(1000);
      await store.transition(f.tenant.id, first.id, force({ status: 'resolved' }));
      expect(await store.lastAssigneeOfContact(f.tenant.id, contact.id, start)).toBe(f.agent.id);
      expect(await store.lastAssigneeOfContact(f.tenant.id, contact.id, firstAssigned)).toBe(f.agent.id);
      const justAfter = new Date(Date.parse(firstAssigned) + 1).toISOString();
      expect(await store.lastAssigneeOfContact(f.tenant.id, contact.id, justAfter)).toBeNull();

      t.clock.advance(1000);
      const second = await t.startConversation(returning, 'queued');
      expect(second.id).not.toBe(first.id);
      t.clock.advance(1000);
      await store.transition(f.tenant.id, second.id, claim(other.id));
      expect(await store.lastAssigneeOfContact(f.tenant.id, contact.id, start)).toBe(other.id);
      t.clock.advance(1000);
      await store.transition(f.tenant.id, second.id, force({ status: 'queued', assigneeId: null }));
      expect(await store.lastAssigneeOfContact(f.tenant.id, contact.id, start)).toBe(f.agent.id);
      const elsewhere = await conversationOfNewContact(f, 'queued');
      await store.transition(f.tenant.id, elsewhere.id, claim(other.id));
      expect(await store.lastAssigneeOfContact(f.tenant.id, contact.id, start)).toBe(f.agent.id);
      expect(await store.lastAssigneeOfContact(f.tenant.id, asContactId('nope'), start)).toBeNull();
    });
  });

  describe('capacity under concurrent assignments', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    it('applies exactly 5 of 50 concurrent assignments to an agent of capacity 5', async () => {
      const f = await seed();
      const conversations = await Promise.all(Array.from({ length: 50 }, () => conversationOfNewContact(f, 'queued')));
      const results = await Promise.all(conversations.map((c) => store.transition(f.tenant.id, c.id, claim(f.agent.id, 5))));
      const applied = results.filter((r) => r.kind === 'applied');
      expect(applied).toHaveLength(5);
      expect(results.filter((r) => r.kind === 'refused')).toHaveLength(45);
      expect((await store.countOpenByAgent(f.tenant.id, [f.agent.id])).get(f.agent.id)).toBe(5);
      expect(await store.listConversations(f.tenant.id, { assigneeId: f.agent.id, limit: 100 })).toHaveLength(5);
      expect(await store.listQueue(f.tenant.id, { limit: 100 })).toHaveLength(45);
      for (const c of conversations) {
        const won = applied.some((r) => r.conversation.id === c.id);
        expect(await store.readTimeline(f.tenant.id, c.id, 0, 10)).toHaveLength(won ? 2 : 1);
      }
      expect((await store.getAgent(f.tenant.id, f.agent.id))?.lastAssignedAt).not.toBeNull();
    });

    it('keeps every agent within capacity when several race for the same queue', async () => {
      const f = await seed();
      const agents = [f.agent, await newAgent(f.tenant.id, 'b'), await newAgent(f.tenant.id, 'c')];
      const conversations = await Promise.all(Array.from({ length: 30 }, () => conversationOfNewContact(f, 'queued')));
      const attempts = conversations.flatMap((c, i) => [0, 1].map((k) => store.transition(f.tenant.id, c.id, claim(agents[(i + k) % 3]!.id, 4))));
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r.kind === 'applied')).toHaveLength(12);
      const counts = await store.countOpenByAgent(f.tenant.id, agents.map((a) => a.id));
      expect([...counts.values()]).toEqual([4, 4, 4]);
    });
  });
}
