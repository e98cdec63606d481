// Conformance: resume in hello, sync pages, ack/read cursors and receipts, typing (PROTOCOL.md "Ack, read, sync").
import type { ServerFrame } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { api, createAgent, manualServerPerFile } from '../support/api.js';
import type { TestClient } from '../support/ws-client.js';
import { helloAgent, helloVisitor, isError, isMsg, isSynced, roundTrip, sendAndWait, startConversation } from './helpers.js';

const env = manualServerPerFile();

/** A conversation of `count` visitor messages (seq 1..count); the visitor has disconnected. */
async function conversationWith(count: number) {
  const started = await startConversation(env.server.wsUrl, env.widgetKey, 'message 1');
  for (let i = 2; i <= count; i++) await sendAndWait(started.client, { id: `m-${i}`, conv: started.conv, text: `message ${i}` });
  started.client.close();
  return { conv: started.conv, visitorToken: started.welcome.visitorToken!, visitorId: started.welcome.visitorId! };
}

/** The timeline frames (`msg`) and the `synced` a client received after index `from`, in arrival order. */
function replayAfter(client: TestClient, conv: string, from: number): ServerFrame[] {
  return client.frames.slice(from).filter((f) => (f.t === 'msg' || f.t === 'synced') && f.conv === conv);
}

const seqsOf = (frames: ServerFrame[]) => frames.flatMap((f) => (f.t === 'msg' ? [f.seq] : []));

/** A claimed conversation with its visitor and assignee connected. */
async function liveConversation() {
  const agent = await createAgent(env.server.url, env.adminToken, 'Cursor Agent');
  const agentWs = await helloAgent(env.server.wsUrl, agent.token);
  const visitor = await startConversation(env.server.wsUrl, env.widgetKey);
  const claim = await api(env.server.url, 'POST', `/api/v1/conversations/${visitor.conv}/claim`, { token: agent.token });
  expect(claim.status).toBe(200);
  await visitor.client.waitFor(isMsg(visitor.conv, 2));
  await agentWs.client.waitFor(isMsg(visitor.conv, 2));
  return { agent, agentWs: agentWs.client, visitor: visitor.client, visitorId: visitor.welcome.visitorId!, conv: visitor.conv };
}

describe('resume in hello', () => {
  it('sends a returning visitor the entries after the seq it holds, in order, then synced', async () => {
    const { conv, visitorToken } = await conversationWith(5);
    const { client, welcome } = await helloVisitor(env.server.wsUrl, env.widgetKey, { visitorToken, resume: { [conv]: 1 } });
    await client.waitFor(isSynced(conv));
    const replay = replayAfter(client, conv, client.frames.indexOf(welcome));
    expect(seqsOf(replay)).toEqual([2, 3, 4, 5]);
    expect(replay.flatMap((f) => (f.t === 'msg' && 'text' in f ? [f.text] : []))).toEqual(['message 2', 'message 3', 'message 4', 'message 5']);
    expect(replay.at(-1)).toEqual({ t: 'synced', conv, upTo: 5, more: false });
    expect(replay).toHaveLength(5);
    client.close();
  });

  it('answers synced with upTo equal to the held seq when nothing is missing', async () => {
    const { conv, visitorToken } = await conversationWith(2);
    const { client } = await helloVisitor(env.server.wsUrl, env.widgetKey, { visitorToken, resume: { [conv]: 2 } });
    expect(await client.waitFor(isSynced(conv))).toEqual({ t: 'synced', conv, upTo: 2, more: false });
    expect(client.frames.filter((f) => f.t === 'msg')).toEqual([]);
    client.close();
  });

  it("sends an agent's resume as well", async () => {
    const { conv } = await conversationWith(3);
    const { client } = await helloAgent(env.server.wsUrl, env.adminToken, { [conv]: 0 });
    await client.waitFor(isSynced(conv));
    expect(seqsOf(replayAfter(client, conv, 0))).toEqual([1, 2, 3]);
    client.close();
  });
});

describe('sync', () => {
  it('pages with limit: more is true while entries remain and false on the last page', async () => {
    const { conv, visitorToken } = await conversationWith(5);
    const { client } = await helloVisitor(env.server.wsUrl, env.widgetKey, { visitorToken });

    let from = client.frames.length;
    await client.request({ t: 'sync', conv, after: 0, limit: 2 }, isSynced(conv));
    let page = replayAfter(client, conv, from);
    expect(seqsOf(page)).toEqual([1, 2]);
    expect(page.at(-1)).toEqual({ t: 'synced', conv, upTo: 2, more: true });

    from = client.frames.length;
    await client.request({ t: 'sync', conv, after: 2, limit: 3 }, isSynced(conv));
    page = replayAfter(client, conv, from);
    expect(seqsOf(page)).toEqual([3, 4, 5]);
    expect(page.at(-1)).toEqual({ t: 'synced', conv, upTo: 5, more: false });

    from = client.frames.length;
    await client.request({ t: 'sync', conv, after: 5 }, isSynced(conv));
    expect(replayAfter(client, conv, from)).toEqual([{ t: 'synced', conv, upTo: 5, more: false }]);
    client.close();
  });

  it("refuses a sync of another visitor's conversation with forbidden and sends nothing of it", async () => {
    const { conv } = await conversationWith(2);
    const { client } = await helloVisitor(env.server.wsUrl, env.widgetKey);
    await client.request({ t: 'sync', conv, after: 0 }, isError('forbidden'));
    await roundTrip(client);
    expect(client.frames.filter((f) => (f.t === 'msg' || f.t === 'synced') && f.conv === conv)).toEqual([]);
    client.close();
  });
});

