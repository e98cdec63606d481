// Conformance: send/sent, idempotent resends, msg delivery, notes (PROTOCOL.md "Send", "Receive").
import { describe, expect, it } from 'vitest';
import { api, createAgent, manualServerPerFile } from '../support/api.js';
import type { TestClient } from '../support/ws-client.js';
import { getConversation, helloAgent, helloVisitor, isError, isMsg, roundTrip, sendAndWait, startConversation, storedTimeline, type ConversationJson } from './helpers.js';

const env = manualServerPerFile();

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Seqs a client holds for a conversation: from `sent` and from `msg` frames. */
function heldSeqs(client: TestClient, conv: string): number[] {
  const seqs = client.frames.flatMap((f) => ((f.t === 'sent' || f.t === 'msg') && f.conv === conv ? [f.seq] : []));
  return [...new Set(seqs)].sort((a, b) => a - b);
}

/** A visitor with a conversation (seq 1), claimed over REST by an agent who is connected (seq 2). */
async function claimedConversation() {
  const agent = await createAgent(env.server.url, env.adminToken, 'Claimer');
  const agentWs = await helloAgent(env.server.wsUrl, agent.token);
  const visitor = await startConversation(env.server.wsUrl, env.widgetKey);
  const claim = await api<{ assignee: string; status: string }>(env.server.url, 'POST', `/api/v1/conversations/${visitor.conv}/claim`, { token: agent.token });
  expect(claim.status).toBe(200);
  expect(claim.body).toMatchObject({ assignee: agent.id, status: 'open' });
  await visitor.client.waitFor(isMsg(visitor.conv, 2));
  await agentWs.client.waitFor(isMsg(visitor.conv, 2));
  return { agent, agentWs: agentWs.client, visitor, conv: visitor.conv };
}

describe('send and sent', () => {
  it('creates a conversation for a visitor send without conv, answers sent, and tells agents with a conv frame', async () => {
    const agent = await helloAgent(env.server.wsUrl, env.adminToken);
    const { client, welcome } = await helloVisitor(env.server.wsUrl, env.widgetKey);
    const sent = await sendAndWait(client, { id: 'first-words', text: 'Hi, my order is late' });
    expect(sent).toMatchObject({ t: 'sent', id: 'first-words', conv: expect.any(String), seq: 1, msgId: expect.any(String) });
    expect(sent.at).toMatch(ISO);

    const conv = await agent.client.waitFor((f) => f.t === 'conv' && f.conv.id === sent.conv);
    expect(conv).toMatchObject({ t: 'conv', conv: { id: sent.conv, status: 'queued', assignee: null, lastSeq: 1 } });

    const timeline = await storedTimeline(env.server.url, env.adminToken, sent.conv);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({
      msgId: sent.msgId,
      seq: 1,
      kind: 'text',
      text: 'Hi, my order is late',
      clientMsgId: 'first-words',
      from: { role: 'visitor', id: welcome.visitorId },
    });
    client.close();
    agent.client.close();
  });

  it('answers the same seq and msgId when a send is repeated on the same connection, and stores nothing new', async () => {
    const { client, conv } = await startConversation(env.server.wsUrl, env.widgetKey);
    const first = await sendAndWait(client, { id: 'again', conv, text: 'Once' });
    const repeat = await sendAndWait(client, { id: 'again', conv, text: 'Once' });
    expect(repeat).toEqual(first);
    const next = await sendAndWait(client, { id: 'after-again', conv, text: 'Twice' });
    expect(next.seq).toBe(first.seq + 1);
    expect((await storedTimeline(env.server.url, env.adminToken, conv)).map((e) => e.clientMsgId).filter((id) => id === 'again')).toHaveLength(1);
    client.close();
  });

  it('answers a repeat sent after the conversation was resolved with what was stored, and does not reopen it', async () => {
    const { client, conv } = await startConversation(env.server.wsUrl, env.widgetKey);
    const first = await sendAndWait(client, { id: 'before-resolve', conv, text: 'Thanks, that was all' });
    const resolved = await api<ConversationJson>(env.server.url, 'POST', `/api/v1/conversations/${conv}/resolve`, { token: env.adminToken });
    expect(resolved.body.status).toBe('resolved');

    // The client never saw its `sent` (say the connection dropped) and sends the same message again.
    const repeat = await sendAndWait(client, { id: 'before-resolve', conv, text: 'Thanks, that was all' });
    expect(repeat).toEqual(first);
    expect((await getConversation(env.server.url, env.adminToken, conv)).status).toBe('resolved');
    expect((await storedTimeline(env.server.url, env.adminToken, conv)).filter((e) => e.data?.event === 'reopened')).toEqual([]);

    // A new message still reopens it.
    const next = await sendAndWait(client, { id: 'after-resolve', conv, text: 'One more thing' });
    expect(next.seq).toBeGreaterThan(first.seq);
    expect((await getConversation(env.server.url, env.adminToken, conv)).status).not.toBe('resolved');
    client.close();
  });

  it('answers the same sent when a send is repeated on a new connection, with or without conv', async () => {
    const { client, welcome } = await helloVisitor(env.server.wsUrl, env.widgetKey);
    const first = await sendAndWait(client, { id: 'opening', text: 'Starting a chat' });
    client.close();

    const back = await helloVisitor(env.server.wsUrl, env.widgetKey, { visitorToken: welcome.visitorToken! });
    const resentAsFirst = await sendAndWait(back.client, { id: 'opening', text: 'Starting a chat' });
    const resentWithConv = await sendAndWait(back.client, { id: 'opening', conv: first.conv, text: 'Starting a chat' });
    for (const resent of [resentAsFirst, resentWithConv]) {
      expect(resent).toMatchObject({ id: 'opening', conv: first.conv, seq: 1, msgId: first.msgId, at: first.at });
    }
    expect(await storedTimeline(env.server.url, env.adminToken, first.conv)).toHaveLength(1);
    back.client.close();
  });

  it('keeps the sends of two visitors apart even when their client ids are equal', async () => {
    const a = await helloVisitor(env.server.wsUrl, env.widgetKey);
    const b = await helloVisitor(env.server.wsUrl, env.widgetKey);
    const sentA = await sendAndWait(a.client, { id: 'msg-1', text: 'From A' });
    const sentB = await sendAndWait(b.client, { id: 'msg-1', text: 'From B' });
    expect(sentB.conv).not.toBe(sentA.conv);
    expect(sentB.msgId).not.toBe(sentA.msgId);
    expect((await storedTimeline(env.server.url, env.adminToken, sentB.conv)).map((e) => e.text)).toEqual(['From B']);
    a.client.close();
    b.client.close();
  });

  it('refuses an agent send without conv with bad_frame and ref', async () => {
    const agent = await helloAgent(env.server.wsUrl, env.adminToken);
    await agent.client.request({ t: 'send', id: 'agent-no-conv', text: 'Hello?' }, isError('bad_frame', 'agent-no-conv'));
    await roundTrip(agent.client);
    agent.client.close();
  });
});

