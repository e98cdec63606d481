// Canned responses against the real server: tenant-wide and personal ones, who may change which,
// and expansion of a `/shortcut` with `{{variables}}` for a conversation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { visitorWrites, type Visitor } from './visitor.js';

interface Canned {
  id: string;
  shortcut: string;
  text: string;
  scope: 'tenant' | 'personal';
}

describe('canned responses', () => {
  let server: ServerProcess;
  let admin: string;
  let lin: { token: string; id: string };
  let mei: { token: string; id: string };
  let visitor: Visitor;
  let greet: Canned;

  beforeAll(async () => {
    server = await startServer();
    admin = await loginAdmin(server.url);
    lin = await createAgent(server.url, admin, 'Lin');
    mei = await createAgent(server.url, admin, 'Mei');
    visitor = await visitorWrites(server.wsUrl, await firstWidgetKey(server.url, admin), '你好，我的订单还没到');
    const created = await api<Canned>(server.url, 'POST', '/api/v1/canned-responses', {
      token: admin,
      body: { shortcut: 'greet', text: '您好 {{contact.name | 顾客}}，我是 {{agent.name}}。', scope: 'tenant' },
    });
    expect(created.status).toBe(201);
    greet = created.body;
  });
  afterAll(async () => {
    await server.stop();
  });

  const expand = (token: string, text: string) =>
    api<{ text: string; cannedResponse: Canned | null }>(server.url, 'POST', '/api/v1/canned-responses/expand', {
      token,
      body: { conversationId: visitor.conversationId, text },
    });

  it('expands a tenant-wide /shortcut with the default name while the contact has none, then with the name', async () => {
    const before = await expand(lin.token, '/greet 请问有什么可以帮您？');
    expect(before.status).toBe(200);
    expect(before.body.text).toBe('您好 顾客，我是 Lin。 请问有什么可以帮您？');
    expect(before.body.cannedResponse?.id).toBe(greet.id);

    const named = await api(server.url, 'PATCH', `/api/v1/contacts/${visitor.contactId}`, { token: lin.token, body: { name: '王小明' } });
    expect(named.status).toBe(200);
    const after = await expand(mei.token, '/greet');
    expect(after.body.text).toBe('您好 王小明，我是 Mei。');
  });

  it('fills variables in typed text without a shortcut, and leaves an unknown shortcut as typed', async () => {
    const res = await expand(lin.token, '/nosuch 会话 {{conversation.id}}，{{contact.phone}}完');
    expect(res.status).toBe(200);
    expect(res.body.text).toBe(`/nosuch 会话 ${visitor.conversationId}，完`);
    expect(res.body.cannedResponse).toBeNull();
  });

  it('keeps a personal response to its owner: listed and expanded for them only', async () => {
    const mine = await api<Canned>(server.url, 'POST', '/api/v1/canned-responses', { token: lin.token, body: { shortcut: 'bye', text: '再见，{{contact.name}}！' } });
    expect(mine.status).toBe(201);
    expect(mine.body.scope).toBe('personal');

    const linList = await api<{ cannedResponses: Canned[] }>(server.url, 'GET', '/api/v1/canned-responses', { token: lin.token });
    expect(linList.body.cannedResponses.map((r) => r.shortcut)).toEqual(['bye', 'greet']);
    const meiList = await api<{ cannedResponses: Canned[] }>(server.url, 'GET', '/api/v1/canned-responses', { token: mei.token });
    expect(meiList.body.cannedResponses.map((r) => r.shortcut)).toEqual(['greet']);

    expect((await expand(lin.token, '/bye')).body.text).toBe('再见，王小明！');
    expect((await expand(mei.token, '/bye')).body.text).toBe('/bye');
    expect((await api(server.url, 'DELETE', `/api/v1/canned-responses/${mine.body.id}`, { token: mei.token })).status).toBe(404);
  });

  it('filters the list by shortcut prefix, with or without the slash', async () => {
    await api(server.url, 'POST', '/api/v1/canned-responses', { token: admin, body: { shortcut: 'refund', text: '退款将在 3 个工作日内到账。', scope: 'tenant' } });
    for (const q of ['gr', '/GR']) {
      const res = await api<{ cannedResponses: Canned[] }>(server.url, 'GET', `/api/v1/canned-responses?q=${encodeURIComponent(q)}`, { token: mei.token });
      expect(res.body.cannedResponses.map((r) => r.shortcut)).toEqual(['greet']);
    }
  });

  it('lets only admins create or change tenant-wide responses, and refuses a taken shortcut', async () => {
    const byAgent = await api(server.url, 'POST', '/api/v1/canned-responses', { token: lin.token, body: { shortcut: 'x', text: 'x', scope: 'tenant' } });
    expect(byAgent.status).toBe(403);
    expect((await api(server.url, 'PATCH', `/api/v1/canned-responses/${greet.id}`, { token: lin.token, body: { text: 'hacked' } })).status).toBe(403);
    const taken = await api<{ error: { code: string } }>(server.url, 'POST', '/api/v1/canned-responses', { token: admin, body: { shortcut: 'greet', text: 'again', scope: 'tenant' } });
    expect(taken.status).toBe(409);
    const badShortcut = await api(server.url, 'POST', '/api/v1/canned-responses', { token: lin.token, body: { shortcut: 'has space', text: 'x' } });
    expect(badShortcut.status).toBe(400);
  });

  it('applies an admin’s change and deletion of a tenant-wide response to everyone', async () => {
    const changed = await api<Canned>(server.url, 'PATCH', `/api/v1/canned-responses/${greet.id}`, { token: admin, body: { text: 'Hello {{contact.name}}' } });
    expect(changed.status).toBe(200);
    expect((await expand(mei.token, '/greet')).body.text).toBe('Hello 王小明');
    expect((await api(server.url, 'DELETE', `/api/v1/canned-responses/${greet.id}`, { token: admin })).status).toBe(204);
    expect((await expand(mei.token, '/greet')).body.text).toBe('/greet');
  });

  it('refuses expansion for a conversation that does not exist', async () => {
    const res = await api(server.url, 'POST', '/api/v1/canned-responses/expand', { token: lin.token, body: { conversationId: 'nope', text: '/greet' } });
    expect(res.status).toBe(404);
  });
});