describe('ack and read', () => {
  it('gives the agent a receipt with the seq the visitor read', async () => {
    const { agentWs, visitor, visitorId, conv } = await liveConversation();
    visitor.send({ t: 'ack', conv, seq: 2 });
    visitor.send({ t: 'read', conv, seq: 2 });
    const receipt = await agentWs.waitFor((f) => f.t === 'receipt' && f.conv === conv);
    expect(receipt).toEqual({ t: 'receipt', conv, from: { role: 'visitor', id: visitorId }, read: 2 });
    // The reader does not get its own receipt.
    await roundTrip(visitor);
    expect(visitor.frames.some((f) => f.t === 'receipt')).toBe(false);
    agentWs.close();
    visitor.close();
  });

  it('gives the visitor a receipt when the agent reads', async () => {
    const { agent, agentWs, visitor, conv } = await liveConversation();
    agentWs.send({ t: 'read', conv, seq: 1 });
    const receipt = await visitor.waitFor((f) => f.t === 'receipt' && f.conv === conv);
    expect(receipt).toMatchObject({ t: 'receipt', conv, from: { role: 'agent', id: agent.id }, read: 1 });
    agentWs.close();
    visitor.close();
  });

  it('refuses an ack or read past the end of the timeline with bad_frame, keeps the connection, and sends no receipt', async () => {
    const { agentWs, visitor, conv } = await liveConversation();
    await visitor.request({ t: 'ack', conv, seq: 3 }, isError('bad_frame'));
    await visitor.request({ t: 'read', conv, seq: 99 }, isError('bad_frame'));
    await roundTrip(visitor);
    await roundTrip(agentWs);
    expect(agentWs.frames.some((f) => f.t === 'receipt')).toBe(false);
    agentWs.close();
    visitor.close();
  });
});

describe('typing', () => {
  it('relays typing to the other side with from, and does not echo it to the sender', async () => {
    const { agent, agentWs, visitor, visitorId, conv } = await liveConversation();
    visitor.send({ t: 'typing', conv, on: true });
    const atAgent = await agentWs.waitFor((f) => f.t === 'typing' && f.conv === conv);
    expect(atAgent).toEqual({ t: 'typing', conv, from: { role: 'visitor', id: visitorId }, on: true });

    agentWs.send({ t: 'typing', conv, on: false });
    const atVisitor = await visitor.waitFor((f) => f.t === 'typing' && f.conv === conv);
    expect(atVisitor).toMatchObject({ t: 'typing', conv, from: { role: 'agent', id: agent.id }, on: false });

    await roundTrip(visitor);
    await roundTrip(agentWs);
    expect(visitor.frames.filter((f) => f.t === 'typing')).toEqual([atVisitor]);
    expect(agentWs.frames.filter((f) => f.t === 'typing')).toEqual([atAgent]);
    agentWs.close();
    visitor.close();
  });

  it('follows the conversation to its new holder: after a reassignment the new agent hears the typing, the old one no longer', async () => {
    const { agentWs: first, visitor, conv } = await liveConversation();
    visitor.send({ t: 'typing', conv, on: true });
    await first.waitFor((f) => f.t === 'typing' && f.conv === conv);

    const next = await createAgent(env.server.url, env.adminToken, 'Next Agent');
    const nextWs = (await helloAgent(env.server.wsUrl, next.token)).client;
    const assigned = await api(env.server.url, 'POST', `/api/v1/conversations/${conv}/assign`, { token: env.adminToken, body: { agentId: next.id } });
    expect(assigned.status).toBe(200);
    await nextWs.waitFor((f) => f.t === 'conv' && f.conv.id === conv && f.conv.assignee === next.id);

    visitor.send({ t: 'typing', conv, on: false });
    expect(await nextWs.waitFor((f) => f.t === 'typing' && f.conv === conv)).toMatchObject({ on: false });
    await roundTrip(first);
    expect(first.frames.filter((f) => f.t === 'typing').map((f) => f.t === 'typing' && f.on)).toEqual([true]);
    for (const client of [first, nextWs, visitor]) client.close();
  });

  it('is not part of the timeline: nothing is stored and a resume does not replay it', async () => {
    const { agentWs, visitor, conv } = await liveConversation();
    visitor.send({ t: 'typing', conv, on: true });
    await agentWs.waitFor((f) => f.t === 'typing');
    const res = await api<{ lastSeq: number }>(env.server.url, 'GET', `/api/v1/conversations/${conv}`, { token: env.adminToken });
    expect(res.body.lastSeq).toBe(2);
    const again = await helloAgent(env.server.wsUrl, env.adminToken, { [conv]: 0 });
    await again.client.waitFor(isSynced(conv));
    expect(again.client.frames.some((f) => f.t === 'typing')).toBe(false);
    agentWs.close();
    visitor.close();
    again.client.close();
  });
});
