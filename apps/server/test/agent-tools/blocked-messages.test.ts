// What blocking does to a visitor's messages, against the real server: they are stored and the
// visitor gets `sent`, but no agent hears of them and they reopen nothing; after an unblock the
// next message reaches the agent again. By contact and by address.
import { describe, expect, it } from 'vitest';
import { api, createAgent, manualServerPerFile } from '../support/api.js';
import type { TestClient } from '../support/ws-client.js';
import { getConversation, helloAgent, isMsg, roundTrip, sendAndWait, startConversation, storedTimeline } from '../conformance/helpers.js';

const env = manualServerPerFile();

/** A visitor's conversation claimed by a connected agent; the visitor connects from loopback. */
async function claimed() {
  const agent = await createAgent(env.server.url, env.adminToken, 'Lin');
  const agentWs = (await helloAgent(env.server.wsUrl, agent.token)).client;
  const visitor = await startConversation(env.server.wsUrl, env.widgetKey);
  const claim = await api(env.server.url, 'POST', `/api/v1/conversations/${visitor.conv}/claim`, { token: agent.token });
  expect(claim.status).toBe(200);
  await agentWs.waitFor(isMsg(visitor.conv, 2));
  return { agent, agentWs, visitor: visitor.client, conv: visitor.conv, contactId: visitor.welcome.visitorId! };
}

/** Whether the agent got the message of this seq, after a round trip that follows anything sent before it. */
async function agentHeard(agentWs: TestClient, conv: string, seq: number): Promise<boolean> {
  await roundTrip(agentWs);
  return agentWs.frames.some(isMsg(conv, seq));
}

describe("a blocked visitor's messages", () => {
  it('are stored and answered, but reach no agent while the contact is blocked', async () => {
    const { agent, agentWs, visitor, conv, contactId } = await claimed();
    expect((await api(env.server.url, 'POST', `/api/v1/contacts/${contactId}/block`, { token: agent.token })).status).toBe(200);

    const hidden = await sendAndWait(visitor, { id: 'while-blocked', conv, text: 'buy cheap watches' });
    expect(hidden.seq).toBe(3);
    expect(await agentHeard(agentWs, conv, 3)).toBe(false);
    expect((await storedTimeline(env.server.url, env.adminToken, conv)).map((e) => e.text)).toContain('buy cheap watches');

    expect((await api(env.server.url, 'POST', `/api/v1/contacts/${contactId}/unblock`, { token: agent.token })).status).toBe(200);
    const heard = await sendAndWait(visitor, { id: 'after-unblock', conv, text: 'sorry, a real question' });
    expect(heard.seq).toBe(4);
    await agentWs.waitFor(isMsg(conv, 4));
    visitor.close();
    agentWs.close();
  });

  it('reach no agent while their address is blocked', async () => {
    const { agentWs, visitor, conv } = await claimed();
    const block = await api(env.server.url, 'POST', '/api/v1/blocked-ips', { token: env.adminToken, body: { ip: '127.0.0.1', reason: 'flood' } });
    expect(block.status).toBe(201);
    try {
      const hidden = await sendAndWait(visitor, { id: 'from-blocked-ip', conv, text: 'flood' });
      expect(await agentHeard(agentWs, conv, hidden.seq)).toBe(false);
    } finally {
      expect((await api(env.server.url, 'DELETE', '/api/v1/blocked-ips/127.0.0.1', { token: env.adminToken })).status).toBe(204);
    }
    const heard = await sendAndWait(visitor, { id: 'after-ip-unblock', conv, text: 'hello again' });
    await agentWs.waitFor(isMsg(conv, heard.seq));
    visitor.close();
    agentWs.close();
  });

  it('do not reopen a resolved conversation', async () => {
    const { agent, agentWs, visitor, conv, contactId } = await claimed();
    expect((await api(env.server.url, 'POST', `/api/v1/conversations/${conv}/resolve`, { token: agent.token })).status).toBe(200);
    expect((await api(env.server.url, 'POST', `/api/v1/contacts/${contactId}/block`, { token: agent.token })).status).toBe(200);
    const hidden = await sendAndWait(visitor, { id: 'after-resolve', conv, text: 'open up' });
    expect((await getConversation(env.server.url, env.adminToken, conv)).status).toBe('resolved');
    expect(await agentHeard(agentWs, conv, hidden.seq)).toBe(false);
    expect((await storedTimeline(env.server.url, env.adminToken, conv)).find((e) => e.seq === hidden.seq)?.text).toBe('open up');
    visitor.close();
    agentWs.close();
  });
});
