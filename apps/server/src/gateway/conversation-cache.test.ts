import { describe, expect, it, vi } from 'vitest';
import { MemoryBus } from '../adapters/memory-bus.js';
import { MemoryStore } from '../adapters/memory-store.js';
import { asConversationId } from '../domain/ids.js';
import { ConversationCache } from './conversation-cache.js';

async function setUp(capacity?: number) {
  const store = new MemoryStore();
  const bus = new MemoryBus();
  const tenant = await store.createTenant('Shop');
  const inbox = await store.createInbox(tenant.id, { name: 'Web', widgetKey: 'wk_test', identitySecret: 's', requireIdentity: false, settings: {} });
  const start = async () => {
    const contact = await store.createContact(tenant.id, { inboxId: inbox.id });
    const outcome = await store.append({
      tenantId: tenant.id,
      target: { inboxId: inbox.id, contactId: contact.id, statusIfNew: 'queued' },
      sender: { role: 'visitor', id: contact.id },
      clientMsgId: 'first',
      kind: 'text',
      text: 'hi',
    });
    if (outcome.kind !== 'appended') throw new Error('not appended');
    return outcome.conversation;
  };
  const reads = vi.spyOn(store, 'getConversation');
  return { store, bus, tenant, start, reads, cache: new ConversationCache(store, bus, capacity) };
}

describe('ConversationCache', () => {
  it('reads a conversation once for any number of frames', async () => {
    const { tenant, start, reads, cache } = await setUp();
    const c = await start();
    const results = await Promise.all([cache.get(tenant.id, c.id), cache.get(tenant.id, c.id), cache.get(tenant.id, c.id)]);
    expect(results.map((r) => r?.id)).toEqual([c.id, c.id, c.id]);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('reads again once the bus says the conversation changed, and sees the change', async () => {
    const { store, bus, tenant, start, reads, cache } = await setUp();
    const c = await start();
    expect((await cache.get(tenant.id, c.id))?.status).toBe('queued');
    const result = await store.transition(tenant.id, c.id, {
      from: { statuses: ['queued'] },
      to: { status: 'resolved' },
      event: { actor: { role: 'system', id: 'system' }, name: 'resolved', text: 'resolved' },
    });
    if (result.kind !== 'applied') throw new Error('not applied');
    bus.publish({ type: 'conversation.updated', tenantId: tenant.id, conversation: result.conversation });
    expect((await cache.get(tenant.id, c.id))?.status).toBe('resolved');
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('keeps neither an unknown id nor a failed read', async () => {
    const { tenant, reads, cache } = await setUp();
    const unknown = asConversationId('00000000-0000-4000-8000-000000000000');
    expect(await cache.get(tenant.id, unknown)).toBeNull();
    expect(await cache.get(tenant.id, unknown)).toBeNull();
    expect(reads).toHaveBeenCalledTimes(2);
    reads.mockRejectedValueOnce(new Error('store down'));
    await expect(cache.get(tenant.id, asConversationId('x'))).rejects.toThrow('store down');
    expect(cache.size).toBe(0);
  });

  it('holds at most its capacity, dropping the oldest read', async () => {
    const { tenant, start, reads, cache } = await setUp(2);
    const [a, b, c] = [await start(), await start(), await start()];
    await cache.get(tenant.id, a.id);
    await cache.get(tenant.id, b.id);
    await cache.get(tenant.id, c.id);
    expect(cache.size).toBe(2);
    reads.mockClear();
    await cache.get(tenant.id, b.id);
    await cache.get(tenant.id, c.id);
    expect(reads).not.toHaveBeenCalled();
    await cache.get(tenant.id, a.id);
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
