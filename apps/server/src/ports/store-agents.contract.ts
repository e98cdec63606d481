// Store contract: agents, their capacity and status.
import { beforeEach, describe, expect, it } from 'vitest';
import { asAgentId } from '../domain/ids.js';
import type { ManualStatus } from '../domain/model.js';
import type { Store } from './store.js';
import type { StoreTest } from './store-support.contract.js';

export function describeAgentContract(t: StoreTest): void {
  const { seed } = t;

  describe('agents', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    it('creates an agent and reads it back without its password hash', async () => {
      const f = await seed();
      expect(f.agent).toMatchObject({ tenantId: f.tenant.id, name: 'agent-a', role: 'agent' });
      expect(f.agent).not.toHaveProperty('passwordHash');
      expect(await store.getAgent(f.tenant.id, f.agent.id)).toEqual(f.agent);
      expect(await store.listAgents(f.tenant.id)).toEqual([f.agent]);
      expect(await store.getAgent(f.tenant.id, asAgentId('nope'))).toBeNull();
    });

    it("lists the tenant's agents of the given ids, in listing order, leaving out unknown and other tenants' ids", async () => {
      const f = await seed('a');
      const g = await seed('b');
      const second = await store.createAgent(f.tenant.id, { email: `second-${f.tenant.id}@example.com`, name: 'Second', role: 'agent', passwordHash: 'h' });
      if (second.kind !== 'created') throw new Error('not created');
      const ids = [second.agent.id, asAgentId('nope'), g.agent.id, f.agent.id];
      expect(await store.listAgentsByIds(f.tenant.id, ids)).toEqual(await store.listAgents(f.tenant.id));
      expect(await store.listAgentsByIds(f.tenant.id, [second.agent.id])).toEqual([second.agent]);
      expect(await store.listAgentsByIds(f.tenant.id, [])).toEqual([]);
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

    it('starts an agent online, with no capacity of its own, never assigned', async () => {
      const f = await seed();
      expect(f.agent).toMatchObject({ capacity: null, manualStatus: 'online', lastAssignedAt: null });
      expect(await store.findCredentialsByEmail(f.agent.email)).toMatchObject({ capacity: null, manualStatus: 'online', lastAssignedAt: null });
    });

    it('changes only the fields a patch names; a null capacity goes back to the default', async () => {
      const f = await seed();
      const busy = await store.updateAgent(f.tenant.id, f.agent.id, { capacity: 3, manualStatus: 'away' });
      expect(busy).toEqual({ ...f.agent, capacity: 3, manualStatus: 'away' });
      const promoted = await store.updateAgent(f.tenant.id, f.agent.id, { name: 'Bo', role: 'admin' });
      expect(promoted).toEqual({ ...f.agent, name: 'Bo', role: 'admin', capacity: 3, manualStatus: 'away' });
      expect(await store.getAgent(f.tenant.id, f.agent.id)).toEqual(promoted);
      expect(await store.listAgents(f.tenant.id)).toEqual([promoted]);
      expect(await store.findCredentialsByEmail(f.agent.email)).toMatchObject({ ...promoted, passwordHash: expect.any(String) });
      const none = await store.updateAgent(f.tenant.id, f.agent.id, { capacity: 0, manualStatus: 'offline' });
      expect(none).toMatchObject({ capacity: 0, manualStatus: 'offline' });
      const byDefault = await store.updateAgent(f.tenant.id, f.agent.id, { capacity: null, manualStatus: 'online' });
      expect(byDefault).toEqual({ ...promoted, capacity: null, manualStatus: 'online' });
      expect(await store.updateAgent(f.tenant.id, asAgentId('nope'), { name: 'x' })).toBeNull();
    });

    it('refuses a negative or fractional capacity and a status it does not know, and changes nothing', async () => {
      const f = await seed();
      await expect(store.updateAgent(f.tenant.id, f.agent.id, { name: 'x', capacity: -1 })).rejects.toThrow();
      await expect(store.updateAgent(f.tenant.id, f.agent.id, { name: 'x', capacity: 2.5 })).rejects.toThrow();
      await expect(store.updateAgent(f.tenant.id, f.agent.id, { name: 'x', manualStatus: 'busy' as ManualStatus })).rejects.toThrow();
      expect(await store.getAgent(f.tenant.id, f.agent.id)).toEqual(f.agent);
    });
  });
}
