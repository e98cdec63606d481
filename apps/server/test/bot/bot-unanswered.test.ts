// What the bot could not answer, as an admin works through it: grouped questions, one turned into an
// entry that answers from then on, another dismissed; and a conversation's bot turns for agents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asEntryId, asTenantId, type ConversationId, type TenantId } from '../../src/domain/ids.js';
import { api, createAgent, firstWidgetKey, loginAdmin } from '../support/api.js';
import { startInProcessNode, type InProcessNode } from '../support/in-process-node.js';
import { startConversation } from '../conformance/helpers.js';

interface Group {
  text: string;
  count: number;
  questionIds: string[];
  variants: string[];
}

let env: InProcessNode;
let admin: string;
let tenantId: TenantId;
let conv: ConversationId;
let visitorMessage: string;

const groups = async () => (await api<{ groups: Group[] }>(env.url, 'GET', '/api/v1/bot/unanswered', { token: admin })).body.groups;

beforeAll(async () => {
  env = await startInProcessNode({ startIso: '2026-11-28T04:00:00Z' });
  admin = await loginAdmin(env.url);
  tenantId = asTenantId((await env.store.listTenants())[0]!.id);
  const started = await startConversation(env.wsUrl, await firstWidgetKey(env.url, admin), '能开发票吗');
  conv = started.conv as ConversationId;
  visitorMessage = started.sent.msgId;
  started.client.socket.close();
  // What the bot records when it falls back: three ways of asking for an invoice, one about closing time.
  const asked = [
    ['能开发票吗', '2026-11-28T04:01:00.000Z'],
    ['可以开发票吗', '2026-11-28T04:02:00.000Z'],
    ['几点下班', '2026-11-28T04:03:00.000Z'],
    ['能开发票吗？', '2026-11-28T04:04:00.000Z'],
  ] as const;
  for (const [text, createdAt] of asked) await env.store.recordUnanswered({ tenantId, conversationId: conv, text, scores: [], createdAt });
});
afterAll(async () => {
  await env?.stop();
});

describe('unanswered questions', () => {
  it('groups rewordings of one question, most asked first', async () => {
    const found = await groups();
    expect(found.map((g) => [g.text, g.count])).toEqual([
      ['能开发票吗？', 3],
      ['几点下班', 1],
    ]);
    expect(found[0]!.variants).toEqual(['能开发票吗？', '可以开发票吗']);
  });

  it('turns a group into an entry that answers from then on, and takes it off the list', async () => {
    const [invoice] = await groups();
    const before = await api<{ versions: Array<{ version: number }> }>(env.url, 'GET', '/api/v1/bot/versions', { token: admin });
    const res = await api<{ entry: { id: string; question: string; similar: string[] }; version: { version: number }; resolved: number }>(env.url, 'POST', '/api/v1/bot/unanswered/convert', {
      token: admin,
      body: { questionIds: invoice!.questionIds, entry: { id: 'invoice', question: '可以开发票吗', answer: '可以，在订单详情页申请电子发票。', tags: ['售后'] } },
    });
    expect(res.status).toBe(201);
    expect(res.body.entry).toMatchObject({ id: 'invoice', question: '可以开发票吗', similar: ['能开发票吗？'] });
    expect(res.body.resolved).toBe(3);
    expect(res.body.version.version).toBe((before.body.versions[0]?.version ?? 0) + 1);
    expect((await groups()).map((g) => g.text)).toEqual(['几点下班']);
    const tried = await api(env.url, 'POST', '/api/v1/bot/try', { token: admin, body: { text: '能开发票吗' } });
    expect(tried.body).toMatchObject({ decision: { kind: 'answer', entryId: 'invoice' }, answer: '可以，在订单详情页申请电子发票。' });
  });

  it('dismisses a group without an entry; agents may not', async () => {
    const [closing] = await groups();
    const agent = await createAgent(env.url, admin, 'Mei');
    expect((await api(env.url, 'POST', '/api/v1/bot/unanswered/dismiss', { token: agent.token, body: { questionIds: closing!.questionIds } })).status).toBe(403);
    expect((await api(env.url, 'GET', '/api/v1/bot/unanswered', { token: agent.token })).status).toBe(200);
    const res = await api(env.url, 'POST', '/api/v1/bot/unanswered/dismiss', { token: admin, body: { questionIds: closing!.questionIds } });
    expect(res.body).toEqual({ dismissed: 1 });
    expect(await groups()).toEqual([]);
    const again = await api(env.url, 'POST', '/api/v1/bot/unanswered/convert', {
      token: admin,
      body: { questionIds: closing!.questionIds, entry: { id: 'hours', question: '几点下班', answer: '晚上 10 点。' } },
    });
    expect(again.status).toBe(404);
  });
});

describe('bot turns', () => {
  it('shows a conversation’s bot turns, oldest first, to agents of the account', async () => {
    const turn = {
      tenantId,
      conversationId: conv,
      messageEntryId: asEntryId(visitorMessage),
      replyEntryIds: [],
      botVersion: 1,
      stage: 'semantic' as const,
      decision: 'fallback' as const,
      ruleId: null,
      entryId: null,
      flowId: null,
      scores: [{ entryId: 'refund', score: 0.04 }],
      thresholds: { answer: 0.4, clarify: 0.1, margin: 0.1 },
      detail: {},
      latencyMs: 2,
      createdAt: '2026-11-28T04:01:00.000Z',
    };
    await env.store.saveBotTurn(turn);
    const res = await api<{ turns: unknown[] }>(env.url, 'GET', `/api/v1/conversations/${conv}/bot-turns`, { token: admin });
    expect(res.body.turns).toEqual([turn]);
    expect((await api(env.url, 'GET', '/api/v1/conversations/nope/bot-turns', { token: admin })).status).toBe(404);
  });
});
