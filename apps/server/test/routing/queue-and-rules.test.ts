// What a waiting visitor sees of the queue, and how a pre-chat choice routes to a team.
import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../support/api.js';
import { isType, TestClient } from '../support/ws-client.js';
import { env, getConv, setUp, tearDown, visitorWrites } from './harness.js';

afterEach(tearDown);

describe('a waiting visitor', () => {
  it('is told their place in the queue and an estimated wait, and moves up as others are served', async () => {
    const { admin, agents, widgetKey } = await setUp('2026-11-30T02:00:00Z', 1, { defaultCapacity: 1 });
    const first = await visitorWrites(widgetKey, 'first');
    expect((await getConv(admin, first.conv)).assignee).toBe(agents[0]!.id);
    const second = await visitorWrites(widgetKey, 'second');
    const third = await visitorWrites(widgetKey, 'third');

    const q2 = await second.ws.waitFor((f) => f.t === 'queue' && f.conv === second.conv);
    const q3 = await third.ws.waitFor((f) => f.t === 'queue' && f.conv === third.conv && f.position === 2);
    expect(q2).toMatchObject({ position: 1 });
    expect(q3).toMatchObject({ position: 2 });
    expect((q3 as { etaSec: number }).etaSec).toBeGreaterThan(0);

    // The agent finishes the first conversation: the second is served, the third moves up.
    const from = third.ws.frames.length;
    await api(env().url, 'POST', `/api/v1/conversations/${first.conv}/resolve`, { token: admin });
    await env().tick();
    expect((await getConv(admin, second.conv)).assignee).toBe(agents[0]!.id);
    const moved = await third.ws.waitFor((f) => f.t === 'queue' && f.conv === third.conv, 5_000, from);
    expect(moved).toMatchObject({ position: 1 });
  });
});

describe('a pre-chat choice', () => {
  it('routes to the team an attribute rule names, instead of the inbox default', async () => {
    const { admin, agents, widgetKey } = await setUp('2026-11-30T02:00:00Z', 2);
    const [general, billing] = agents as [(typeof agents)[0], (typeof agents)[0]];
    const generalTeam = await api<{ id: string }>(env().url, 'POST', '/api/v1/teams', { token: admin, body: { name: 'General', memberIds: [general.id] } });
    const billingTeam = await api<{ id: string }>(env().url, 'POST', '/api/v1/teams', { token: admin, body: { name: 'Billing', memberIds: [billing.id] } });
    const inboxes = await api<{ inboxes: Array<{ id: string }> }>(env().url, 'GET', '/api/v1/inboxes', { token: admin });
    await api(env().url, 'PATCH', `/api/v1/inboxes/${inboxes.body.inboxes[0]!.id}`, { token: admin, body: { defaultTeamId: generalTeam.body.id } });
    const rules = await api(env().url, 'PATCH', '/api/v1/settings/routing', {
      token: admin,
      body: { teamRules: [{ attribute: 'department', equals: 'billing', teamId: billingTeam.body.id }] },
    });
    expect(rules.status).toBe(200);

    // A visitor who picks "billing" in the pre-chat form.
    const ws = await TestClient.connect(env().wsUrl);
    const welcome = await ws.request({ t: 'hello', v: 1, role: 'visitor', widgetKey }, isType('welcome'));
    const profile = await api(env().url, 'POST', '/api/v1/widget/contact', {
      body: { widgetKey, visitorToken: welcome.visitorToken, name: 'Li Lei', attributes: { department: 'Billing' } },
    });
    expect(profile.status).toBe(200);
    const sent = await ws.request({ t: 'send', id: 'q1', text: '发票怎么开？' }, isType('sent'));
    await env().tick();
    expect(await getConv(admin, sent.conv)).toMatchObject({ team: billingTeam.body.id, assignee: billing.id });
    ws.close();

    // Another visitor with no choice goes to the inbox's default team.
    const plain = await visitorWrites(widgetKey, 'hello');
    expect(await getConv(admin, plain.conv)).toMatchObject({ team: generalTeam.body.id, assignee: general.id });
  });

  it('refuses a rule naming a team that does not exist', async () => {
    const { admin } = await setUp('2026-11-30T02:00:00Z', 0);
    const res = await api<{ error: { code: string; message: string } }>(env().url, 'PATCH', '/api/v1/settings/routing', {
      token: admin,
      body: { teamRules: [{ attribute: 'department', equals: 'x', teamId: 'no-such-team' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/teamRules\[0\]\.teamId/);
  });
});
