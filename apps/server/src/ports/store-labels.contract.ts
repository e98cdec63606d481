// Store contract: labels, and their place on conversations.
import { beforeEach, describe, expect, it } from 'vitest';
import { asTenantId } from '../domain/ids.js';
import type { Participant } from '../domain/model.js';
import type { Transition } from './conversation-store.js';
import type { Store } from './store.js';
import type { StoreTest } from './store-support.contract.js';

const system: Participant = { role: 'system', id: 'system' };
const label = (name: string, color = '#336699', description = '') => ({ name, color, description });
const setLabels = (labels: string[]): Transition => ({ from: {}, to: { labels }, event: { actor: system, name: 'labels.changed', text: 'labels' } });

export function describeLabelContract(t: StoreTest): void {
  const { seed, conversationOfNewContact } = t;

  describe('labels', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    it('creates labels and lists them in case-insensitive order of name', async () => {
      const f = await seed();
      expect(await store.listLabels(f.tenant.id)).toEqual([]);
      const vip = await store.upsertLabel(f.tenant.id, label('VIP', '#ff0000', 'Pays a lot'));
      expect(vip).toEqual({ tenantId: f.tenant.id, name: 'VIP', color: '#ff0000', description: 'Pays a lot' });
      await store.upsertLabel(f.tenant.id, label('bug'));
      await store.upsertLabel(f.tenant.id, label('退款'));
      await store.upsertLabel(f.tenant.id, label('Abuse'));
      expect((await store.listLabels(f.tenant.id)).map((l) => l.name)).toEqual(['Abuse', 'bug', 'VIP', '退款']);
      expect((await store.listLabels(f.tenant.id))[2]).toEqual(vip);
    });

    it('updates a label of the same name in any case instead of adding one, taking the new spelling everywhere', async () => {
      const f = await seed();
      await store.upsertLabel(f.tenant.id, label('vip', '#000000', 'old'));
      const c = await conversationOfNewContact(f, 'queued');
      await store.transition(f.tenant.id, c.id, setLabels(['vip']));
      const updated = await store.upsertLabel(f.tenant.id, label('VIP', '#ffffff', 'new'));
      expect(updated).toEqual({ tenantId: f.tenant.id, name: 'VIP', color: '#ffffff', description: 'new' });
      expect(await store.listLabels(f.tenant.id)).toEqual([updated]);
      expect(await store.getConversation(f.tenant.id, c.id)).toMatchObject({ labels: ['VIP'] });
      expect((await store.listConversations(f.tenant.id, { label: 'vip', limit: 10 })).map((x) => x.id)).toEqual([c.id]);
      const same = await store.upsertLabel(f.tenant.id, label('VIP', '#ffffff', 'again'));
      expect(same.description).toBe('again');
      expect(await store.listLabels(f.tenant.id)).toEqual([same]);
    });

    it('deletes a label in any case of its name and removes it from every conversation', async () => {
      const f = await seed();
      await store.upsertLabel(f.tenant.id, label('vip'));
      await store.upsertLabel(f.tenant.id, label('bug'));
      const a = await conversationOfNewContact(f, 'queued');
      const b = await conversationOfNewContact(f, 'queued');
      await store.transition(f.tenant.id, a.id, setLabels(['vip', 'bug']));
      await store.transition(f.tenant.id, b.id, setLabels(['vip']));
      expect(await store.deleteLabel(f.tenant.id, 'VIP')).toBe(true);
      expect(await store.deleteLabel(f.tenant.id, 'vip')).toBe(false);
      expect(await store.deleteLabel(f.tenant.id, 'never')).toBe(false);
      expect((await store.listLabels(f.tenant.id)).map((l) => l.name)).toEqual(['bug']);
      expect(await store.getConversation(f.tenant.id, a.id)).toMatchObject({ labels: ['bug'] });
      expect(await store.getConversation(f.tenant.id, b.id)).toMatchObject({ labels: [] });
      expect(await store.listConversations(f.tenant.id, { label: 'vip', limit: 10 })).toEqual([]);
      await expect(store.transition(f.tenant.id, a.id, setLabels(['vip']))).rejects.toMatchObject({ code: 'invalid' });
      // A label made again with the old name starts on no conversation.
      await store.upsertLabel(f.tenant.id, label('vip'));
      expect(await store.listConversations(f.tenant.id, { label: 'vip', limit: 10 })).toEqual([]);
    });

    it('refuses a label for a tenant that does not exist', async () => {
      await expect(store.upsertLabel(asTenantId('nope'), label('x'))).rejects.toMatchObject({ code: 'not_found' });
    });

    it("keeps each tenant's labels to itself, even under the same name", async () => {
      const f = await seed('a');
      const g = await seed('b');
      await store.upsertLabel(f.tenant.id, label('vip', '#111111'));
      const theirs = await store.upsertLabel(g.tenant.id, label('VIP', '#222222'));
      expect((await store.listLabels(f.tenant.id)).map((l) => [l.name, l.color])).toEqual([['vip', '#111111']]);
      expect(await store.listLabels(g.tenant.id)).toEqual([theirs]);
      const c = await conversationOfNewContact(f, 'queued');
      await store.transition(f.tenant.id, c.id, setLabels(['vip']));
      expect(await store.deleteLabel(g.tenant.id, 'vip')).toBe(true);
      expect(await store.getConversation(f.tenant.id, c.id)).toMatchObject({ labels: ['vip'] });
      expect(await store.listLabels(f.tenant.id)).toHaveLength(1);
      await store.upsertLabel(g.tenant.id, label('VIP', '#333333'));
      expect(await store.getConversation(f.tenant.id, c.id)).toMatchObject({ labels: ['vip'] });
      expect(await store.listLabels(f.tenant.id)).toEqual([{ tenantId: f.tenant.id, name: 'vip', color: '#111111', description: '' }]);
    });
  });
}
