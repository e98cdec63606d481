// Store contract: tenants, their settings, and inboxes.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { asInboxId, asTeamId, asTenantId } from '../domain/ids.js';
import { DEFAULT_TENANT_SETTINGS } from '../domain/model.js';
import type { Store } from './store.js';
import type { StoreTest } from './store-support.contract.js';
import type { NewInbox } from './tenant-store.js';

const newInbox = (): NewInbox => ({ name: 'Shop', widgetKey: `wk-${randomUUID()}`, identitySecret: 's', requireIdentity: false, settings: {} });

export function describeTenantContract(t: StoreTest): void {
  const { seed } = t;

  describe('tenants and inboxes', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    it('creates tenants with fresh ids and lists them', async () => {
      const a = await store.createTenant('Acme');
      const b = await store.createTenant('Acme');
      expect(a.id).not.toBe(b.id);
      expect(a).toMatchObject({ name: 'Acme' });
      expect(Date.parse(a.createdAt)).not.toBeNaN();
      const ids = (await store.listTenants()).map((t) => t.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    });

    it('reads an inbox back by id, by widget key and in its tenant list', async () => {
      const f = await seed();
      expect(f.inbox).toMatchObject({
        tenantId: f.tenant.id,
        name: 'Web a',
        identitySecret: 'secret-a',
        requireIdentity: false,
        settings: { greeting: 'Hello', allowedOrigins: ['https://example.com'] },
      });
      expect(await store.getInbox(f.tenant.id, f.inbox.id)).toEqual(f.inbox);
      expect(await store.findInboxByWidgetKey(f.inbox.widgetKey)).toEqual(f.inbox);
      expect(await store.listInboxes(f.tenant.id)).toEqual([f.inbox]);
      expect(await store.findInboxByWidgetKey('no-such-key')).toBeNull();
      expect(await store.getInbox(f.tenant.id, asInboxId('no-such-inbox'))).toBeNull();
    });

    it('refuses a widget key that any tenant already uses', async () => {
      const f = await seed();
      const other = await store.createTenant('Other');
      const again = { name: 'Copy', widgetKey: f.inbox.widgetKey, identitySecret: 'x', requireIdentity: true, settings: {} };
      await expect(store.createInbox(other.id, again)).rejects.toMatchObject({ code: 'conflict' });
      expect(await store.listInboxes(other.id)).toEqual([]);
    });

    it('refuses an inbox for a tenant that does not exist', async () => {
      const inbox = { name: 'x', widgetKey: `wk-${randomUUID()}`, identitySecret: 'x', requireIdentity: false, settings: {} };
      await expect(store.createInbox(asTenantId('no-such-tenant'), inbox)).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.findInboxByWidgetKey(inbox.widgetKey)).toBeNull();
    });

    it('reads a tenant back by id, with the default settings', async () => {
      const tenant = await store.createTenant('Acme');
      expect(tenant.settings).toEqual(DEFAULT_TENANT_SETTINGS);
      expect(await store.getTenant(tenant.id)).toEqual(tenant);
      expect(await store.listTenants()).toEqual([tenant]);
      expect(await store.getTenant(asTenantId('no-such-tenant'))).toBeNull();
    });

    it('merges a settings patch: fields it does not give keep their value, null is a value', async () => {
      const tenant = await store.createTenant('Acme');
      const other = await store.createTenant('Other');
      const first = await store.updateTenantSettings(tenant.id, { defaultCapacity: 3, autoResolveMs: 3_600_000, closingMessage: 'Bye' });
      expect(first).toEqual({ ...tenant, settings: { ...DEFAULT_TENANT_SETTINGS, defaultCapacity: 3, autoResolveMs: 3_600_000, closingMessage: 'Bye' } });
      const second = await store.updateTenantSettings(tenant.id, { stickyWindowMs: 0, autoResolveMs: null, defaultCapacity: undefined });
      const expected = { ...DEFAULT_TENANT_SETTINGS, defaultCapacity: 3, stickyWindowMs: 0, autoResolveMs: null, closingMessage: 'Bye' };
      expect(second).toEqual({ ...tenant, settings: expected });
      expect(await store.getTenant(tenant.id)).toEqual(second);
      expect(await store.listTenants()).toEqual([second, other]);
      expect((await store.getTenant(other.id))?.settings).toEqual(DEFAULT_TENANT_SETTINGS);
      expect(await store.updateTenantSettings(asTenantId('no-such-tenant'), { defaultCapacity: 1 })).toBeNull();
    });

    it('creates an inbox with no default team unless given one', async () => {
      const f = await seed();
      expect(f.inbox.defaultTeamId).toBeNull();
      const team = await store.createTeam(f.tenant.id, { name: 'Sales', policy: 'least_busy', businessHours: null });
      const inbox = await store.createInbox(f.tenant.id, { ...newInbox(), defaultTeamId: team.id });
      expect(inbox.defaultTeamId).toBe(team.id);
      expect(await store.getInbox(f.tenant.id, inbox.id)).toEqual(inbox);
      expect(await store.findInboxByWidgetKey(inbox.widgetKey)).toEqual(inbox);
    });

    it('patches an inbox: the fields given change, settings are replaced whole', async () => {
      const f = await seed();
      const team = await store.createTeam(f.tenant.id, { name: 'Sales', policy: 'least_busy', businessHours: null });
      // Looked up by widget key first, as every visitor hello does: the change still shows at once.
      expect(await store.findInboxByWidgetKey(f.inbox.widgetKey)).toEqual(f.inbox);
      const renamed = await store.updateInbox(f.tenant.id, f.inbox.id, { name: 'Shop' });
      expect(renamed).toEqual({ ...f.inbox, name: 'Shop' });
      expect(await store.findInboxByWidgetKey(f.inbox.widgetKey)).toEqual(renamed);
      const changed = await store.updateInbox(f.tenant.id, f.inbox.id, { settings: { greeting: 'Hi' }, requireIdentity: true, defaultTeamId: team.id });
      expect(changed).toEqual({ ...f.inbox, name: 'Shop', settings: { greeting: 'Hi' }, requireIdentity: true, defaultTeamId: team.id });
      expect(await store.getInbox(f.tenant.id, f.inbox.id)).toEqual(changed);
      expect(await store.findInboxByWidgetKey(f.inbox.widgetKey)).toEqual(changed);
      // A lookup made while an update is on its way sees the inbox as it was or as it is now; the
      // next one sees it as it is now.
      const lookup = store.findInboxByWidgetKey(f.inbox.widgetKey);
      const pooling = store.updateInbox(f.tenant.id, f.inbox.id, { defaultTeamId: null });
      expect([changed, { ...changed, defaultTeamId: null }]).toContainEqual(await lookup);
      const pooled = await pooling;
      expect(pooled).toEqual({ ...changed, defaultTeamId: null });
      expect(await store.findInboxByWidgetKey(f.inbox.widgetKey)).toEqual(pooled);
      expect(await store.updateInbox(f.tenant.id, asInboxId('no-such-inbox'), { name: 'x' })).toBeNull();
    });

    it('refuses a default team that is not in the tenant', async () => {
      const f = await seed('a');
      const g = await seed('b');
      const theirs = await store.createTeam(g.tenant.id, { name: 'Sales', policy: 'least_busy', businessHours: null });
      const inbox = { ...newInbox(), defaultTeamId: theirs.id };
      await expect(store.createInbox(f.tenant.id, inbox)).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.findInboxByWidgetKey(inbox.widgetKey)).toBeNull();
      await expect(store.updateInbox(f.tenant.id, f.inbox.id, { name: 'x', defaultTeamId: theirs.id })).rejects.toMatchObject({ code: 'not_found' });
      await expect(store.updateInbox(f.tenant.id, f.inbox.id, { defaultTeamId: asTeamId('no-such-team') })).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.getInbox(f.tenant.id, f.inbox.id)).toEqual(f.inbox);
    });
  });
}
