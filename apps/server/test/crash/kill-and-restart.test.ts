// Crash test: visitor–agent pairs chat while clients drop at random and the server is killed
// with SIGKILL halfway, then restarted on the same data directory. Nothing acknowledged may be
// lost, nothing may be stored twice, and every client must end up holding the whole timeline.
import { afterAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin, useManualRouting } from '../support/api.js';
import { ResilientClient, type Ack } from '../support/resilient-client.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

const PAIRS = 50;
const MESSAGES = 20_000;
const PER_CLIENT = MESSAGES / (PAIRS * 2);
/** In-flight sends per client; the rest wait their turn, as a user typing fast would. */
const WINDOW = 8;

const SERVER_ENV = { KEFU_RATE_PER_SEC: '100000', KEFU_RATE_BURST: '100000' };

interface Pair {
  conv: string;
  visitor: ResilientClient;
  agent: ResilientClient;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends `count` messages with a window of unacknowledged ones; survives reconnects (the outbox resends). */
async function chat(client: ResilientClient, prefix: string, count: number, conv: string): Promise<void> {
  let next = 0;
  while (next < count || client.outbox.size > 0) {
    while (next < count && client.outbox.size < WINDOW) {
      client.send(`${prefix}-${next}`, `${prefix} says ${next} 你好`, conv);
      next += 1;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('a server killed with SIGKILL mid-traffic', () => {
  let server: ServerProcess;
  const clients: ResilientClient[] = [];

  afterAll(async () => {
    for (const c of clients) c.stop();
    await server?.stop();
  });

  it('loses no acknowledged message, stores none twice, and every client holds the whole timeline', async () => {
    server = await startServer({ env: SERVER_ENV });
    const admin = await loginAdmin(server.url);
    await useManualRouting(server.url, admin);
    const widgetKey = await firstWidgetKey(server.url, admin);

    // Each pair: a visitor opens a conversation with its first message; an agent claims it.
    const pairs: Pair[] = [];
    for (let i = 0; i < PAIRS; i += 1) {
      const visitor = new ResilientClient(server.wsUrl, { t: 'hello', v: 1, role: 'visitor', widgetKey });
      clients.push(visitor);
      visitor.start();
      visitor.send(`v${i}-0`, `visitor ${i} says 0 你好`);
      const first = await visitor.acked(`v${i}-0`);
      const agentLogin = await createAgent(server.url, admin, `Agent ${i}`);
      const claim = await api(server.url, 'POST', `/api/v1/conversations/${first.conv}/claim`, { token: agentLogin.token });
      expect(claim.status).toBe(200);
      const agent = new ResilientClient(server.wsUrl, { t: 'hello', v: 1, role: 'agent', token: agentLogin.token }, new Set([first.conv]));
      clients.push(agent);
      agent.start();
      pairs.push({ conv: first.conv, visitor, agent });
    }
    await until(() => clients.every((c) => c.isReady), 10_000, 'all clients welcomed');

    // Flaky networks: every 50 ms one random client loses its connection without a close frame.
    const chaos = setInterval(() => clients[Math.floor(Math.random() * clients.length)]!.drop(), 50);
    // A visitor's chat starts again at id 0: a resend of its opening message, which must store nothing new.
    const traffic = pairs.flatMap((p, i) => [chat(p.visitor, `v${i}`, PER_CLIENT, p.conv), chat(p.agent, `a${i}`, PER_CLIENT, p.conv)]);
    const ackedTotal = () => clients.reduce((n, c) => n + c.acks.size, 0);

    await until(() => ackedTotal() >= MESSAGES / 2, 120_000, 'half of the messages acknowledged');
    const port = server.port;
    const dataDir = server.dataDir;
    await server.kill9();
    const ackedBeforeCrash = new Map<string, Ack>();
    for (const c of clients) for (const [id, ack] of c.acks) ackedBeforeCrash.set(id, ack);
    await new Promise((r) => setTimeout(r, 300));
    server = await startServer({ dataDir, port, env: SERVER_ENV });

    await Promise.all(traffic);
    clearInterval(chaos);
    await until(() => clients.every((c) => c.isReady && c.outbox.size === 0), 30_000, 'every outbox empty');

    // Every client must converge on the whole timeline through live msgs, resume and replay.
    let entriesChecked = 0;
    let acksChecked = 0;
    const stored = new Map<string, { seq: number; msgId: string }>();
    for (const [i, pair] of pairs.entries()) {
      const page = await api<{ messages: Array<{ seq: number; msgId: string; clientMsgId: string; kind: string }> }>(
        server.url,
        'GET',
        `/api/v1/conversations/${pair.conv}/messages?after=0&limit=1000`,
        { token: admin },
      );
      expect(page.status).toBe(200);
      const timeline = page.body.messages;
      // seq runs 1..N with no gap and no repeat
      expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, k) => k + 1));
      // each client message id is stored exactly once
      const byClientId = new Map<string, number>();
      for (const e of timeline) {
        byClientId.set(e.clientMsgId, (byClientId.get(e.clientMsgId) ?? 0) + 1);
        stored.set(e.clientMsgId, e);
      }
      expect([...byClientId.values()].every((n) => n === 1)).toBe(true);
      // every acknowledged send is there, with the seq and msgId it was acknowledged with
      for (const client of [pair.visitor, pair.agent]) {
        for (const [id, ack] of client.acks) {
          const stored = timeline.find((e) => e.clientMsgId === id);
          expect(stored, `acked ${id} is stored`).toBeDefined();
          expect(stored!.seq).toBe(ack.seq);
          expect(stored!.msgId).toBe(ack.msgId);
          acksChecked += 1;
        }
      }
      // both sides hold exactly the stored timeline
      await until(
        () => [pair.visitor, pair.agent].every((c) => c.contiguous(pair.conv) === timeline.length),
        15_000,
        `pair ${i} holds all ${timeline.length} entries`,
      );
      for (const client of [pair.visitor, pair.agent]) {
        const held = client.held.get(pair.conv)!;
        expect(held.size).toBe(timeline.length);
        for (const e of timeline) expect(held.get(e.seq)).toBe(e.msgId);
        expect(client.violations).toEqual([]);
      }
      entriesChecked += timeline.length;
    }
    for (const [id, ack] of ackedBeforeCrash) {
      expect(stored.get(id), `${id}, acknowledged before the crash, is stored with its seq`).toMatchObject({ seq: ack.seq, msgId: ack.msgId });
    }

    const reconnects = clients.reduce((n, c) => n + c.connects - 1, 0);
    const messagesAcked = clients.reduce((n, c) => n + c.acks.size, 0);
    console.log(
      `crash test: ${PAIRS} pairs, ${messagesAcked} sends acknowledged (${ackedBeforeCrash.size} before SIGKILL), ` +
        `${acksChecked} acks checked against the store, ${entriesChecked} timeline entries checked on both sides, ` +
        `${reconnects} reconnects`,
    );
    expect(messagesAcked).toBe(MESSAGES);
  }, 240_000);
});
