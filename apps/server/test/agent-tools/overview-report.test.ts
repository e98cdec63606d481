// The admins' overview against the real server: conversations by status, the queue, and
// first-response time, resolution time and satisfaction counted from what visitors and agents did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin, useManualRouting } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { visitorWrites, type Visitor } from './visitor.js';

interface Overview {
  hours: number;
  active: { bot: number; queued: number; open: number };
  queue: { length: number; longestWaitMs: number | null };
  agents: { online: number; away: number; offline: number; total: number };
  created: number;
  firstResponse: { count: number; averageMs: number | null; medianMs: number | null };
  resolution: { count: number; averageMs: number | null; medianMs: number | null };
  csat: { count: number; average: number | null };
  series: Array<{ from: string; created: number; resolved: number; firstResponseAvgMs: number | null; csatAvg: number | null }>;
  truncated: boolean;
}

describe('overview report', () => {
  let server: ServerProcess;
  let admin: string;
  let agent: { token: string; id: string };
  let answered: Visitor;

  beforeAll(async () => {
    server = await startServer();
    admin = await loginAdmin(server.url);
    await useManualRouting(server.url, admin);
    const widgetKey = await firstWidgetKey(server.url, admin);
    agent = await createAgent(server.url, admin, 'Ode');
    answered = await visitorWrites(server.wsUrl, widgetKey, 'Where is my parcel?');
    const held = await visitorWrites(server.wsUrl, widgetKey, 'Can I change my address?');
    await visitorWrites(server.wsUrl, widgetKey, 'Still waiting here');
    for (const v of [answered, held]) {
      expect((await api(server.url, 'POST', `/api/v1/conversations/${v.conversationId}/claim`, { token: agent.token })).status).toBe(200);
      const reply = await api(server.url, 'POST', `/api/v1/conversations/${v.conversationId}/messages`, { token: agent.token, body: { text: 'Let me check' } });
      expect(reply.status).toBe(201);
    }
    expect((await api(server.url, 'POST', `/api/v1/conversations/${answered.conversationId}/resolve`, { token: agent.token })).status).toBe(200);
    const rated = await api(server.url, 'POST', '/api/v1/widget/csat', {
      body: { widgetKey, visitorToken: answered.visitorToken, conversationId: answered.conversationId, rating: 4 },
    });
    expect(rated.status).toBe(201);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('is for admins only', async () => {
    const res = await api<{ error: { code: string } }>(server.url, 'GET', '/api/v1/reports/overview', { token: agent.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it('counts the conversations by status, the queue, response and resolution times and ratings', async () => {
    const res = await api<Overview>(server.url, 'GET', '/api/v1/reports/overview', { token: admin });
    expect(res.status).toBe(200);
    const o = res.body;
    expect(o.hours).toBe(24);
    expect(o.active).toEqual({ bot: 0, queued: 1, open: 1 });
    expect(o.queue.length).toBe(1);
    expect(o.queue.longestWaitMs).toBeGreaterThanOrEqual(0);
    expect(o.agents.total).toBe(2);
    expect(o.created).toBe(3);
    expect(o.firstResponse.count).toBe(2);
    expect(o.firstResponse.averageMs).toBeGreaterThanOrEqual(0);
    expect(o.resolution.count).toBe(1);
    expect(o.csat).toMatchObject({ count: 1, average: 4 });
    expect(o.series).toHaveLength(24);
    expect(o.series.reduce((n, b) => n + b.created, 0)).toBe(3);
    expect(o.series.reduce((n, b) => n + b.resolved, 0)).toBe(1);
    expect(o.truncated).toBe(false);
  });

  it('takes a window of 1 to 168 hours', async () => {
    expect((await api<Overview>(server.url, 'GET', '/api/v1/reports/overview?hours=1', { token: admin })).body.series).toHaveLength(1);
    expect((await api(server.url, 'GET', '/api/v1/reports/overview?hours=0', { token: admin })).status).toBe(400);
    expect((await api(server.url, 'GET', '/api/v1/reports/overview?hours=169', { token: admin })).status).toBe(400);
  });
});
