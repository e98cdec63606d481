// Store contract: tenants see nothing of each other's records.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../domain/model.js';
import type { Transition } from './conversation-store.js';
import type { Store } from './store.js';
import type { Fixture, StoreTest } from './store-support.contract.js';

export function describeIsolationContract(t: StoreTest): void {
  const { seed, draft, startConversation, conversationOfNewContact, claim } = t;

  describe('tenant isolation', () => {
    let store: Store;
    let f: Fixture;
    let g: Fixture;
    let c: Conversation;

    beforeEach(async () => {
      store = t.store;
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
      expect(await store.updateContact(g.tenant.id, f.contact.id, { name: 'Mallory', attributes: { x: 1 }, blocked: true })).toBeNull();
      expect(await store.getContact(f.tenant.id, f.contact.id)).toEqual(f.contact);
      await expect(store.moveCursor(g.tenant.id, c.id, g.visitor, { ackSeq: 5 })).rejects.toMatchObject({ code: 'not_found' });
      await expect(store.moveCursor(g.tenant.id, c.id, f.visitor, { ackSeq: 5 })).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.listCursors(f.tenant.id, c.id)).toEqual([{ conversationId: c.id, participant: f.visitor, ackSeq: 1, readSeq: 0 }]);
    });

    it("cannot create a contact in another tenant's inbox", async () => {
      await expect(store.createContact(g.tenant.id, { inboxId: f.inbox.id, externalId: 'u-9' })).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.findContactByExternalId(f.tenant.id, f.inbox.id, 'u-9')).toBeNull();
    });

    it("sees nothing of another tenant's queue, open counts or assignees", async () => {
      const since = new Date(0).toISOString();
      const mine = await conversationOfNewContact(f, 'queued');
      await store.transition(f.tenant.id, c.id, claim(f.agent.id));
      expect(await store.listQueue(f.tenant.id, { limit: 50 })).toHaveLength(1);
      expect(await store.listQueue(g.tenant.id, { limit: 50 })).toEqual([]);
      expect(await store.listQueue(g.tenant.id, { teamIds: [null], limit: 50 })).toEqual([]);
      expect(await store.listConversations(g.tenant.id, { teamId: null, limit: 50 })).toEqual([]);
      expect(Object.fromEntries(await store.countOpenByAgent(f.tenant.id, [f.agent.id]))).toEqual({ [f.agent.id]: 1 });
      expect(Object.fromEntries(await store.countOpenByAgent(g.tenant.id, [f.agent.id]))).toEqual({ [f.agent.id]: 0 });
      expect(await store.lastAssigneeOfContact(f.tenant.id, f.contact.id, since)).toBe(f.agent.id);
      expect(await store.lastAssigneeOfContact(g.tenant.id, f.contact.id, since)).toBeNull();
      expect(await store.getConversation(f.tenant.id, mine.id)).toEqual(mine);
    });

    it("cannot change another tenant's agent or inbox", async () => {
      expect(await store.updateAgent(g.tenant.id, f.agent.id, { name: 'Mallory', capacity: 1, manualStatus: 'offline' })).toBeNull();
      expect(await store.getAgent(f.tenant.id, f.agent.id)).toEqual(f.agent);
      expect(await store.updateInbox(g.tenant.id, f.inbox.id, { name: 'Mallory', settings: {} })).toBeNull();
      expect(await store.getInbox(f.tenant.id, f.inbox.id)).toEqual(f.inbox);
    });

    it("counts capacity and stamps assignments within the tenant only", async () => {
      // The store does not vet assignees; even a foreign id must not reach across tenants.
      const foreign: Transition = { from: {}, to: { status: 'open', assigneeId: g.agent.id }, event: { actor: f.visitor, name: 'x', text: 'x' } };
      expect((await store.transition(f.tenant.id, c.id, foreign)).kind).toBe('applied');
      expect(await store.getAgent(g.tenant.id, g.agent.id)).toEqual(g.agent);
      const theirs = await startConversation(g, 'queued');
      const claimed = await store.transition(g.tenant.id, theirs.id, claim(g.agent.id, 1));
      expect(claimed).toMatchObject({ kind: 'applied', conversation: { assigneeId: g.agent.id } });
      expect(Object.fromEntries(await store.countOpenByAgent(g.tenant.id, [g.agent.id]))).toEqual({ [g.agent.id]: 1 });
    });
  });
}
