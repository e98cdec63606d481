// Contacts against the real server: a contact with their conversations, edits merged key by key,
// and attributes checked against typed custom fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { visitorWrites, type Visitor } from './visitor.js';

interface Contact {
  id: string;
  name: string | null;
  email: string | null;
  attributes: Record<string, unknown>;
  blocked: boolean;
}

describe('contacts and custom fields', () => {
  let server: ServerProcess;
  let admin: string;
  let agent: { token: string; id: string };
  let visitor: Visitor;

  beforeAll(async () => {
    server = await startServer();
    admin = await loginAdmin(server.url);
    agent = await createAgent(server.url, admin, 'Lin');
    visitor = await visitorWrites(server.wsUrl, await firstWidgetKey(server.url, admin), '发票怎么开？');
  });
  afterAll(async () => {
    await server.stop();
  });

  const patch = (body: unknown) => api<Contact & { error?: { code: string; message: string } }>(server.url, 'PATCH', `/api/v1/contacts/${visitor.contactId}`, { token: agent.token, body });
  const get = () => api<{ contact: Contact; conversations: Array<{ id: string }> }>(server.url, 'GET', `/api/v1/contacts/${visitor.contactId}`, { token: agent.token });

  it('shows a contact with their conversations', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body.contact).toMatchObject({ id: visitor.contactId, name: null, attributes: {}, blocked: false });
    expect(res.body.conversations.map((c) => c.id)).toEqual([visitor.conversationId]);
    expect((await api(server.url, 'GET', '/api/v1/contacts/nosuch', { token: agent.token })).status).toBe(404);
  });

  it('lets admins define custom fields, and refuses agents', async () => {
    const fields = [
      { key: 'orderCount', label: 'Orders', type: 'number' },
      { key: 'plan', label: 'Plan', type: 'list', options: ['free', 'pro'] },
      { key: 'birthday', type: 'date' },
      { key: 'newsletter', type: 'boolean' },
    ];
    for (const body of fields) expect((await api(server.url, 'POST', '/api/v1/custom-fields', { token: admin, body })).status).toBe(201);
    expect((await api(server.url, 'POST', '/api/v1/custom-fields', { token: agent.token, body: { key: 'x', type: 'text' } })).status).toBe(403);
    expect((await api(server.url, 'POST', '/api/v1/custom-fields', { token: admin, body: { key: 'tier', type: 'list' } })).status).toBe(400);
    expect((await api(server.url, 'POST', '/api/v1/custom-fields', { token: admin, body: { key: 'plan', type: 'text' } })).status).toBe(409);
    const listed = await api<{ customFields: Array<{ key: string }> }>(server.url, 'GET', '/api/v1/custom-fields', { token: agent.token });
    expect(listed.body.customFields.map((f) => f.key).sort()).toEqual(['birthday', 'newsletter', 'orderCount', 'plan']);
  });

  it('refuses an attribute of the wrong type with 400, naming the field, and stores nothing', async () => {
    for (const attributes of [{ orderCount: 'many' }, { plan: 'gold' }, { birthday: '2023-02-30' }, { newsletter: 'yes' }]) {
      const res = await patch({ name: '李雷', attributes });
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toContain(`attributes.${Object.keys(attributes)[0]}`);
    }
    const after = await get();
    expect(after.body.contact.name).toBeNull();
    expect(after.body.contact.attributes).toEqual({});
  });

  it('stores typed attributes (a numeric string as a number) and untyped ones as given', async () => {
    const res = await patch({ name: '李雷', email: 'LiLei@Example.com', attributes: { orderCount: '3', plan: 'pro', birthday: '1990-05-01', newsletter: true, note: { vip: 'maybe' } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '李雷', email: 'lilei@example.com' });
    expect(res.body.attributes).toEqual({ orderCount: 3, plan: 'pro', birthday: '1990-05-01', newsletter: true, note: { vip: 'maybe' } });
  });

  it('merges attributes key by key, and removes a key set to null', async () => {
    const res = await patch({ attributes: { orderCount: 4, note: null } });
    expect(res.status).toBe(200);
    expect(res.body.attributes).toEqual({ orderCount: 4, plan: 'pro', birthday: '1990-05-01', newsletter: true });
    expect((await get()).body.contact.name).toBe('李雷');
  });

  it('follows an admin’s change of a field’s options, and stops checking a deleted field', async () => {
    expect((await api(server.url, 'PATCH', '/api/v1/custom-fields/plan', { token: admin, body: { options: ['free', 'pro', 'gold'] } })).status).toBe(200);
    expect((await patch({ attributes: { plan: 'gold' } })).status).toBe(200);
    expect((await api(server.url, 'DELETE', '/api/v1/custom-fields/orderCount', { token: admin })).status).toBe(204);
    const res = await patch({ attributes: { orderCount: 'lots' } });
    expect(res.status).toBe(200);
    expect(res.body.attributes.orderCount).toBe('lots');
  });
});
