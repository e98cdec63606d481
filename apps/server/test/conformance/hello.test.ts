// Conformance: hello and welcome for visitors and agents, visitor tokens, epoch (PROTOCOL.md "Hello").
import { describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin, manualServerPerFile } from '../support/api.js';
import { ADMIN, startServer } from '../support/server-process.js';
import { helloAgent, helloVisitor, sendAndWait, startConversation } from './helpers.js';

const env = manualServerPerFile();

describe('visitor hello', () => {
  it('welcomes a new visitor with a session, the heartbeat, the epoch, a visitor id and token, and no conversations', async () => {
    const { client, welcome } = await helloVisitor(env.server.wsUrl, env.widgetKey);
    expect(welcome).toMatchObject({
      t: 'welcome',
      v: 1,
      sessionId: expect.any(String),
      heartbeatMs: 25_000,
      epoch: expect.any(String),
      visitorId: expect.any(String),
      visitorToken: expect.any(String),
      conversations: [],
    });
    expect(welcome.epoch).not.toBe('');
    expect(welcome.agentId).toBeUndefined();
    client.close();
  });

  it('gives every connection its own sessionId', async () => {
    const a = await helloVisitor(env.server.wsUrl, env.widgetKey);
    const b = await helloVisitor(env.server.wsUrl, env.widgetKey, { visitorToken: a.welcome.visitorToken! });
    expect(b.welcome.sessionId).not.toBe(a.welcome.sessionId);
    a.client.close();
    b.client.close();
  });

  it('recognizes a returning visitor by visitorToken and lists their conversations with lastSeq and status', async () => {
    const started = await startConversation(env.server.wsUrl, env.widgetKey);
    await sendAndWait(started.client, { id: 'second', conv: started.conv, text: 'Are you there?' });
    started.client.close();

    const back = await helloVisitor(env.server.wsUrl, env.widgetKey, { visitorToken: started.welcome.visitorToken! });
    expect(back.welcome.visitorId).toBe(started.welcome.visitorId);
    expect(back.welcome.epoch).toBe(started.welcome.epoch);
    expect(back.welcome.conversations).toEqual([{ id: started.conv, lastSeq: 2, status: 'queued' }]);
    back.client.close();
  });

  it('treats a visitor without a token as a new visitor', async () => {
    const first = await startConversation(env.server.wsUrl, env.widgetKey);
    const stranger = await helloVisitor(env.server.wsUrl, env.widgetKey);
    expect(stranger.welcome.visitorId).not.toBe(first.welcome.visitorId);
    expect(stranger.welcome.conversations).toEqual([]);
    first.client.close();
    stranger.client.close();
  });

  it('continues the open conversation when a returning visitor sends without conv', async () => {
    const started = await startConversation(env.server.wsUrl, env.widgetKey);
    started.client.close();
    const back = await helloVisitor(env.server.wsUrl, env.widgetKey, { visitorToken: started.welcome.visitorToken! });
    const sent = await sendAndWait(back.client, { id: 'no-conv-again', text: 'Me again' });
    expect(sent.conv).toBe(started.conv);
    expect(sent.seq).toBe(2);
    back.client.close();
  });
});

describe('agent hello', () => {
  it('welcomes an agent logged in over REST with its agentId and the open conversations', async () => {
    const login = await api<{ token: string; agent: { id: string; email: string } }>(env.server.url, 'POST', '/api/v1/auth/login', { body: ADMIN });
    expect(login.status).toBe(200);
    const started = await startConversation(env.server.wsUrl, env.widgetKey);

    const { client, welcome } = await helloAgent(env.server.wsUrl, login.body.token);
    expect(welcome).toMatchObject({ t: 'welcome', v: 1, sessionId: expect.any(String), heartbeatMs: 25_000, agentId: login.body.agent.id });
    expect(welcome.visitorId).toBeUndefined();
    expect(welcome.visitorToken).toBeUndefined();
    expect(welcome.conversations).toContainEqual({ id: started.conv, lastSeq: 1, status: 'queued' });
    client.close();
    started.client.close();
  });

  it('gives agents and visitors the same epoch', async () => {
    const agent = await createAgent(env.server.url, env.adminToken, 'Epoch Agent');
    const a = await helloAgent(env.server.wsUrl, agent.token);
    const v = await helloVisitor(env.server.wsUrl, env.widgetKey);
    expect(a.welcome.epoch).toBe(v.welcome.epoch);
    a.client.close();
    v.client.close();
  });
});

describe('epoch', () => {
  it('stays the same across a restart on the same data dir, with the visitor and its timeline intact', async () => {
    const started = await startConversation(env.server.wsUrl, env.widgetKey);
    const before = started.welcome.epoch;
    started.client.close();

    expect(await env.server.stop()).toBe(0);
    env.server = await startServer({ dataDir: env.server.dataDir });
    env.adminToken = await loginAdmin(env.server.url);

    const back = await helloVisitor(env.server.wsUrl, env.widgetKey, { visitorToken: started.welcome.visitorToken! });
    expect(back.welcome.epoch).toBe(before);
    expect(back.welcome.visitorId).toBe(started.welcome.visitorId);
    expect(back.welcome.conversations).toEqual([{ id: started.conv, lastSeq: 1, status: 'queued' }]);
    back.client.close();
  });

  it('differs for a server on another (empty) data dir', async () => {
    const mine = await helloVisitor(env.server.wsUrl, env.widgetKey);
    const other = await startServer();
    try {
      const otherKey = await firstWidgetKey(other.url, await loginAdmin(other.url));
      const theirs = await helloVisitor(other.wsUrl, otherKey);
      expect(theirs.welcome.epoch).not.toBe(mine.welcome.epoch);
      theirs.client.close();
    } finally {
      mine.client.close();
      await other.stop();
    }
  });
});
