// Store contract: canned responses, tenant-wide and each agent's own.
import { beforeEach, describe, expect, it } from 'vitest';
import { asAgentId, asTenantId } from '../domain/ids.js';
import type { CannedResponse } from '../domain/model.js';
import type { Store } from './store.js';
import type { StoreTest } from './store-support.contract.js';

export function describeCannedResponseContract(t: StoreTest): void {
  const { seed, newAgent } = t;

  describe('canned responses', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    const created = (r: Awaited<ReturnType<Store['createCannedResponse']>>): CannedResponse => {
      if (r.kind !== 'created') throw new Error(`expected created, got ${r.kind}`);
      return r.response;
    };

    it('creates a response and hands it back as stored', async () => {
      const f = await seed();
      t.clock.set('2025-01-06T08:00:00.000Z');
      const r = created(await store.createCannedResponse(f.tenant.id, { ownerId: null, shortcut: 'hi', text: 'Hello {{contact.name}}' }));
      expect(r).toEqual({
        id: expect.any(String),
        tenantId: f.tenant.id,
        ownerId: null,
        shortcut: 'hi',
        text: 'Hello {{contact.name}}',
        createdAt: '2025-01-06T08:00:00.000Z',
      });
      expect(await store.listCannedResponses(f.tenant.id, f.agent.id)).toEqual([r]);
    });

    it('keeps shortcuts unique per owner: tenant-wide among themselves, each agent among their own', async () => {
      const f = await seed();
      const other = await newAgent(f.tenant.id, 'other');
      const shared = { ownerId: null, shortcut: 'refund', text: 'shared' };
      created(await store.createCannedResponse(f.tenant.id, shared));
      expect(await store.createCannedResponse(f.tenant.id, { ...shared, text: 'again' })).toEqual({ kind: 'shortcut_taken' });
      created(await store.createCannedResponse(f.tenant.id, { ownerId: f.agent.id, shortcut: 'refund', text: 'mine' }));
      expect(await store.createCannedResponse(f.tenant.id, { ownerId: f.agent.id, shortcut: 'refund', text: 'x' })).toEqual({ kind: 'shortcut_taken' });
      created(await store.createCannedResponse(f.tenant.id, { ownerId: other.id, shortcut: 'refund', text: 'theirs' }));
      created(await store.createCannedResponse(f.tenant.id, { ownerId: null, shortcut: 'Refund', text: 'case differs' }));
      expect((await store.listCannedResponses(f.tenant.id, f.agent.id)).map((r) => r.text)).toEqual(['case differs', 'mine', 'shared']);
    });

    it("lists the tenant-wide responses and the agent's own by shortcut, not other agents'", async () => {
      const f = await seed();
      const other = await newAgent(f.tenant.id, 'other');
      for (const [ownerId, shortcut] of [
        [null, 'thanks'],
        [f.agent.id, 'bye'],
        [other.id, 'aaa'],
        [null, 'address'],
        [f.agent.id, 'thanks'],
        [other.id, 'zzz'],
      ] as const) {
        created(await store.createCannedResponse(f.tenant.id, { ownerId, shortcut, text: `${ownerId ?? 'all'}:${shortcut}` }));
      }
      const mine = await store.listCannedResponses(f.tenant.id, f.agent.id);
      expect(mine.map((r) => r.text)).toEqual(['all:address', `${f.agent.id}:bye`, `${f.agent.id}:thanks`, 'all:thanks']);
      const theirs = await store.listCannedResponses(f.tenant.id, other.id);
      expect(theirs.map((r) => r.shortcut)).toEqual(['aaa', 'address', 'thanks', 'zzz']);
    });

    it('updates the shortcut and text, refusing a shortcut the owner already has', async () => {
      const f = await seed();
      const a = created(await store.createCannedResponse(f.tenant.id, { ownerId: f.agent.id, shortcut: 'a', text: 'A' }));
      created(await store.createCannedResponse(f.tenant.id, { ownerId: f.agent.id, shortcut: 'b', text: 'B' }));
      created(await store.createCannedResponse(f.tenant.id, { ownerId: null, shortcut: 'c', text: 'C' }));
      const text = await store.updateCannedResponse(f.tenant.id, a.id, { text: 'A2' });
      expect(text).toEqual({ ...a, text: 'A2' });
      const moved = await store.updateCannedResponse(f.tenant.id, a.id, { shortcut: 'c' });
      expect(moved).toEqual({ ...a, text: 'A2', shortcut: 'c' });
      expect(await store.updateCannedResponse(f.tenant.id, a.id, { shortcut: 'c', text: 'same shortcut' })).toMatchObject({ shortcut: 'c' });
      await expect(store.updateCannedResponse(f.tenant.id, a.id, { shortcut: 'b', text: 'lost' })).rejects.toMatchObject({ code: 'conflict' });
      expect((await store.listCannedResponses(f.tenant.id, f.agent.id)).map((r) => [r.shortcut, r.text])).toEqual([
        ['b', 'B'],
        ['c', 'same shortcut'],
        ['c', 'C'],
      ]);
      expect(await store.updateCannedResponse(f.tenant.id, 'nope', { text: 'x' })).toBeNull();
    });

    it('deletes a response, freeing its shortcut', async () => {
      const f = await seed();
      const r = created(await store.createCannedResponse(f.tenant.id, { ownerId: null, shortcut: 'hi', text: 'Hi' }));
      expect(await store.deleteCannedResponse(f.tenant.id, r.id)).toBe(true);
      expect(await store.deleteCannedResponse(f.tenant.id, r.id)).toBe(false);
      expect(await store.listCannedResponses(f.tenant.id, f.agent.id)).toEqual([]);
      created(await store.createCannedResponse(f.tenant.id, { ownerId: null, shortcut: 'hi', text: 'Hi again' }));
    });

    it('refuses an owner that is not an agent of the tenant, and a tenant that does not exist', async () => {
      const f = await seed('a');
      const g = await seed('b');
      await expect(store.createCannedResponse(f.tenant.id, { ownerId: g.agent.id, shortcut: 'x', text: 'x' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(store.createCannedResponse(f.tenant.id, { ownerId: asAgentId('nope'), shortcut: 'x', text: 'x' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(store.createCannedResponse(asTenantId('nope'), { ownerId: null, shortcut: 'x', text: 'x' })).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.listCannedResponses(f.tenant.id, g.agent.id)).toEqual([]);
    });

    it("sees, changes and deletes none of another tenant's responses, and shares no shortcuts with it", async () => {
      const f = await seed('a');
      const g = await seed('b');
      const mine = created(await store.createCannedResponse(f.tenant.id, { ownerId: null, shortcut: 'hi', text: 'Hi' }));
      const own = created(await store.createCannedResponse(f.tenant.id, { ownerId: f.agent.id, shortcut: 'me', text: 'Me' }));
      const theirs = created(await store.createCannedResponse(g.tenant.id, { ownerId: null, shortcut: 'hi', text: 'Their hi' }));
      expect(await store.listCannedResponses(g.tenant.id, g.agent.id)).toEqual([theirs]);
      expect(await store.listCannedResponses(g.tenant.id, f.agent.id)).toEqual([theirs]);
      expect(await store.updateCannedResponse(g.tenant.id, mine.id, { text: 'Mallory' })).toBeNull();
      expect(await store.deleteCannedResponse(g.tenant.id, own.id)).toBe(false);
      expect(await store.listCannedResponses(f.tenant.id, f.agent.id)).toEqual([mine, own]);
    });
  });
}
