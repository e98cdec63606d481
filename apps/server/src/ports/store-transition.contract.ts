// Store contract: conditional state changes of conversations.
import { beforeEach, describe, expect, it } from 'vitest';
import { asConversationId } from '../domain/ids.js';
import type { Participant, Priority } from '../domain/model.js';
import type { Transition } from './conversation-store.js';
import type { Store } from './store.js';
import { appended, type StoreTest } from './store-support.contract.js';

const system: Participant = { role: 'system', id: 'system' };

/** A change with no precondition, as an admin or a timer makes it. */
const force = (to: Transition['to']): Transition => ({ from: {}, to, event: { actor: system, name: 'test.changed', text: 'changed' } });

export function describeTransitionContract(t: StoreTest): void {
  const { seed, newAgent, draft, startConversation, conversationOfNewContact, claim } = t;

  describe('transition', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

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
      expect(r.conversation).toMatchObject({ id: c.id, status: 'open', assigneeId: f.agent.id, lastSeq: 2, updatedAt: r.entry.createdAt, lastMessageAt: r.entry.createdAt });
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

    it('stamps queuedAt on entering the queue and assignedAt on assignment, and clears assignedAt on unassignment', async () => {
      const f = await seed();
      t.clock.set('2025-01-06T08:00:00.000Z');
      const c = await startConversation(f, 'bot');
      expect(c).toMatchObject({ queuedAt: null, assignedAt: null });
      const handedOver = t.clock.advance(1000);
      const queued = await store.transition(f.tenant.id, c.id, force({ status: 'queued' }));
      expect(queued).toMatchObject({ kind: 'applied', conversation: { status: 'queued', queuedAt: handedOver, assignedAt: null } });
      const claimedAt = t.clock.advance(1000);
      const claimed = await store.transition(f.tenant.id, c.id, claim(f.agent.id));
      expect(claimed).toMatchObject({ kind: 'applied', conversation: { status: 'open', queuedAt: handedOver, assignedAt: claimedAt } });
      const other = await newAgent(f.tenant.id, 'other');
      const transferredAt = t.clock.advance(1000);
      const transferred = await store.transition(f.tenant.id, c.id, force({ assigneeId: other.id }));
      expect(transferred).toMatchObject({ kind: 'applied', conversation: { assigneeId: other.id, assignedAt: transferredAt } });
      const requeuedAt = t.clock.advance(1000);
      const requeued = await store.transition(f.tenant.id, c.id, force({ status: 'queued', assigneeId: null }));
      expect(requeued).toMatchObject({ kind: 'applied', conversation: { assigneeId: null, assignedAt: null, queuedAt: requeuedAt } });
      expect(await store.getConversation(f.tenant.id, c.id)).toEqual(requeued.kind === 'applied' ? requeued.conversation : null);
    });

    it("stamps the agent's lastAssignedAt with each assignment, and only then", async () => {
      const f = await seed();
      const other = await newAgent(f.tenant.id, 'other');
      t.clock.set('2025-01-06T08:00:00.000Z');
      const c = await startConversation(f, 'queued');
      const claimedAt = t.clock.advance(1000);
      await store.transition(f.tenant.id, c.id, claim(f.agent.id));
      expect(await store.getAgent(f.tenant.id, f.agent.id)).toEqual({ ...f.agent, lastAssignedAt: claimedAt });
      expect(await store.getAgent(f.tenant.id, other.id)).toEqual(other);
      t.clock.advance(1000);
      expect((await store.transition(f.tenant.id, c.id, claim(other.id))).kind).toBe('refused');
      expect(await store.getAgent(f.tenant.id, other.id)).toEqual(other);
      const transferredAt = t.clock.advance(1000);
      await store.transition(f.tenant.id, c.id, force({ assigneeId: other.id }));
      expect((await store.getAgent(f.tenant.id, other.id))?.lastAssignedAt).toBe(transferredAt);
      t.clock.advance(1000);
      await store.transition(f.tenant.id, c.id, force({ status: 'queued', assigneeId: null }));
      expect((await store.getAgent(f.tenant.id, other.id))?.lastAssignedAt).toBe(transferredAt);
      expect((await store.getAgent(f.tenant.id, f.agent.id))?.lastAssignedAt).toBe(claimedAt);
    });

    it('moves a conversation to a team and a priority, and back to no team', async () => {
      const f = await seed();
      const team = await store.createTeam(f.tenant.id, { name: 'Sales', policy: 'least_busy', businessHours: null });
      const c = await startConversation(f, 'queued');
      const moved = await store.transition(f.tenant.id, c.id, force({ teamId: team.id, priority: 'urgent' }));
      expect(moved).toMatchObject({ kind: 'applied', conversation: { teamId: team.id, priority: 'urgent', status: 'queued', queuedAt: c.queuedAt } });
      const pooled = await store.transition(f.tenant.id, c.id, force({ teamId: null }));
      expect(pooled).toMatchObject({ kind: 'applied', conversation: { teamId: null, priority: 'urgent' } });
      expect(await store.getConversation(f.tenant.id, c.id)).toMatchObject({ teamId: null, priority: 'urgent' });
    });

    it('refuses a priority it does not know and changes nothing', async () => {
      const f = await seed();
      const c = await startConversation(f, 'queued');
      await expect(store.transition(f.tenant.id, c.id, force({ priority: 'asap' as Priority }))).rejects.toThrow();
      expect(await store.getConversation(f.tenant.id, c.id)).toEqual(c);
      expect(await store.readTimeline(f.tenant.id, c.id, 0, 10)).toHaveLength(1);
    });

    it('assigns only while the agent holds fewer open conversations than the capacity', async () => {
      const f = await seed();
      const other = await newAgent(f.tenant.id, 'other');
      for (let i = 0; i < 2; i++) await store.transition(f.tenant.id, (await conversationOfNewContact(f, 'queued')).id, claim(f.agent.id));
      const resolved = await conversationOfNewContact(f, 'queued');
      await store.transition(f.tenant.id, resolved.id, claim(f.agent.id));
      await store.transition(f.tenant.id, resolved.id, force({ status: 'resolved' }));
      for (let i = 0; i < 3; i++) await store.transition(f.tenant.id, (await conversationOfNewContact(f, 'queued')).id, claim(other.id));
      const c = await conversationOfNewContact(f, 'queued');
      const full = await store.transition(f.tenant.id, c.id, claim(f.agent.id, 2));
      expect(full).toEqual({ kind: 'refused', conversation: c });
      expect(await store.readTimeline(f.tenant.id, c.id, 0, 10)).toHaveLength(1);
      expect((await store.transition(f.tenant.id, c.id, claim(f.agent.id, 0))).kind).toBe('refused');
      const room = await store.transition(f.tenant.id, c.id, claim(f.agent.id, 3));
      expect(room).toMatchObject({ kind: 'applied', conversation: { assigneeId: f.agent.id, status: 'open' } });
    });

    it('offers a transfer, applies only what expects the agent on offer, and clears the offer', async () => {
      const f = await seed();
      const other = await newAgent(f.tenant.id, 'other');
      const c = await startConversation(f, 'queued');
      expect(c.pendingTransferTo).toBeNull();
      await store.transition(f.tenant.id, c.id, claim(f.agent.id));
      const offered = await store.transition(f.tenant.id, c.id, force({ pendingTransferTo: other.id }));
      expect(offered).toMatchObject({ kind: 'applied', conversation: { pendingTransferTo: other.id, assigneeId: f.agent.id, status: 'open' } });
      expect(await store.getConversation(f.tenant.id, c.id)).toMatchObject({ pendingTransferTo: other.id });
      const accept = (agentId: typeof other.id): Transition => ({
        from: { pendingTransferTo: agentId },
        to: { assigneeId: agentId, pendingTransferTo: null },
        event: { actor: { role: 'agent', id: agentId }, name: 'transfer.accepted', text: 'accepted' },
      });
      const wrong = await store.transition(f.tenant.id, c.id, accept(f.agent.id));
      expect(wrong).toEqual({ kind: 'refused', conversation: (await store.getConversation(f.tenant.id, c.id))! });
      const accepted = await store.transition(f.tenant.id, c.id, accept(other.id));
      expect(accepted).toMatchObject({ kind: 'applied', conversation: { assigneeId: other.id, pendingTransferTo: null } });
      expect((await store.transition(f.tenant.id, c.id, accept(other.id))).kind).toBe('refused');
    });

    it('lets exactly one of a concurrent accept and decline of the same offer apply', async () => {
      const f = await seed();
      const other = await newAgent(f.tenant.id, 'other');
      const c = await startConversation(f, 'queued');
      await store.transition(f.tenant.id, c.id, claim(f.agent.id));
      await store.transition(f.tenant.id, c.id, force({ pendingTransferTo: other.id }));
      const event = { actor: { role: 'agent' as const, id: other.id }, name: 'transfer.answered', text: 'answered' };
      const [accept, decline] = await Promise.all([
        store.transition(f.tenant.id, c.id, { from: { pendingTransferTo: other.id }, to: { assigneeId: other.id, pendingTransferTo: null }, event }),
        store.transition(f.tenant.id, c.id, { from: { pendingTransferTo: other.id }, to: { pendingTransferTo: null }, event }),
      ]);
      expect([accept.kind, decline.kind].sort()).toEqual(['applied', 'refused']);
      expect(await store.getConversation(f.tenant.id, c.id)).toMatchObject({ pendingTransferTo: null, lastSeq: 4 });
    });

    it('replaces the labels whole, in case-insensitive order, without repeats, as the labels are spelled', async () => {
      const f = await seed();
      for (const name of ['Zeta', 'alpha', 'Beta']) await store.upsertLabel(f.tenant.id, { name, color: '#112233', description: '' });
      const c = await startConversation(f, 'queued');
      expect(c.labels).toEqual([]);
      const labelled = await store.transition(f.tenant.id, c.id, force({ labels: ['zeta', 'ALPHA', 'Beta', 'beta', 'Zeta'] }));
      expect(labelled).toMatchObject({ kind: 'applied', conversation: { labels: ['alpha', 'Beta', 'Zeta'], status: 'queued', lastSeq: 2 } });
      expect(await store.getConversation(f.tenant.id, c.id)).toMatchObject({ labels: ['alpha', 'Beta', 'Zeta'] });
      const replaced = await store.transition(f.tenant.id, c.id, force({ labels: ['beta'] }));
      expect(replaced).toMatchObject({ kind: 'applied', conversation: { labels: ['Beta'] } });
      const untouched = await store.transition(f.tenant.id, c.id, force({ priority: 'high' }));
      expect(untouched).toMatchObject({ kind: 'applied', conversation: { labels: ['Beta'], priority: 'high' } });
      const cleared = await store.transition(f.tenant.id, c.id, force({ labels: [] }));
      expect(cleared).toMatchObject({ kind: 'applied', conversation: { labels: [] } });
      expect(await store.getConversation(f.tenant.id, c.id)).toMatchObject({ labels: [] });
    });

    it('leaves the labels as they were when the expected state does not hold', async () => {
      const f = await seed();
      await store.upsertLabel(f.tenant.id, { name: 'vip', color: '#112233', description: '' });
      const c = await startConversation(f, 'bot');
      const refused = await store.transition(f.tenant.id, c.id, { ...force({ labels: ['vip'] }), from: { statuses: ['open'] } });
      expect(refused).toEqual({ kind: 'refused', conversation: c });
      expect(await store.getConversation(f.tenant.id, c.id)).toEqual(c);
    });

    it('refuses labels the tenant does not have as invalid, naming them, and changes nothing', async () => {
      const f = await seed();
      const g = await seed('b');
      await store.upsertLabel(f.tenant.id, { name: 'vip', color: '#112233', description: '' });
      await store.upsertLabel(g.tenant.id, { name: 'theirs', color: '#112233', description: '' });
      const c = await startConversation(f, 'queued');
      const labelled = await store.transition(f.tenant.id, c.id, force({ labels: ['vip'] }));
      if (labelled.kind !== 'applied') throw new Error('not applied');
      const attempt = store.transition(f.tenant.id, c.id, force({ labels: ['vip', 'nope', 'theirs'], status: 'open' }));
      await expect(attempt).rejects.toMatchObject({ code: 'invalid' });
      await expect(store.transition(f.tenant.id, c.id, force({ labels: ['nope', 'theirs'] }))).rejects.toThrow(/nope.*theirs/);
      expect(await store.getConversation(f.tenant.id, c.id)).toEqual(labelled.conversation);
      expect(await store.readTimeline(f.tenant.id, c.id, 0, 10)).toHaveLength(2);
    });
  });
}
