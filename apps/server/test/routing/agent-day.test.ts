// Transfers accepted, declined and to a team, and returning visitors, on a fake clock.
import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../support/api.js';
import { env, events, getConv, setUp, tearDown, timeline, visitorWrites } from './harness.js';

afterEach(tearDown);

describe('transfers', () => {
  it('offers a conversation to another agent, who sees it live and accepts it', async () => {
    const { admin, agents, widgetKey } = await setUp('2026-11-30T02:00:00Z', 2);
    const [a, b] = agents as [(typeof agents)[0], (typeof agents)[0]];
    const { conv } = await visitorWrites(widgetKey, '我要退货');
    const holder = (await getConv(admin, conv)).assignee === a.id ? a : b;
    const other = holder === a ? b : a;

    const from = other.ws.frames.length;
    const res = await api(env().url, 'POST', `/api/v1/conversations/${conv}/transfer`, { token: holder.token, body: { agentId: other.id, note: 'VIP, handle with care' } });
    expect(res.status).toBe(200);
    const offered = await other.ws.waitFor((f) => f.t === 'conv' && f.conv.id === conv && f.conv.pendingTransferTo === other.id, 5_000, from);
    expect(offered).toBeDefined();
    expect((await getConv(admin, conv)).assignee).toBe(holder.id);

    expect((await api(env().url, 'POST', `/api/v1/conversations/${conv}/transfer/accept`, { token: other.token })).status).toBe(200);
    const after = await getConv(admin, conv);
    expect(after).toMatchObject({ assignee: other.id, pendingTransferTo: null, status: 'open' });
    const entries = await timeline(admin, conv);
    expect(entries.some((e) => e.kind === 'note' && e.text === 'VIP, handle with care')).toBe(true);
    expect(await events(admin, conv)).toEqual(['assigned', 'transfer_requested', 'transferred']);
    // Accepting twice, or by someone not offered, is refused.
    expect((await api(env().url, 'POST', `/api/v1/conversations/${conv}/transfer/accept`, { token: holder.token })).status).toBe(409);
  });

  it('sends a declined transfer back to routing, which assigns it again', async () => {
    const { admin, agents, widgetKey } = await setUp('2026-11-30T02:00:00Z', 2);
    const { conv } = await visitorWrites(widgetKey, 'hello');
    const first = (await getConv(admin, conv)).assignee!;
    const other = agents.find((x) => x.id !== first)!;
    await api(env().url, 'POST', `/api/v1/conversations/${conv}/transfer`, { token: agents.find((x) => x.id === first)!.token, body: { agentId: other.id } });
    expect((await api(env().url, 'POST', `/api/v1/conversations/${conv}/transfer/decline`, { token: other.token })).status).toBe(200);
    await env().tick();
    const after = await getConv(admin, conv);
    expect(after.status).toBe('open');
    expect(after.assignee).not.toBeNull();
    expect(await events(admin, conv)).toEqual(['assigned', 'transfer_requested', 'transfer_declined', 'assigned']);
  });

  it('moves a conversation to a team queue, where a member gets it', async () => {
    const { admin, agents, widgetKey } = await setUp('2026-11-30T02:00:00Z', 2);
    const { conv } = await visitorWrites(widgetKey, 'billing question');
    const holderId = (await getConv(admin, conv)).assignee;
    const holder = agents.find((x) => x.id === holderId)!;
    const billingAgent = agents.find((x) => x.id !== holder.id)!;
    const team = await api<{ id: string }>(env().url, 'POST', '/api/v1/teams', { token: admin, body: { name: 'Billing', memberIds: [billingAgent.id] } });
    const res = await api(env().url, 'POST', `/api/v1/conversations/${conv}/transfer`, { token: admin, body: { teamId: team.body.id } });
    expect(res.status).toBe(200);
    await env().tick();
    expect(await getConv(admin, conv)).toMatchObject({ assignee: billingAgent.id, status: 'open' });
  });
});

describe('returning visitors', () => {
  it('go to the agent who served them last, even when another agent is less busy', async () => {
    const { admin, widgetKey } = await setUp('2026-11-30T02:00:00Z', 2);
    const first = await visitorWrites(widgetKey, 'first visit');
    const servedBy = (await getConv(admin, first.conv)).assignee!;
    await api(env().url, 'POST', `/api/v1/conversations/${first.conv}/resolve`, { token: admin });
    // The other agent takes the next visitor (they have waited longer), then the first agent the one after.
    const second = await visitorWrites(widgetKey, 'second visitor');
    expect((await getConv(admin, second.conv)).assignee).not.toBe(servedBy);
    const third = await visitorWrites(widgetKey, 'third visitor');
    expect((await getConv(admin, third.conv)).assignee).toBe(servedBy);
    await api(env().url, 'POST', `/api/v1/conversations/${second.conv}/resolve`, { token: admin });
    // Now the first agent holds one conversation and the other none: least-busy alone would pick the other.
    const back = await visitorWrites(widgetKey, 'back again', first.visitorToken);
    expect(back.conv).not.toBe(first.conv);
    expect((await getConv(admin, back.conv)).assignee).toBe(servedBy);
  });

  it('go to the least busy agent once the sticky window has passed', async () => {
    const { admin, widgetKey } = await setUp('2026-11-30T02:00:00Z', 2, { stickyWindowMs: 60_000 });
    const first = await visitorWrites(widgetKey, 'first visit');
    const servedBy = (await getConv(admin, first.conv)).assignee!;
    await api(env().url, 'POST', `/api/v1/conversations/${first.conv}/resolve`, { token: admin });
    const other = await visitorWrites(widgetKey, 'someone else');
    expect((await getConv(admin, other.conv)).assignee).not.toBe(servedBy);
    const third = await visitorWrites(widgetKey, 'third visitor');
    expect((await getConv(admin, third.conv)).assignee).toBe(servedBy);
    await api(env().url, 'POST', `/api/v1/conversations/${other.conv}/resolve`, { token: admin });
    env().clock.advance(61_000);
    const back = await visitorWrites(widgetKey, 'back again', first.visitorToken);
    expect((await getConv(admin, back.conv)).assignee).not.toBe(servedBy);
  });
});