describe('msg delivery', () => {
  it("delivers a visitor's message to the agent who claimed it, and the agent's reply to the visitor", async () => {
    const { agent, agentWs, visitor, conv } = await claimedConversation();
    const assigned = visitor.client.frames.find(isMsg(conv, 2));
    expect(assigned).toMatchObject({ kind: 'event', data: { event: 'assigned', agentId: agent.id }, from: { role: 'agent', id: agent.id } });

    const fromVisitor = await sendAndWait(visitor.client, { id: 'v-2', conv, text: 'Where is my parcel?' });
    expect(fromVisitor.seq).toBe(3);
    const received = await agentWs.waitFor(isMsg(conv, 3));
    expect(received).toEqual({
      t: 'msg',
      conv,
      seq: 3,
      msgId: fromVisitor.msgId,
      at: fromVisitor.at,
      from: { role: 'visitor', id: visitor.welcome.visitorId },
      kind: 'text',
      text: 'Where is my parcel?',
    });

    const reply = await sendAndWait(agentWs, { id: 'a-1', conv, text: 'It ships today' });
    expect(reply.seq).toBe(4);
    const answer = await visitor.client.waitFor(isMsg(conv, 4));
    expect(answer).toMatchObject({ msgId: reply.msgId, from: { role: 'agent', id: agent.id }, kind: 'text', text: 'It ships today' });

    // The sender's own connection gets `sent`, not its own message back.
    await roundTrip(visitor.client);
    await roundTrip(agentWs);
    expect(visitor.client.frames.filter(isMsg(conv, 3))).toEqual([]);
    expect(agentWs.frames.filter(isMsg(conv, 4))).toEqual([]);
    expect(heldSeqs(visitor.client, conv)).toEqual([1, 2, 3, 4]);
    agentWs.close();
    visitor.client.close();
  });

  it('delivers an agent note to agents as a note and to the visitor as a hidden placeholder, without a gap', async () => {
    const { agentWs, visitor, conv } = await claimedConversation();
    const colleague = await helloAgent(env.server.wsUrl, env.adminToken);
    await colleague.client.request({ t: 'sync', conv, after: 2 }, (f) => f.t === 'synced' && f.conv === conv);

    const note = await sendAndWait(agentWs, { id: 'note-1', conv, kind: 'note', text: 'VIP customer, refund freely' });
    expect(note.seq).toBe(3);
    const asAgent = await colleague.client.waitFor(isMsg(conv, 3));
    expect(asAgent).toMatchObject({ kind: 'note', text: 'VIP customer, refund freely', msgId: note.msgId });

    const placeholder = await visitor.client.waitFor(isMsg(conv, 3));
    expect(placeholder).toEqual({ t: 'msg', conv, seq: 3, kind: 'hidden' });
    const after = await sendAndWait(agentWs, { id: 'after-note', conv, text: 'Refund issued' });
    await visitor.client.waitFor(isMsg(conv, after.seq));
    expect(heldSeqs(visitor.client, conv)).toEqual([1, 2, 3, 4]);

    // A visitor's sync shows the same placeholder; the note's text never reaches the visitor.
    const from = visitor.client.frames.length;
    await visitor.client.request({ t: 'sync', conv, after: 0 }, (f) => f.t === 'synced' && f.conv === conv);
    expect(visitor.client.frames.slice(from).find(isMsg(conv, 3))).toEqual({ t: 'msg', conv, seq: 3, kind: 'hidden' });
    expect(JSON.stringify(visitor.client.frames)).not.toContain('VIP customer');
    agentWs.close();
    colleague.client.close();
    visitor.client.close();
  });

  it("refuses a visitor's note with bad_frame and ref, and stores nothing", async () => {
    const { client, conv } = await startConversation(env.server.wsUrl, env.widgetKey);
    const refusal = await client.request({ t: 'send', id: 'sneaky', conv, kind: 'note', text: 'I am an agent' }, (f) => f.t === 'error' || f.t === 'sent');
    // docs/errors.md lists "a note from a visitor" under bad_frame, connection stays open.
    expect(refusal).toMatchObject({ t: 'error', code: 'bad_frame', ref: 'sneaky' });
    await roundTrip(client);
    expect((await storedTimeline(env.server.url, env.adminToken, conv)).map((e) => e.seq)).toEqual([1]);
    client.close();
  });
});
