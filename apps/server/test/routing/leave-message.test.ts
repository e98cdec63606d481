// Outside business hours a visitor leaves a message: it becomes a queued conversation for the next
// shift, and the team gets an email through the configured mail server (a local sink here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/adapters/smtp-mailer.js';
import { api, createAgent, firstWidgetKey, loginAdmin } from '../support/api.js';
import { startInProcessNode, type InProcessNode } from '../support/in-process-node.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

describe('the leave-a-message form', () => {
  let sink: SmtpSink;
  let env: InProcessNode;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const mailer = await createSmtpMailer(`smtp://127.0.0.1:${sink.port}`, 'Kefu <kefu@test.local>');
    // Saturday 2026-11-28 12:00 in Shanghai.
    env = await startInProcessNode({ startIso: '2026-11-28T04:00:00Z', mailer });
  });
  afterAll(async () => {
    await env.stop();
    await sink.close();
  });

  it('stores the message as a queued conversation and emails the team', async () => {
    const admin = await loginAdmin(env.url);
    const agent = await createAgent(env.url, admin, 'Weekday Agent');
    const team = await api<{ id: string }>(env.url, 'POST', '/api/v1/teams', {
      token: admin,
      body: {
        name: 'Weekdays',
        memberIds: [agent.id],
        businessHours: { timeZone: 'Asia/Shanghai', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' })), holidays: [] },
      },
    });
    const inboxes = await api<{ inboxes: Array<{ id: string }> }>(env.url, 'GET', '/api/v1/inboxes', { token: admin });
    await api(env.url, 'PATCH', `/api/v1/inboxes/${inboxes.body.inboxes[0]!.id}`, { token: admin, body: { defaultTeamId: team.body.id } });
    const widgetKey = await firstWidgetKey(env.url, admin);

    const config = await api<{ open: boolean; agentsAvailable: boolean }>(env.url, 'GET', `/api/v1/widget/config?key=${widgetKey}`);
    expect(config.body).toMatchObject({ open: false, agentsAvailable: false });

    const form = { widgetKey, id: 'form-1', name: '王小明', email: 'xiaoming@example.com', text: '周一请回电，订单 12345 没收到' };
    const left = await api<{ conversationId: string; seq: number; visitorToken: string }>(env.url, 'POST', '/api/v1/widget/messages', { body: form });
    expect(left.status).toBe(201);
    // Submitting the same form twice stores it once.
    const again = await api<{ conversationId: string; seq: number }>(env.url, 'POST', '/api/v1/widget/messages', { body: { ...form, visitorToken: left.body.visitorToken } });
    expect(again.body).toMatchObject({ conversationId: left.body.conversationId, seq: left.body.seq });

    const conv = await api<{ status: string; team: string; contact: string }>(env.url, 'GET', `/api/v1/conversations/${left.body.conversationId}`, { token: admin });
    expect(conv.body).toMatchObject({ status: 'queued', team: team.body.id });
    const messages = await api<{ messages: Array<{ text: string; from: { role: string; name?: string } }> }>(
      env.url,
      'GET',
      `/api/v1/conversations/${left.body.conversationId}/messages`,
      { token: admin },
    );
    expect(messages.body.messages[0]).toMatchObject({ text: form.text, from: { role: 'visitor', name: '王小明' } });

    const deadline = Date.now() + 5_000;
    while (sink.mails.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]!.to.join(',')).toContain(agent.email);
    expect(sink.mails[0]!.data).toContain('xiaoming@example.com');
  });

  it('refuses a form with a bad email, and stores nothing', async () => {
    const admin = await loginAdmin(env.url);
    const widgetKey = await firstWidgetKey(env.url, admin);
    const res = await api<{ error: { code: string } }>(env.url, 'POST', '/api/v1/widget/messages', {
      body: { widgetKey, id: 'form-bad', name: 'X', email: 'not-an-email', text: 'hi' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid');
  });
});
