// Labels against the real server: admins define them; agents put them on conversations, which
// shows in the timeline as a labels_changed event, in `conv` frames, and in the label's listing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin, useManualRouting } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { isType, TestClient } from '../support/ws-client.js';
import { visitorWrites, type Visitor } from './visitor.js';

interface Conv {
  id: string;
  labels: string[];
}
interface Entry {
  seq: number;
  kind: string;
  text: string;
  data: { event?: string; added?: string[]; removed?: string[] } | null;
}

describe('labels', () => {
  let server: ServerProcess;
  let admin: string;
  let agent: { token: string; id: string };
  let visitor: Visitor;
  let other: Visitor;

  beforeAll(async () => {
    server = await startServer();
    admin = await loginAdmin(server.url);
    await useManualRouting(server.url, admin);
    agent = await createAgent(server.url, admin, 'Lin');
    const widgetKey = await firstWidgetKey(server.url, admin);
    visitor = await visitorWrites(server.wsUrl, widgetKey, 'I was charged twice');
    other = await visitorWrites(server.wsUrl, widgetKey, 'Just browsing');
  });
  afterAll(async () => {
    await server.stop();
  });

  const setLabels = (id: string, labels: string[]) => api<Conv>(server.url, 'PUT', `/api/v1/conversations/${id}/labels`, { token: agent.token, body: { labels } });
  const labelEvents = async (id: string) => {
    const page = await api<{ messages: Entry[] }>(server.url, 'GET', `/api/v1/conversations/${id}/messages`, { token: agent.token });
    return page.body.messages.filter((m) => m.kind === 'event' && m.data?.event === 'labels_changed');
  };
  const listing = async (name: string) =>
    (await api<{ conversations: Conv[] }>(server.url, 'GET', `/api/v1/labels/${encodeURIComponent(name)}/conversations`, { token: agent.token })).body.conversations.map(
      (c) => c.id,
    );

  it('lets admins create, change and list labels, and refuses agents and bad colors', async () => {
    const vip = await api(server.url, 'POST', '/api/v1/labels', { token: admin, body: { name: 'vip', color: '#ff0000', description: 'paying customer' } });
    expect(vip.status).toBe(201);
    expect((await api(server.url, 'POST', '/api/v1/labels', { token: admin, body: { name: '退款', color: '#00aa00' } })).status).toBe(201);
    expect((await api(server.url, 'POST', '/api/v1/labels', { token: admin, body: { name: 'VIP' } })).status).toBe(409);
    expect((await api(server.url, 'POST', '/api/v1/labels', { token: agent.token, body: { name: 'spam' } })).status).toBe(403);
    expect((await api(server.url, 'POST', '/api/v1/labels', { token: admin, body: { name: 'red', color: 'red' } })).status).toBe(400);

    const changed = await api(server.url, 'PATCH', '/api/v1/labels/vip', { token: admin, body: { color: '#aa0000' } });
    expect(changed.body).toEqual({ name: 'vip', color: '#aa0000', description: 'paying customer' });
    const all = await api<{ labels: Array<{ name: string }> }>(server.url, 'GET', '/api/v1/labels', { token: agent.token });
    expect(all.body.labels.map((l) => l.name).sort()).toEqual(['vip', '退款']);
  });

  it('adds labels as an event with what was added, and tells connected agents in a conv frame', async () => {
    const watcher = await TestClient.connect(server.wsUrl);
    await watcher.request({ t: 'hello', v: 1, role: 'agent', token: admin }, isType('welcome'));
    const from = watcher.frames.length;

    const res = await setLabels(visitor.conversationId, ['退款', 'VIP']);
    expect(res.status).toBe(200);
    expect(res.body.labels).toEqual(['vip', '退款'].sort());

    const events = await labelEvents(visitor.conversationId);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ added: ['vip', '退款'].sort(), removed: [] });

    const frame = await watcher.waitFor((f) => f.t === 'conv' && f.conv.id === visitor.conversationId, 5_000, from);
    expect(frame.t === 'conv' && frame.conv.labels).toEqual(['vip', '退款'].sort());
    watcher.close();
  });

  it('lists a conversation under each of its labels, and not under labels it lacks', async () => {
    expect(await listing('vip')).toEqual([visitor.conversationId]);
    expect(await listing('退款')).toEqual([visitor.conversationId]);
    expect(await listing('VIP')).toEqual([visitor.conversationId]);
    expect((await api(server.url, 'GET', '/api/v1/labels/nosuch/conversations', { token: agent.token })).status).toBe(404);
  });

  it('removes a label as an event with what was removed, and drops it from the listing', async () => {
    const res = await setLabels(visitor.conversationId, ['退款']);
    expect(res.body.labels).toEqual(['退款']);
    const events = await labelEvents(visitor.conversationId);
    expect(events).toHaveLength(2);
    expect(events[1]!.data).toMatchObject({ added: [], removed: ['vip'] });
    expect(await listing('vip')).toEqual([]);
    expect(await listing('退款')).toEqual([visitor.conversationId]);
  });

  it('writes no event when the labels do not change', async () => {
    await setLabels(visitor.conversationId, ['退款']);
    expect(await labelEvents(visitor.conversationId)).toHaveLength(2);
  });

  it('refuses a label the tenant does not have, and changes nothing', async () => {
    const res = await setLabels(other.conversationId, ['vip', 'made-up']);
    expect(res.status).toBe(400);
    expect(await listing('vip')).toEqual([]);
    expect(await labelEvents(other.conversationId)).toHaveLength(0);
  });

  it('takes a deleted label off its conversations', async () => {
    expect((await api(server.url, 'DELETE', `/api/v1/labels/${encodeURIComponent('退款')}`, { token: agent.token })).status).toBe(403);
    expect((await api(server.url, 'DELETE', `/api/v1/labels/${encodeURIComponent('退款')}`, { token: admin })).status).toBe(204);
    const conv = await api<Conv>(server.url, 'GET', `/api/v1/conversations/${visitor.conversationId}`, { token: agent.token });
    expect(conv.body.labels).toEqual([]);
  });
});
