// The bot in the product, driven as a visitor and an agent would: over the wire protocol and
// REST, against the real server started with the demo bot (the Chinese shop knowledge base and
// its two flows).
import type { ServerFrame } from '@kefu/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin, useManualRouting } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { isType, TestClient } from '../support/ws-client.js';

type Msg = Extract<ServerFrame, { t: 'msg'; from: unknown }>;
const fromBot = (conv?: string) => (f: ServerFrame): f is Msg => f.t === 'msg' && 'from' in f && f.from.role === 'bot' && (conv === undefined || f.conv === conv);

let server: ServerProcess;
let admin: string;
let widgetKey: string;

beforeAll(async () => {
  server = await startServer({ env: { KEFU_DEMO_BOT: 'true' } });
  admin = await loginAdmin(server.url);
  widgetKey = await firstWidgetKey(server.url, admin);
});
afterAll(async () => {
  await server?.stop();
});

/** A visitor on a connection of their own, with helpers that wait for the bot. */
async function visitor() {
  const ws = await TestClient.connect(server.wsUrl);
  await ws.request({ t: 'hello', v: 1, role: 'visitor', widgetKey }, isType('welcome'));
  let conv: string | undefined;
  let n = 0;
  return {
    ws,
    get conv() {
      return conv!;
    },
    /** Sends and waits for the bot's next reply in this conversation. */
    async ask(text: string): Promise<Msg> {
      const from = ws.frames.length;
      const sent = await ws.request({ t: 'send', id: `m${++n}`, text, ...(conv ? { conv } : {}) }, isType('sent'));
      conv = sent.conv;
      return ws.waitFor(fromBot(conv), 10_000, from);
    },
  };
}

async function conversation(id: string) {
  return (await api<Record<string, unknown>>(server.url, 'GET', `/api/v1/conversations/${id}`, { token: admin })).body;
}

async function timeline(id: string) {
  const res = await api<{ messages: Array<{ seq: number; kind: string; text: string; from: { role: string }; data: Record<string, unknown> | null }> }>(
    server.url, 'GET', `/api/v1/conversations/${id}/messages?after=0&limit=500`, { token: admin },
  );
  return res.body.messages;
}

describe('the bot in a conversation', () => {
  it('answers a knowledge-base question, keeps the conversation, and leaves a trace an agent can open', async () => {
    const v = await visitor();
    const reply = await v.ask('运费怎么算？');
    expect(reply.text).toContain('包邮');
    expect(await conversation(v.conv)).toMatchObject({ status: 'bot', assignee: null });

    const turnsOf = async () => (await api<{ turns: Array<Record<string, unknown>> }>(server.url, 'GET', `/api/v1/conversations/${v.conv}/bot-turns`, { token: admin })).body;
    await expect.poll(async () => (await turnsOf()).turns.length).toBe(1);
    const turns = { body: await turnsOf() };
    expect(turns.body.turns[0]).toMatchObject({ decision: 'answer', entryId: 'shipping-fee', replyEntryIds: [reply.msgId] });
    // The knowledge base's own question is answered by the exact-question rule, before any scoring.
    expect(turns.body.turns[0]).toMatchObject({ stage: 'rule', botVersion: 1 });
    v.ws.close();
  });

  it('stores one answer per message: a repeated send is answered once', async () => {
    const v = await visitor();
    await v.ask('怎么开发票');
    const from = v.ws.frames.length;
    // The same client message id again, as a client does after a lost `sent`.
    await v.ws.request({ t: 'send', id: 'm1', text: '怎么开发票', conv: v.conv }, isType('sent'));
    await new Promise((r) => setTimeout(r, 500));
    expect(v.ws.frames.slice(from).filter(fromBot(v.conv))).toHaveLength(0);
    const entries = await timeline(v.conv);
    expect(entries.filter((e) => e.from.role === 'bot')).toHaveLength(1);
    v.ws.close();
  });

  it('offers "did you mean" buttons when unsure, and a button press is answered', async () => {
    const v = await visitor();
    const reply = await v.ask('退');
    const quick = (reply.data as { quickReplies?: Array<{ label: string; text: string }> } | null)?.quickReplies ?? [];
    if (quick.length > 0) {
      // Pressing a button sends its text: the bot answers that question.
      const answer = await v.ask(quick[0]!.text);
      expect(answer.text.length).toBeGreaterThan(0);
    }
    await expect
      .poll(async () => (await api<{ turns: Array<{ decision: string }> }>(server.url, 'GET', `/api/v1/conversations/${v.conv}/bot-turns`, { token: admin })).body.turns[0]?.decision)
      .toMatch(/^(clarify|fallback|answer)$/);
    v.ws.close();
  });
});

