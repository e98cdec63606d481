// Routing's clocks on a fake clock: unanswered and offline re-routing, business hours across a
// time-zone boundary and a holiday, auto-resolve and reopen, and a blocked contact.
import { afterEach, describe, expect, it } from 'vitest';
import { api, loginAdmin } from '../support/api.js';
import { isType } from '../support/ws-client.js';
import { env, events, getConv, setUp, tearDown, timeline, visitorWrites } from './harness.js';

afterEach(tearDown);

describe('unanswered conversations', () => {
  it('go back to routing when the agent does not reply in time, and the agent is marked away', async () => {
    const { admin, agents, widgetKey } = await setUp('2026-11-30T02:00:00Z', 2, { unansweredTimeoutMs: 60_000, unansweredMarksAway: true });
    const { conv } = await visitorWrites(widgetKey, 'anyone there?');
    const first = (await getConv(admin, conv)).assignee!;
    await env().tick(59_000);
    expect((await getConv(admin, conv)).assignee).toBe(first);
    await env().tick(2_000);
    const after = await getConv(admin, conv);
    expect(after.assignee).not.toBe(first);
    expect(after.status).toBe('open');
    expect(await events(admin, conv)).toEqual(['assigned', 'unanswered', 'assigned']);
    const list = await api<{ agents: Array<{ id: string; manualStatus: string; availability: string }> }>(env().url, 'GET', '/api/v1/agents/availability', { token: admin });
    expect(list.body.agents.find((a) => a.id === first)).toMatchObject({ manualStatus: 'away', availability: 'away' });
    expect(agents).toHaveLength(2);
  });

  it('stay with an agent who replied', async () => {
    const { admin, agents, widgetKey } = await setUp('2026-11-30T02:00:00Z', 2, { unansweredTimeoutMs: 60_000 });
    const { conv } = await visitorWrites(widgetKey, 'anyone there?');
    const first = (await getConv(admin, conv)).assignee!;
    const agent = agents.find((a) => a.id === first)!;
    await agent.ws.request({ t: 'send', id: 'reply-1', conv, text: '您好，我在' }, isType('sent'));
    await env().tick(120_000);
    expect((await getConv(admin, conv)).assignee).toBe(first);
  });
});

describe('agents who go offline', () => {
  it('keep their conversations for the grace period, then lose them to routing', async () => {
    const { admin, agents, widgetKey } = await setUp('2026-11-30T02:00:00Z', 2, { offlineRequeueMs: 300_000 });
    const { conv } = await visitorWrites(widgetKey, 'help');
    const first = (await getConv(admin, conv)).assignee!;
    const leaving = agents.find((a) => a.id === first)!;
    leaving.ws.close();
    await leaving.ws.waitForClose();
    await new Promise((r) => setTimeout(r, 50));
    await env().tick(200_000);
    expect((await getConv(admin, conv)).assignee).toBe(first);
    await env().tick(101_000);
    const after = await getConv(admin, conv);
    expect(after.assignee).not.toBe(first);
    expect(after.assignee).not.toBeNull();
    expect(await events(admin, conv)).toEqual(['assigned', 'requeued', 'assigned']);
  });
});

describe('business hours', () => {
  const shanghaiWeekdays = {
    timeZone: 'Asia/Shanghai',
    weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' })),
    holidays: ['2026-12-02'],
  };

  async function teamWithHours(admin: string, memberIds: string[]) {
    const team = await api<{ id: string }>(env().url, 'POST', '/api/v1/teams', { token: admin, body: { name: 'Shanghai', memberIds, businessHours: shanghaiWeekdays } });
    expect(team.status).toBe(201);
    const inboxes = await api<{ inboxes: Array<{ id: string }> }>(env().url, 'GET', '/api/v1/inboxes', { token: admin });
    expect((await api(env().url, 'PATCH', `/api/v1/inboxes/${inboxes.body.inboxes[0]!.id}`, { token: admin, body: { defaultTeamId: team.body.id } })).status).toBe(200);
  }

  it('tells a visitor who writes before opening time in Shanghai that the team is offline, and serves them at 09:00 local', async () => {
    // Sunday 23:30 UTC is Monday 07:30 in Shanghai: a weekday, but before opening.
    const { admin, agents, widgetKey } = await setUp('2026-11-29T23:30:00Z', 1);
    await teamWithHours(admin, [agents[0]!.id]);
    const config = await api<{ open: boolean }>(env().url, 'GET', `/api/v1/widget/config?key=${widgetKey}`);
    expect(config.body.open).toBe(false);
    const { conv, ws } = await visitorWrites(widgetKey, '在吗？');
    const notice = await ws.waitFor((f) => f.t === 'msg' && 'from' in f && f.from.role === 'system');
    expect(notice).toMatchObject({ seq: 2, kind: 'text' });
    expect((await getConv(admin, conv)).status).toBe('queued');
    await env().tick(60 * 60_000); // 08:30 local
    expect((await getConv(admin, conv)).status).toBe('queued');
    await env().tick(30 * 60_000); // 09:00 local
    expect(await getConv(admin, conv)).toMatchObject({ status: 'open', assignee: agents[0]!.id });
  });

  it('stays closed all day on a holiday and opens the next morning', async () => {
    // Wednesday 2026-12-02 10:00 in Shanghai is 02:00 UTC, a holiday.
    const { admin, agents, widgetKey } = await setUp('2026-12-02T02:00:00Z', 1);
    await teamWithHours(admin, [agents[0]!.id]);
    const { conv } = await visitorWrites(widgetKey, 'holiday question');
    await env().tick(6 * 3_600_000); // 16:00 local, still the holiday
    expect((await getConv(admin, conv)).status).toBe('queued');
    await env().tick(17 * 3_600_000); // Thursday 09:00 local
    // A day later the admin's access token has expired (12 h): log in again, as a person would.
    const fresh = await loginAdmin(env().url);
    expect((await getConv(fresh, conv)).assignee).toBe(agents[0]!.id);
  });
});

