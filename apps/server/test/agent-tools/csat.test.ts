// Satisfaction ratings against the real server: a visitor rates their own resolved conversation
// with their visitor token; the rating goes to the agent who held it; agents read the report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin, useManualRouting } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { visitorWrites, type Visitor } from './visitor.js';

interface Report {
  from: string;
  to: string;
  summary: { count: number; average: number | null; byRating: Record<string, number> };
  latest: Array<{ conversationId: string; agentId: string | null; rating: number; comment: string }>;
}

describe('CSAT', () => {
  let server: ServerProcess;
  let admin: string;
  let widgetKey: string;
  let lin: { token: string; id: string };
  let mei: { token: string; id: string };
  let first: Visitor;
  let second: Visitor;
  let third: Visitor;
  let stillOpen: Visitor;

  /** An agent takes the conversation and resolves it. */
  const serve = async (token: string, v: Visitor) => {
    expect((await api(server.url, 'POST', `/api/v1/conversations/${v.conversationId}/claim`, { token })).status).toBe(200);
    expect((await api(server.url, 'POST', `/api/v1/conversations/${v.conversationId}/resolve`, { token })).status).toBe(200);
  };

  beforeAll(async () => {
    server = await startServer();
    admin = await loginAdmin(server.url);
    await useManualRouting(server.url, admin);
    widgetKey = await firstWidgetKey(server.url, admin);
    lin = await createAgent(server.url, admin, 'Lin');
    mei = await createAgent(server.url, admin, 'Mei');
    first = await visitorWrites(server.wsUrl, widgetKey, '我的快递丢了');
    second = await visitorWrites(server.wsUrl, widgetKey, 'Wrong size');
    third = await visitorWrites(server.wsUrl, widgetKey, 'App crashes');
    stillOpen = await visitorWrites(server.wsUrl, widgetKey, 'Hello?');
    await serve(lin.token, first);
    await serve(lin.token, second);
    await serve(mei.token, third);
  });
  afterAll(async () => {
    await server.stop();
  });

  const rate = (v: Visitor, rating: number, extra: Record<string, unknown> = {}) =>
    api<{ agentId: string | null; rating: number; error?: { code: string } }>(server.url, 'POST', '/api/v1/widget/csat', {
      body: { widgetKey, visitorToken: v.visitorToken, conversationId: v.conversationId, rating, ...extra },
    });
  const report = (query: string, token = lin.token) => api<Report>(server.url, 'GET', `/api/v1/reports/csat${query}`, { token });

  it('refuses a rating by another visitor with 403', async () => {
    const res = await rate({ ...first, visitorToken: second.visitorToken }, 5);
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('forbidden');
  });

  it('refuses a rating of a conversation that is not resolved with 409', async () => {
    const res = await rate(stillOpen, 5);
    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe('conflict');
  });

  it('refuses a rating outside 1 to 5 with 400', async () => {
    expect((await rate(first, 6)).status).toBe(400);
    expect((await rate(first, 0)).status).toBe(400);
    expect((await rate(first, 4.5)).status).toBe(400);
  });

  it('refuses a forged token or an unknown widget key with 401', async () => {
    expect((await rate({ ...first, visitorToken: `${first.visitorToken}x` }, 5)).status).toBe(401);
    expect((await rate(first, 5, { widgetKey: 'wk_nosuch' })).status).toBe(401);
  });

  it('stores nothing for a refused rating', async () => {
    expect((await report('')).body.summary.count).toBe(0);
  });

  it('credits the rating to the agent who held the conversation and records it in the timeline', async () => {
    const res = await rate(first, 3, { comment: '太慢了' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ agentId: lin.id, rating: 3 });
    const page = await api<{ messages: Array<{ kind: string; data: Record<string, unknown> | null }> }>(
      server.url,
      'GET',
      `/api/v1/conversations/${first.conversationId}/messages`,
      { token: lin.token },
    );
    const events = page.body.messages.filter((m) => m.kind === 'event' && m.data?.event === 'csat_submitted');
    expect(events.map((e) => e.data?.rating)).toEqual([3]);
  });

  it('reports count, average and latest ratings, per agent and for everyone', async () => {
    expect((await rate(first, 4)).status).toBe(201); // a changed mind replaces the 3
    expect((await rate(second, 5)).status).toBe(201);
    expect((await rate(third, 1)).status).toBe(201);

    const linOnly = await report(`?agentId=${lin.id}`, mei.token);
    expect(linOnly.status).toBe(200);
    expect(linOnly.body.summary).toMatchObject({ count: 2, average: 4.5 });
    expect(linOnly.body.summary.byRating).toMatchObject({ 4: 1, 5: 1, 1: 0 });
    expect(linOnly.body.latest.map((r) => r.conversationId).sort()).toEqual([first.conversationId, second.conversationId].sort());

    const everyone = await report('');
    expect(everyone.body.summary.count).toBe(3);
    expect(everyone.body.summary.average).toBeCloseTo(10 / 3, 5);
    expect(everyone.body.latest).toHaveLength(3);
  });

  it('reports only the range asked for, and refuses a range that is not ISO dates', async () => {
    const past = await report('?from=2020-01-01&to=2020-01-02');
    expect(past.status).toBe(200);
    expect(past.body.summary).toMatchObject({ count: 0, average: null });
    expect((await report('?from=yesterday')).status).toBe(400);
    expect((await report('?from=2030-01-02&to=2030-01-01')).status).toBe(400);
    expect((await api(server.url, 'GET', '/api/v1/reports/csat')).status).toBe(401);
  });
});
