// Store contract: blocked IP addresses.
import { beforeEach, describe, expect, it } from 'vitest';
import { asTenantId } from '../domain/ids.js';
import type { Store } from './store.js';
import type { StoreTest } from './store-support.contract.js';

export function describeBlockedIpContract(t: StoreTest): void {
  const { seed } = t;

  describe('blocked IP addresses', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    it('blocks and unblocks an address', async () => {
      const f = await seed();
      expect(await store.isIpBlocked(f.tenant.id, '203.0.113.7')).toBe(false);
      await store.blockIp(f.tenant.id, '203.0.113.7', 'spam');
      expect(await store.isIpBlocked(f.tenant.id, '203.0.113.7')).toBe(true);
      expect(await store.isIpBlocked(f.tenant.id, '203.0.113.70')).toBe(false);
      expect(await store.unblockIp(f.tenant.id, '203.0.113.7')).toBe(true);
      expect(await store.unblockIp(f.tenant.id, '203.0.113.7')).toBe(false);
      expect(await store.isIpBlocked(f.tenant.id, '203.0.113.7')).toBe(false);
      expect(await store.listBlockedIps(f.tenant.id)).toEqual([]);
    });

    it("counts a visitor as blocked by their contact's flag or by their address, each within the tenant", async () => {
      const f = await seed('a');
      const g = await seed('b');
      const visitorBlocked = (tenant: typeof f, ip: string | null) => store.isVisitorBlocked(tenant.tenant.id, f.contact.id, ip);
      expect(await visitorBlocked(f, '203.0.113.9')).toBe(false);
      await store.blockIp(f.tenant.id, '203.0.113.9', 'spam');
      expect(await visitorBlocked(f, '203.0.113.9')).toBe(true);
      expect(await visitorBlocked(f, '203.0.113.10')).toBe(false);
      expect(await visitorBlocked(f, null)).toBe(false);
      expect(await visitorBlocked(g, '203.0.113.9')).toBe(false);
      await store.updateContact(f.tenant.id, f.contact.id, { blocked: true });
      expect(await visitorBlocked(f, null)).toBe(true);
      expect(await visitorBlocked(f, '203.0.113.10')).toBe(true);
      // The contact is another tenant's: its flag does not count there.
      expect(await visitorBlocked(g, null)).toBe(false);
    });

    it('is idempotent: blocking again keeps one entry, its time, and takes the new reason', async () => {
      const f = await seed();
      t.clock.set('2025-01-06T08:00:00.000Z');
      await store.blockIp(f.tenant.id, '2001:db8::1', 'spam');
      t.clock.advance(1000);
      await Promise.all([store.blockIp(f.tenant.id, '2001:db8::1', 'abuse'), store.blockIp(f.tenant.id, '2001:db8::1', 'abuse')]);
      expect(await store.listBlockedIps(f.tenant.id)).toEqual([{ ip: '2001:db8::1', reason: 'abuse', createdAt: '2025-01-06T08:00:00.000Z' }]);
    });

    it('lists the newest first', async () => {
      const f = await seed();
      t.clock.set('2025-01-06T08:00:00.000Z');
      await store.blockIp(f.tenant.id, '198.51.100.1', 'first');
      const second = t.clock.advance(1000);
      await store.blockIp(f.tenant.id, '198.51.100.2', 'second');
      await store.blockIp(f.tenant.id, '198.51.100.3', 'third, same time');
      expect(await store.listBlockedIps(f.tenant.id)).toEqual([
        { ip: '198.51.100.3', reason: 'third, same time', createdAt: second },
        { ip: '198.51.100.2', reason: 'second', createdAt: second },
        { ip: '198.51.100.1', reason: 'first', createdAt: '2025-01-06T08:00:00.000Z' },
      ]);
    });

    it('refuses a tenant that does not exist', async () => {
      await expect(store.blockIp(asTenantId('nope'), '198.51.100.1', 'x')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('blocks an address for one tenant only', async () => {
      const f = await seed('a');
      const g = await seed('b');
      await store.blockIp(f.tenant.id, '192.0.2.1', 'spam');
      expect(await store.isIpBlocked(g.tenant.id, '192.0.2.1')).toBe(false);
      expect(await store.listBlockedIps(g.tenant.id)).toEqual([]);
      expect(await store.unblockIp(g.tenant.id, '192.0.2.1')).toBe(false);
      await store.blockIp(g.tenant.id, '192.0.2.1', 'theirs');
      expect(await store.unblockIp(g.tenant.id, '192.0.2.1')).toBe(true);
      expect(await store.isIpBlocked(f.tenant.id, '192.0.2.1')).toBe(true);
      expect((await store.listBlockedIps(f.tenant.id)).map((b) => b.reason)).toEqual(['spam']);
    });
  });
}
