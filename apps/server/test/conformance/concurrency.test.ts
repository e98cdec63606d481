// Conformance under contention: concurrent resends store once; concurrent claims have one winner.
import { describe, expect, it } from 'vitest';
import { api, createAgent, manualServerPerFile } from '../support/api.js';
import type { TestClient } from '../support/ws-client.js';
import { closeAll, getConversation, helloVisitor, isSent, startConversation, storedTimeline, waitForCount } from './helpers.js';

const env = manualServerPerFile();

describe('concurrency', () => {
  it('answers 100 concurrent repeats of one send over 10 connections of one visitor with one seq, and stores it once', async () => {
    const started = await startConversation(env.server.wsUrl, env.widgetKey);
    const { conv } = started;
    const connections: TestClient[] = [started.client];
    const more = await Promise.all(
      Array.from({ length: 9 }, () => helloVisitor(env.server.wsUrl, env.widgetKey, { visitorToken: started.welcome.visitorToken! })),
    );
    for (const v of more) {
      expect(v.welcome.visitorId).toBe(started.welcome.visitorId);
      connections.push(v.client);
    }

    const marks = connections.map((c) => c.frames.length);
    const frame = { t: 'send', id: 'same-everywhere', conv, text: 'Is anyone there?' };
    for (let round = 0; round < 10; round++) for (const c of connections) c.send(frame);
    const answers = await Promise.all(connections.map((c, i) => waitForCount(c, (f) => f.t === 'sent' || f.t === 'error', 10, 15_000, marks[i])));

    const all = answers.flat();
    expect(all.filter((f) => f.t === 'error')).toEqual([]);
    const sent = all.filter(isSent('same-everywhere'));
    expect(sent).toHaveLength(100);
    expect(new Set(sent.map((s) => `${s.conv}/${s.seq}/${s.msgId}`))).toEqual(new Set([`${conv}/2/${sent[0]!.msgId}`]));

    const timeline = await storedTimeline(env.server.url, env.adminToken, conv);
    expect(timeline.filter((e) => e.clientMsgId === 'same-everywhere')).toHaveLength(1);
    expect(timeline.map((e) => e.seq)).toEqual([1, 2]);
    expect((await getConversation(env.server.url, env.adminToken, conv)).lastSeq).toBe(2);
    closeAll(...connections);
  });

  it('gives 20 concurrent claims of one conversation by 20 agents exactly one winner and 19 conflicts', async () => {
    const agents = await Promise.all(Array.from({ length: 20 }, (_, i) => createAgent(env.server.url, env.adminToken, `Racer ${i}`)));
    const started = await startConversation(env.server.wsUrl, env.widgetKey);
    started.client.close();

    const results = await Promise.all(
      agents.map(async (agent) => ({ agent, res: await api<{ assignee?: string; error?: { code: string } }>(env.server.url, 'POST', `/api/v1/conversations/${started.conv}/claim`, { token: agent.token }) })),
    );
    const winners = results.filter((r) => r.res.status === 200);
    const losers = results.filter((r) => r.res.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    for (const l of losers) expect(l.res.body.error?.code).toBe('conflict');

    const winner = winners[0]!.agent;
    expect(winners[0]!.res.body.assignee).toBe(winner.id);
    const stored = await getConversation(env.server.url, env.adminToken, started.conv);
    expect(stored).toMatchObject({ assignee: winner.id, status: 'open', lastSeq: 2 });
    const events = (await storedTimeline(env.server.url, env.adminToken, started.conv)).filter((e) => e.kind === 'event');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ event: 'assigned', agentId: winner.id });
  });
});
