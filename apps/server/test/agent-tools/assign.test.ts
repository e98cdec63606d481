// Assigning a conversation at once, as a supervisor does: no offer to accept, the new assignee
// hears of it live, and who may do it is checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, startManualServer } from '../support/api.js';
import type { ServerProcess } from '../support/server-process.js';
import { isType, TestClient } from '../support/ws-client.js';
import { visitorWrites } from './visitor.js';

interface Conv {
  id: string;
  status: string;
  assignee: string | null;
}

describe('assigning a conversation', () => {
  let server: ServerProcess;
  let admin: string;
  let widgetKey: string;
  let lin: { token: string; id: string };
  let wang: { token: string; id: string };

  beforeAll(async () => {
    ({ server, adminToken: admin, widgetKey } = await startManualServer());
    lin = await createAgent(server.url, admin, 'Lin');
    wang = await createAgent(server.url, admin, 'Wang');
  });
  afterAll(async () => {
    await server.stop();
  });

  const assign = (token: string, conv: string, agentId: string) =>
    api<Conv & { error?: { code: string } }>(server.url, 'POST', `/api/v1/conversations/${conv}/assign`, { token, body: { agentId } });

  it('gives an unassigned conversation to an agent at once, who hears of it live, with an event in the timeline', async () => {
    const wangWs = await TestClient.connect(server.wsUrl);
    await wangWs.request({ t: 'hello', v: 1, role: 'agent', token: wang.token }, isType('welcome'));
    const visitor = await visitorWrites(server.wsUrl, widgetKey, 'My parcel is late');

    const res = await assign(lin.token, visitor.conversationId, wang.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'open', assignee: wang.id });
    await wangWs.waitFor((f) => f.t === 'conv' && f.conv.id === visitor.conversationId && f.conv.assignee === wang.id);
    const timeline = await api<{ messages: Array<{ kind: string; text: string }> }>(server.url, 'GET', `/api/v1/conversations/${visitor.conversationId}/messages`, { token: admin });
    expect(timeline.body.messages.at(-1)).toMatchObject({ kind: 'event', text: 'Lin assigned the conversation to Wang' });
    wangWs.close();
  });

  it("lets an admin move anyone's conversation, but not an agent someone else's", async () => {
    const visitor = await visitorWrites(server.wsUrl, widgetKey, 'Where is my refund?');
    expect((await assign(wang.token, visitor.conversationId, wang.id)).body).toMatchObject({ assignee: wang.id });

    const refused = await assign(lin.token, visitor.conversationId, lin.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('forbidden');
    expect((await assign(admin, visitor.conversationId, lin.id)).body).toMatchObject({ assignee: lin.id });
    expect((await assign(admin, visitor.conversationId, lin.id)).status).toBe(409);
    expect((await assign(admin, visitor.conversationId, 'no-such-agent')).status).toBe(404);

    await api(server.url, 'POST', `/api/v1/conversations/${visitor.conversationId}/resolve`, { token: admin });
    expect((await assign(admin, visitor.conversationId, wang.id)).status).toBe(409);
  });
});
