// Store contract: custom contact fields.
import { beforeEach, describe, expect, it } from 'vitest';
import { asTenantId } from '../domain/ids.js';
import type { CustomField } from '../domain/model.js';
import type { Store } from './store.js';
import type { StoreTest } from './store-support.contract.js';

const field = (key: string, type: CustomField['type'] = 'text', options: string[] = []): Omit<CustomField, 'tenantId'> => ({
  key,
  label: `Label of ${key}`,
  type,
  options,
});

export function describeCustomFieldContract(t: StoreTest): void {
  const { seed } = t;

  describe('custom fields', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    it('creates fields of every type and lists them in the order they were made', async () => {
      const f = await seed();
      expect(await store.listCustomFields(f.tenant.id)).toEqual([]);
      const plan = await store.upsertCustomField(f.tenant.id, field('plan', 'list', ['free', 'pro', '企业版']));
      expect(plan).toEqual({ tenantId: f.tenant.id, key: 'plan', label: 'Label of plan', type: 'list', options: ['free', 'pro', '企业版'] });
      const others = [field('seats', 'number'), field('renews', 'date'), field('beta', 'boolean'), field('company')];
      for (const other of others) await store.upsertCustomField(f.tenant.id, other);
      expect(await store.listCustomFields(f.tenant.id)).toEqual([plan, ...others.map((o) => ({ ...o, tenantId: f.tenant.id }))]);
    });

    it('updates a field of the same key in place, keys being case-sensitive', async () => {
      const f = await seed();
      await store.upsertCustomField(f.tenant.id, field('plan', 'list', ['free']));
      await store.upsertCustomField(f.tenant.id, field('seats', 'number'));
      const updated = await store.upsertCustomField(f.tenant.id, { key: 'plan', label: 'Plan', type: 'text', options: [] });
      expect(updated).toEqual({ tenantId: f.tenant.id, key: 'plan', label: 'Plan', type: 'text', options: [] });
      await store.upsertCustomField(f.tenant.id, field('Plan'));
      expect((await store.listCustomFields(f.tenant.id)).map((x) => [x.key, x.label])).toEqual([
        ['plan', 'Plan'],
        ['seats', 'Label of seats'],
        ['Plan', 'Label of Plan'],
      ]);
    });

    it('deletes a field by key', async () => {
      const f = await seed();
      await store.upsertCustomField(f.tenant.id, field('plan'));
      expect(await store.deleteCustomField(f.tenant.id, 'PLAN')).toBe(false);
      expect(await store.deleteCustomField(f.tenant.id, 'plan')).toBe(true);
      expect(await store.deleteCustomField(f.tenant.id, 'plan')).toBe(false);
      expect(await store.listCustomFields(f.tenant.id)).toEqual([]);
    });

    it('refuses a type it does not know as invalid, and a tenant that does not exist', async () => {
      const f = await seed();
      await expect(store.upsertCustomField(f.tenant.id, field('x', 'color' as CustomField['type']))).rejects.toMatchObject({ code: 'invalid' });
      expect(await store.listCustomFields(f.tenant.id)).toEqual([]);
      await expect(store.upsertCustomField(asTenantId('nope'), field('x'))).rejects.toMatchObject({ code: 'not_found' });
    });

    it("keeps each tenant's fields to itself, even under the same key", async () => {
      const f = await seed('a');
      const g = await seed('b');
      const mine = await store.upsertCustomField(f.tenant.id, field('plan', 'list', ['a']));
      const theirs = await store.upsertCustomField(g.tenant.id, field('plan', 'list', ['b']));
      expect(await store.listCustomFields(f.tenant.id)).toEqual([mine]);
      expect(await store.listCustomFields(g.tenant.id)).toEqual([theirs]);
      expect(await store.deleteCustomField(g.tenant.id, 'plan')).toBe(true);
      expect(await store.deleteCustomField(g.tenant.id, 'plan')).toBe(false);
      expect(await store.listCustomFields(f.tenant.id)).toEqual([mine]);
    });
  });
}
