// Store contract: delivery and read cursors, identity and lifecycle.
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../domain/app-error.js';
import { asConversationId } from '../domain/ids.js';
import type { Participant } from '../domain/model.js';
import type { Store } from './store.js';
import type { StoreTest } from './store-support.contract.js';

export function describeCursorContract(t: StoreTest): void {
  const { seed, draft, startConversation } = t;

  describe('cursors', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

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

    it('moves many ack cursors at once, forward only, skipping conversations not in their tenant', async () => {
      const f = await seed();
      const c = await startConversation(f);
      const other = await startConversation({ ...f, contact: await store.createContact(f.tenant.id, { inboxId: f.inbox.id }) });
      const agent: Participant = { role: 'agent', id: f.agent.id, name: 'Bo' };
      await store.moveCursor(f.tenant.id, c.id, agent, { ackSeq: 4, readSeq: 2 });
      const elsewhere = await store.createTenant('Elsewhere');
      const moved = await store.moveAckCursors([
        { tenantId: f.tenant.id, conversationId: c.id, participant: agent, ackSeq: 6 },
        { tenantId: f.tenant.id, conversationId: c.id, participant: f.visitor, ackSeq: 3 },
        { tenantId: f.tenant.id, conversationId: other.id, participant: agent, ackSeq: 1 },
        { tenantId: elsewhere.id, conversationId: other.id, participant: f.visitor, ackSeq: 9 },
        { tenantId: f.tenant.id, conversationId: asConversationId('no-such-conversation'), participant: agent, ackSeq: 9 },
      ]);
      expect(moved).toBe(3);
      expect(await store.moveAckCursors([{ tenantId: f.tenant.id, conversationId: c.id, participant: agent, ackSeq: 5 }])).toBe(0);
      expect(await store.moveAckCursors([])).toBe(0);
      const cursorsOf = async (id: typeof c.id) => (await store.listCursors(f.tenant.id, id)).map((x) => [x.participant.id, x.ackSeq, x.readSeq]);
      expect(await cursorsOf(c.id)).toEqual([
        [agent.id, 6, 2],
        [f.visitor.id, 3, 0],
      ]);
      expect(await cursorsOf(other.id)).toEqual([[agent.id, 1, 0]]);
      expect((await store.listCursors(f.tenant.id, c.id))[0]!.participant).toEqual(agent);
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

  describe('identity and lifecycle', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

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
}
