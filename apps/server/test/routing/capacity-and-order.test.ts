// 200 conversations arrive at once for 10 agents of capacity 5, with mixed priorities: nobody is
// ever over capacity (as the store counts it), nothing is assigned twice, the queue is served in
// order (priority, then arrival), and every queued conversation is assigned as capacity frees.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { isType, TestClient } from '../support/ws-client.js';

const AGENTS = 10;
const CAPACITY = 5;
const CONVERSATIONS = 200;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const RANK = { urgent: 3, high: 2, normal: 1, low: 0 } as const;

interface ConvJson {
  id: string;
  status: string;
  assignee: string | null;
  priority: keyof typeof RANK;
  queuedAt: string | null;
  assignedAt: string | null;
}

describe('routing 200 conversations to 10 agents of capacity 5', () => {
  let server: ServerProcess;
  let admin: string;
  const sockets: Array<WebSocket | TestClient> = [];

  beforeAll(async () => {
    server = await startServer({ env: { KEFU_RATE_PER_SEC: '10000', KEFU_RATE_BURST: '10000', KEFU_ROUTING_TICK_MS: '200' } });
    admin = await loginAdmin(server.url);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server.stop();
  });

  it('never exceeds capacity, assigns each once, and serves the queue in order', async () => {
    const settings = await api(server.url, 'PATCH', '/api/v1/settings/routing', { token: admin, body: { defaultCapacity: CAPACITY, poolPolicy: 'least_busy' } });
    expect(settings.status).toBe(200);
    // The admin takes no conversations in this test.
    const me = await api<{ agent: { id: string } }>(server.url, 'GET', '/api/v1/me', { token: admin });
    await api(server.url, 'PATCH', `/api/v1/agents/${me.body.agent.id}`, { token: admin, body: { capacity: 0 } });

    const agents = await Promise.all(Array.from({ length: AGENTS }, (_, i) => createAgent(server.url, admin, `Agent ${i}`)));
    for (const agent of agents) {
      const client = await TestClient.connect(server.wsUrl);
      sockets.push(client);
      await client.request({ t: 'hello', v: 1, role: 'agent', token: agent.token }, isType('welcome'));
    }

    // The store's own count, polled all along: the highest number of open conversations any agent held.
    let maxOpen = 0;
    let monitoring = true;
    const monitor = (async () => {
      while (monitoring) {
        const res = await api<{ agents: Array<{ id: string; open: number }> }>(server.url, 'GET', '/api/v1/agents/availability', { token: admin });
        for (const a of res.body.agents) maxOpen = Math.max(maxOpen, a.open);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    // 200 visitors write at once.
    const widgetKey = await firstWidgetKey(server.url, admin);
    const convIds = await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, i) => {
        const v = await TestClient.connect(server.wsUrl);
        sockets.push(v);
        await v.request({ t: 'hello', v: 1, role: 'visitor', widgetKey }, isType('welcome'));
        const sent = await v.request({ t: 'send', id: `hello-${i}`, text: `visitor ${i} needs help` }, isType('sent'), 15_000);
        return sent.conv;
      }),
    );
    expect(new Set(convIds).size).toBe(CONVERSATIONS);

    const list = async (query: string) =>
      (await api<{ conversations: ConvJson[] }>(server.url, 'GET', `/api/v1/conversations?limit=500&${query}`, { token: admin })).body.conversations;
    const until = async (what: string, check: () => Promise<boolean>) => {
      const deadline = Date.now() + 20_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    // Every agent fills up to capacity; the other 150 wait.
    await until('50 assigned', async () => (await list('status=open')).length === AGENTS * CAPACITY);
    const queued = await list('status=queued');
    expect(queued).toHaveLength(CONVERSATIONS - AGENTS * CAPACITY);

    // Mixed priorities on the waiting ones; the queue reorders.
    for (const [i, c] of queued.entries()) {
      const priority = PRIORITIES[i % PRIORITIES.length]!;
      expect((await api(server.url, 'POST', `/api/v1/conversations/${c.id}/priority`, { token: admin, body: { priority } })).status).toBe(200);
    }
    const queue = (await api<{ conversations: ConvJson[] }>(server.url, 'GET', '/api/v1/queue?limit=500', { token: admin })).body.conversations;
    const expected = [...queue].sort((a, b) => RANK[b.priority] - RANK[a.priority] || a.queuedAt!.localeCompare(b.queuedAt!) || a.id.localeCompare(b.id));
    expect(queue.map((c) => c.id)).toEqual(expected.map((c) => c.id));

    // Agents resolve one conversation at a time, round after round; each freed slot takes the head of the queue.
    const servedOrder: string[] = [];
    for (let round = 0; servedOrder.length < queue.length; round += 1) {
      const agent = agents[round % AGENTS]!;
      const mine = await list(`status=open&assignee=${agent.id}`);
      expect(mine.length).toBeLessThanOrEqual(CAPACITY);
      const done = mine[0]!;
      expect((await api(server.url, 'POST', `/api/v1/conversations/${done.id}/resolve`, { token: agent.token })).status).toBe(200);
      await until(`a replacement for ${agent.id}`, async () => (await list(`status=open&assignee=${agent.id}`)).length === CAPACITY);
      const now = (await list(`status=open&assignee=${agent.id}`)).filter((c) => !mine.some((m) => m.id === c.id));
      servedOrder.push(...now.map((c) => c.id));
    }
    monitoring = false;
    await monitor;

    // Served strictly in queue order.
    expect(servedOrder).toEqual(expected.map((c) => c.id));
    expect(maxOpen).toBeLessThanOrEqual(CAPACITY);
    expect(maxOpen).toBe(CAPACITY);

    // Each conversation was assigned exactly once: one `assigned` event in its timeline.
    for (const id of convIds) {
      const page = await api<{ messages: Array<{ kind: string; data: { event?: string } | null }> }>(server.url, 'GET', `/api/v1/conversations/${id}/messages?limit=100`, { token: admin });
      expect(page.body.messages.filter((m) => m.kind === 'event' && m.data?.event === 'assigned')).toHaveLength(1);
    }
    console.log(`routing test: ${CONVERSATIONS} conversations, ${AGENTS} agents × ${CAPACITY}; highest open count seen in the store: ${maxOpen}; ${servedOrder.length} served from the queue in order`);
  }, 120_000);
});