describe('visitor inactivity', () => {
  it('resolves a quiet conversation with a closing message, and the next visitor message reopens it', async () => {
    const { admin, widgetKey } = await setUp('2026-11-30T02:00:00Z', 1, { autoResolveMs: 10 * 60_000 });
    const { conv, ws } = await visitorWrites(widgetKey, 'question');
    await env().tick(9 * 60_000);
    expect((await getConv(admin, conv)).status).toBe('open');
    await env().tick(2 * 60_000);
    expect((await getConv(admin, conv)).status).toBe('resolved');
    const entries = await timeline(admin, conv);
    expect(entries.some((e) => e.from.role === 'system' && e.kind === 'text')).toBe(true);

    await ws.request({ t: 'send', id: 'again', conv, text: 'one more thing' }, isType('sent'));
    await env().tick();
    expect((await getConv(admin, conv)).status).toBe('open');
    expect(await events(admin, conv)).toEqual(['assigned', 'resolved', 'reopened', 'assigned']);
  });
});

describe('a blocked contact', () => {
  it('has its messages stored, but they open no conversation and reach no agent', async () => {
    const { admin, agents, widgetKey } = await setUp('2026-11-30T02:00:00Z', 1);
    const first = await visitorWrites(widgetKey, 'hello');
    const conversation = await getConv(admin, first.conv);
    const contactId = (conversation as unknown as { contact: string }).contact;
    await api(env().url, 'POST', `/api/v1/conversations/${first.conv}/resolve`, { token: admin });
    expect((await api(env().url, 'POST', `/api/v1/contacts/${contactId}/block`, { token: admin })).status).toBe(200);

    const agentFrames = agents[0]!.ws.frames.length;
    const again = await visitorWrites(widgetKey, 'spam spam spam', first.visitorToken);
    const stored = await timeline(admin, again.conv);
    expect(stored.map((e) => e.text)).toContain('spam spam spam');
    expect((await getConv(admin, again.conv)).status).toBe('resolved');
    expect((await getConv(admin, again.conv)).assignee).toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    expect(agents[0]!.ws.frames.slice(agentFrames).filter((f) => (f.t === 'msg' || f.t === 'conv'))).toEqual([]);
  });
});

describe('a blocked address', () => {
  it('keeps the messages of any visitor writing from it away from agents', async () => {
    const { admin, agents, widgetKey } = await setUp('2026-11-30T02:00:00Z', 1);
    // The test's visitors connect from the loopback address, as a dual-stack socket reports it.
    expect((await api(env().url, 'POST', '/api/v1/blocked-ips', { token: admin, body: { ip: '::ffff:127.0.0.1', reason: 'abuse' } })).status).toBeLessThan(300);
    const agentFrames = agents[0]!.ws.frames.length;
    const { conv } = await visitorWrites(widgetKey, 'from a blocked address');
    expect(await getConv(admin, conv)).toMatchObject({ status: 'resolved', assignee: null });
    expect((await timeline(admin, conv)).map((e) => e.text)).toContain('from a blocked address');
    expect(agents[0]!.ws.frames.slice(agentFrames).filter((f) => f.t === 'msg' || f.t === 'conv')).toEqual([]);
  });
});
