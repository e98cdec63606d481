import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../adapters/memory-bus.js';
import { MemoryStore } from '../adapters/memory-store.js';
import { postEntry } from '../commands/post-entry.js';
import { UnassignedList } from './unassigned-list.js';

async function setUp() {
  const store = new MemoryStore();
  const bus = new MemoryBus();
  const tenant = await store.createTenant('Shop');
  const inbox = await store.createInbox(tenant.id, { name: 'Web', widgetKey: 'wk_test', identitySecret: 's', requireIdentity: false, settings: {} });
  const startConversation = async (text: string) => {
    const contact = await store.createContact(tenant.id, { inboxId: inbox.id });
    const outcome = await store.append({
      tenantId: tenant.id,
      target: { inboxId: inbox.id, contactId: contact.id, statusIfNew: 'queued' },
      sender: { role: 'visitor', id: contact.id },
      clientMsgId: text,
      kind: 'text',
      text,
    });
    if (outcome.kind !== 'appended') throw new Error('not appended');
    bus.publish({ type: 'conversation.updated', tenantId: tenant.id, conversation: outcome.conversation });
    return outcome.conversation;
  };
  return { store, bus, tenant, startConversation, list: new UnassignedList(store, bus) };
}

describe('UnassignedList', () => {
  it('answers hellos in a row from one read', async () => {
    const { tenant, startConversation, list } = await setUp();
    await startConversation('hello');
    const first = await list.list(tenant.id);
    expect(first).toHaveLength(1);
    expect(await list.list(tenant.id)).toBe(first);
  });

  it('reads again after a conversation changes or an unassigned one gets a message', async () => {
    const { store, bus, tenant, startConversation, list } = await setUp();
    const a = await startConversation('first');
    expect((await list.list(tenant.id)).map((c) => c.id)).toEqual([a.id]);

    const b = await startConversation('second');
    expect((await list.list(tenant.id)).map((c) => c.id).sort()).toEqual([a.id, b.id].sort());

    await postEntry({ store, bus }, { tenantId: tenant.id, conversationId: a.id, sender: { role: 'system', id: 'test' }, clientMsgId: 'notice', kind: 'text', text: 'notice' });
    expect((await list.list(tenant.id)).find((c) => c.id === a.id)?.lastSeq).toBe(2);
    list.close();
  });
});
