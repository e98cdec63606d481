// Store contract: contacts.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { asContactId } from '../domain/ids.js';
import type { Store } from './store.js';
import type { StoreTest } from './store-support.contract.js';

export function describeContactContract(t: StoreTest): void {
  const { seed } = t;

  describe('contacts', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    it('creates a new contact for each anonymous visitor', async () => {
      const f = await seed();
      const other = await store.createContact(f.tenant.id, { inboxId: f.inbox.id });
      expect(other.id).not.toBe(f.contact.id);
      expect(other).toMatchObject({ tenantId: f.tenant.id, inboxId: f.inbox.id, externalId: null, identityVerified: false, attributes: {} });
      expect(await store.getContact(f.tenant.id, f.contact.id)).toEqual(f.contact);
    });

    it('returns the stored contact when the same (inbox, externalId) is created again', async () => {
      const f = await seed();
      const first = await store.createContact(f.tenant.id, { inboxId: f.inbox.id, externalId: 'u-1', name: 'Ann', email: 'ann@example.com', identityVerified: true });
      const again = await store.createContact(f.tenant.id, { inboxId: f.inbox.id, externalId: 'u-1', name: 'Someone else' });
      expect(again).toEqual(first);
      expect(first).toMatchObject({ externalId: 'u-1', name: 'Ann', email: 'ann@example.com', identityVerified: true });
      expect(await store.findContactByExternalId(f.tenant.id, f.inbox.id, 'u-1')).toEqual(first);
      expect(await store.findContactByExternalId(f.tenant.id, f.inbox.id, 'u-2')).toBeNull();
    });

    it('keeps the same externalId in another inbox as a different contact', async () => {
      const f = await seed();
      const inbox2 = await store.createInbox(f.tenant.id, { name: 'Shop', widgetKey: `wk-${randomUUID()}`, identitySecret: 's', requireIdentity: true, settings: {} });
      const a = await store.createContact(f.tenant.id, { inboxId: f.inbox.id, externalId: 'u-1' });
      const b = await store.createContact(f.tenant.id, { inboxId: inbox2.id, externalId: 'u-1' });
      expect(a.id).not.toBe(b.id);
      expect(await store.findContactByExternalId(f.tenant.id, inbox2.id, 'u-1')).toEqual(b);
    });

    it('merges attributes key by key and changes only the fields a patch names', async () => {
      const f = await seed();
      await store.updateContact(f.tenant.id, f.contact.id, { attributes: { plan: 'pro', seats: 3 } });
      const updated = await store.updateContact(f.tenant.id, f.contact.id, { email: 'ann@example.com', attributes: { seats: 5, vip: true } });
      expect(updated).toMatchObject({ name: 'Ann', email: 'ann@example.com', attributes: { plan: 'pro', seats: 5, vip: true } });
      expect(await store.getContact(f.tenant.id, f.contact.id)).toEqual(updated);
      const cleared = await store.updateContact(f.tenant.id, f.contact.id, { name: null });
      expect(cleared).toMatchObject({ name: null, email: 'ann@example.com', attributes: { plan: 'pro', seats: 5, vip: true } });
    });

    it('removes an attribute set to null, keeps one set to undefined, and reads back the same', async () => {
      const f = await seed();
      await store.updateContact(f.tenant.id, f.contact.id, { attributes: { plan: 'pro', seats: 3, vip: true } });
      const updated = await store.updateContact(f.tenant.id, f.contact.id, { attributes: { plan: null, seats: undefined, city: '上海' } });
      expect(updated?.attributes).toEqual({ seats: 3, vip: true, city: '上海' });
      expect(await store.getContact(f.tenant.id, f.contact.id)).toEqual(updated);
      const gone = await store.updateContact(f.tenant.id, f.contact.id, { attributes: { missing: null, vip: null } });
      expect(gone?.attributes).toEqual({ seats: 3, city: '上海' });
    });

    it('creates contacts unblocked, and blocks and unblocks by patch without touching the rest', async () => {
      const f = await seed();
      expect(f.contact.blocked).toBe(false);
      await store.updateContact(f.tenant.id, f.contact.id, { attributes: { plan: 'pro' } });
      expect(await store.isVisitorBlocked(f.tenant.id, f.contact.id, null)).toBe(false);
      const blocked = await store.updateContact(f.tenant.id, f.contact.id, { blocked: true });
      expect(blocked).toEqual({ ...f.contact, attributes: { plan: 'pro' }, blocked: true });
      expect(await store.getContact(f.tenant.id, f.contact.id)).toEqual(blocked);
      expect(await store.isVisitorBlocked(f.tenant.id, f.contact.id, null)).toBe(true);
      expect(await store.isVisitorBlocked(f.tenant.id, asContactId('nope'), null)).toBe(false);
      const renamed = await store.updateContact(f.tenant.id, f.contact.id, { name: 'Bea' });
      expect(renamed).toMatchObject({ name: 'Bea', blocked: true });
      expect(await store.updateContact(f.tenant.id, f.contact.id, { blocked: false })).toMatchObject({ name: 'Bea', blocked: false });
      expect(await store.isVisitorBlocked(f.tenant.id, f.contact.id, null)).toBe(false);
      expect(await store.updateContact(f.tenant.id, asContactId('nope'), { blocked: true })).toBeNull();
    });

    it('creates contacts without a visit, replaces the visit whole, and keeps it through other patches', async () => {
      const f = await seed();
      expect(f.contact.visit).toBeNull();
      const first = {
        page: 'https://shop.example/cart?id=7',
        title: '购物车',
        referrer: 'https://www.baidu.com/',
        device: { browser: 'Chrome', browserVersion: '120', os: 'Android', osVersion: '14', kind: 'mobile' as const },
        language: 'zh-CN',
        at: '2026-11-27T08:00:00.000Z',
      };
      expect((await store.updateContact(f.tenant.id, f.contact.id, { visit: first }))?.visit).toEqual(first);
      const second = { ...first, page: 'https://shop.example/pay', title: null, referrer: null, language: null, at: '2026-11-27T08:01:00.000Z' };
      await store.updateContact(f.tenant.id, f.contact.id, { visit: second });
      const renamed = await store.updateContact(f.tenant.id, f.contact.id, { name: 'Bea', attributes: { plan: 'pro' } });
      expect(renamed?.visit).toEqual(second);
      expect(await store.getContact(f.tenant.id, f.contact.id)).toEqual(renamed);
      expect((await store.updateContact(f.tenant.id, f.contact.id, { visit: null }))?.visit).toBeNull();
    });

    it('answers null when updating a contact that does not exist', async () => {
      const f = await seed();
      expect(await store.updateContact(f.tenant.id, asContactId('nope'), { name: 'x' })).toBeNull();
      expect(await store.getContact(f.tenant.id, asContactId('nope'))).toBeNull();
    });
  });
}