describe('handing over', () => {
  it('hands over when asked for a person: the agent gets the conversation with a summary, and the bot falls silent', async () => {
    const agent = await createAgent(server.url, admin, 'Wang');
    const agentWs = await TestClient.connect(server.wsUrl);
    await agentWs.request({ t: 'hello', v: 1, role: 'agent', token: agent.token }, isType('welcome'));

    const v = await visitor();
    await v.ask('我买的鞋子尺码不对');
    const reply = await v.ask('我要转人工');
    expect(reply.text).toContain('人工');

    // Routing gives it to the only agent online.
    const assigned = await agentWs.waitFor((f) => f.t === 'conv' && f.conv.id === v.conv && f.conv.assignee === agent.id, 10_000);
    expect(assigned).toMatchObject({ conv: { status: 'open' } });
    const entries = await timeline(v.conv);
    const note = entries.find((e) => e.kind === 'note' && e.from.role === 'bot');
    expect(note?.text).toContain('Bot handoff: the visitor asked for a person');
    expect(note?.text).toContain('Question: 我要转人工');
    expect(entries.some((e) => e.kind === 'event' && e.text.includes('handed the conversation over'))).toBe(true);

    // From now on the agent answers; the bot says nothing more.
    const from = v.ws.frames.length;
    await v.ws.request({ t: 'send', id: 'after', text: '运费怎么算', conv: v.conv }, isType('sent'));
    await new Promise((r) => setTimeout(r, 500));
    expect(v.ws.frames.slice(from).filter(fromBot(v.conv))).toHaveLength(0);
    v.ws.close();
    agentWs.close();
  });

  it('hands over after two questions it cannot answer, and lists them as unanswered for an admin', async () => {
    await useManualRouting(server.url, admin);
    const v = await visitor();
    const first = await v.ask('你们老板喜欢什么颜色的猫');
    expect(first.text).toContain('抱歉');
    await v.ask('火星上能种土豆吗');
    await expect.poll(async () => (await conversation(v.conv)).status, { timeout: 5_000 }).toBe('queued');
    const unanswered = await api<{ groups: Array<{ text: string; variants: string[] }> }>(server.url, 'GET', '/api/v1/bot/unanswered', { token: admin });
    const texts = unanswered.body.groups.flatMap((g) => [g.text, ...g.variants]);
    expect(texts).toEqual(expect.arrayContaining(['你们老板喜欢什么颜色的猫', '火星上能种土豆吗']));
    v.ws.close();
  });
});

describe('flows', () => {
  it('looks up an order: asks for the number, checks it, calls the order service and answers with its status', async () => {
    const v = await visitor();
    const prompt = await v.ask('帮我看看我的订单到哪了');
    expect(prompt.text).toMatch(/订单号/);
    const retry = await v.ask('不知道');
    expect(retry.text).toMatch(/订单号/);
    const status = await v.ask('KF10001');
    expect(status.text).toContain('KF10001');
    // The order comes as a card whose buttons carry the visitor's likely next questions.
    expect(status.kind).toBe('card');
    expect(status.data).toMatchObject({ card: { title: 'KF10001 已发货 Shipped', buttons: [{ text: '申请退款' }, { text: '转人工' }] } });
    // The trace of a turn is stored just after its reply.
    await expect
      .poll(async () => {
        const turns = await api<{ turns: Array<{ flowId: string | null }> }>(server.url, 'GET', `/api/v1/conversations/${v.conv}/bot-turns`, { token: admin });
        return turns.body.turns.map((t) => t.flowId);
      })
      .toEqual(['order-status', 'order-status', 'order-status']);
    v.ws.close();
  });

  it('takes a refund request, tags it, remembers the order and hands it to the after-sales team with a summary', async () => {
    const v = await visitor();
    expect((await v.ask('我要退款')).text).toMatch(/订单号/);
    const reasons = await v.ask('KF10003');
    expect((reasons.data as { quickReplies: Array<{ text: string }> }).quickReplies.map((q) => q.text)).toContain('质量问题');
    const last = await v.ask('质量问题');
    expect(last.text).toContain('售后');

    const teams = await api<{ teams: Array<{ id: string; name: string }> }>(server.url, 'GET', '/api/v1/teams', { token: admin });
    const afterSales = teams.body.teams.find((t) => t.name === '售后 After-sales');
    await expect.poll(async () => conversation(v.conv)).toMatchObject({ status: 'queued', team: afterSales?.id, labels: ['refund'] });
    const note = (await timeline(v.conv)).find((e) => e.kind === 'note');
    expect(note?.text).toContain('订单 KF10003');
    expect(note?.text).toContain('质量问题');
    const contactId = (await conversation(v.conv)).contact as string;
    const contact = await api<{ contact: { attributes: Record<string, unknown> } }>(server.url, 'GET', `/api/v1/contacts/${contactId}`, { token: admin });
    expect(contact.body.contact.attributes).toMatchObject({ refundOrderId: 'KF10003' });
    v.ws.close();
  });
});
