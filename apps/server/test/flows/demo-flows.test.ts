// The demo flows end to end: loaded from apps/server/demo/flows, run against the demo order API of a real node.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlowFiles } from '../../src/bot/flow-files.js';
import { createFlowRuntime } from '../../src/bot/flow-http.js';
import { runFlow, type FlowResult, type FlowRuntime } from '../../src/dialogue/flows/run-flow.js';
import { validateFlows, type FlowDefinition } from '../../src/dialogue/flows/validate.js';
import { api } from '../support/api.js';
import { startInProcessNode, type InProcessNode } from '../support/in-process-node.js';

const TOKEN = 'demo-orders-token-1';
let node: InProcessNode;
let runtime: FlowRuntime;
const flows = new Map<string, FlowDefinition>();
const contact = { name: '王小明', email: null, attributes: {} };

beforeAll(async () => {
  node = await startInProcessNode({
    startIso: new Date().toISOString(),
    env: { KEFU_FLOW_SECRETS: JSON.stringify({ demoOrdersToken: TOKEN }), KEFU_DEMO_BOT: 'false' },
  });
  runtime = createFlowRuntime({ baseUrl: node.url, secrets: { demoOrdersToken: TOKEN } });
  const result = validateFlows(await loadFlowFiles(fileURLToPath(new URL('../../demo/flows', import.meta.url))));
  if (!result.ok) throw new Error(result.issues.join('\n'));
  for (const f of result.flows) flows.set(f.id, f);
});
afterAll(async () => {
  await node?.stop();
});

/** Starts the flow, then sends each message in turn; returns every turn's result. */
async function converse(flowId: string, messages: readonly string[], rt: FlowRuntime = runtime): Promise<FlowResult[]> {
  const flow = flows.get(flowId)!;
  const turns = [await runFlow(flow, null, { text: '', contact }, rt)];
  for (const text of messages) turns.push(await runFlow(flow, turns.at(-1)!.state, { text, contact }, rt));
  return turns;
}
const texts = (r: FlowResult) => r.replies.map((x) => x.text).join('\n');

describe('the demo order API', () => {
  it('answers a demo order to the configured bearer token only, and 404 for an unknown id', async () => {
    const ok = await api<Record<string, unknown>>(node.url, 'GET', '/api/v1/demo/orders/kf10001', { token: TOKEN });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: 'KF10001', status: 'shipped', carrier: '顺丰速运 SF Express', eta: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect((await api(node.url, 'GET', '/api/v1/demo/orders/KF10001')).status).toBe(401);
    expect((await api(node.url, 'GET', '/api/v1/demo/orders/KF10001', { token: 'wrong' })).status).toBe(401);
    const missing = await api<{ error: { code: string } }>(node.url, 'GET', '/api/v1/demo/orders/KF99999', { token: TOKEN });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});

describe('order-status', () => {
  it('asks for the order number, looks it up and answers by status', async () => {
    const [start, shipped] = await converse('order-status', ['我的订单号是 kf10001']);
    expect(texts(start!)).toMatch(/请输入您的订单号/);
    expect(shipped).toMatchObject({ outcome: 'ended', state: null, steps: ['ask-order', 'lookup', 'by-status', 'shipped', 'done'] });
    // The order as a card, with buttons that send the visitor's next question.
    expect(shipped!.replies[0]!.data?.card).toMatchObject({
      title: 'KF10001 已发货 Shipped',
      text: expect.stringContaining('SF1402233117'),
      buttons: [{ label: '申请退款 Refund', text: '申请退款' }, { label: '转人工 Talk to a person', text: '转人工' }],
    });
    expect(texts(shipped!)).toMatch(/^订单 KF10001（无线蓝牙耳机 Wireless earbuds ×1）已发货，由顺丰速运 SF Express承运，运单号 SF1402233117，预计 \d{4}-\d\d-\d\d 送达/);

    const processing = (await converse('order-status', ['KF10002'])).at(-1)!;
    expect(texts(processing)).toMatch(/订单 KF10002（智能手环 Fitness band ×1、充电线 Charging cable ×2）正在备货/);
    const delivered = (await converse('order-status', ['ＫＦ１０００３'])).at(-1)!;
    expect(texts(delivered)).toMatch(/订单 KF10003（保温杯 Vacuum flask ×1）已于 \d{4}-\d\d-\d\d 签收/);
  });

  it('asks again for an unknown order, and again after an answer that is no order number', async () => {
    const [, notFound, retry, found] = await converse('order-status', ['KF99999', '不知道', 'KF10004']);
    expect(texts(notFound!)).toBe('没有找到订单 KF99999，请核对后重新输入。 No order KF99999 was found; please check the number.\n请输入您的订单号（例如 KF10001）。 Please type your order number (e.g. KF10001).');
    expect(notFound!.state).toMatchObject({ step: 'ask-order', slots: { orderId: 'KF99999' } });
    expect(texts(retry!)).toMatch(/^订单号是 KF 加 5 位数字/);
    expect(texts(found!)).toMatch(/^订单 KF10004.*中通快递/);
  });

  it('offers a person when the order API refuses, and hands off when asked', async () => {
    const noToken = createFlowRuntime({ baseUrl: node.url, secrets: {} });
    const [, failed, handoff] = await converse('order-status', ['KF10001', '转人工'], noToken);
    expect(texts(failed!)).toMatch(/订单系统暂时无法查询[\s\S]*需要为您转接人工客服吗/);
    expect(failed!.replies.at(-1)!.data?.quickReplies).toEqual([
      { label: '转人工 Talk to a person', text: '转人工' },
      { label: '稍后再说 Later', text: '稍后再说' },
    ]);
    expect(failed!.notes).toEqual(['lookup: HTTP 401']);
    expect(handoff).toMatchObject({ outcome: 'handoff', state: null, actions: [{ kind: 'handoff', team: null, summary: expect.stringMatching(/KF10001/) }] });
  });

  it('takes no for an answer, and lets the visitor cancel', async () => {
    const down = createFlowRuntime({ baseUrl: 'http://127.0.0.1:9', secrets: {} });
    const later = (await converse('order-status', ['KF10001', '2'], down)).at(-1)!;
    expect(later).toMatchObject({ outcome: 'ended', actions: [], replies: [{ text: '好的，您可以稍后再查询。 OK, you can try again later.' }] });
    const cancelled = (await converse('order-status', ['取消'])).at(-1)!;
    expect(cancelled).toMatchObject({ outcome: 'cancelled', state: null });
  });
});

describe('refund-request', () => {
  it('collects order and reason, tags, remembers the order and hands off to after-sales with a summary', async () => {
    const [start, reason, done] = await converse('refund-request', ['KF10003', '质量问题']);
    expect(texts(start!)).toMatch(/我来帮您申请退款/);
    expect(reason!.replies).toEqual([
      {
        text: '请问退款的原因是？可以点选或直接输入。 Why would you like a refund? Pick one or type your own.',
        data: { quickReplies: expect.arrayContaining([{ label: '质量问题 Defective', text: '质量问题' }]) },
      },
    ]);
    expect(done!.outcome).toBe('handoff');
    expect(done!.actions).toEqual([
      { kind: 'tag', label: 'refund' },
      { kind: 'set_attribute', key: 'refundOrderId', value: 'KF10003' },
      {
        kind: 'handoff',
        team: '售后 After-sales',
        summary: '退款申请 Refund request — 订单 KF10003（保温杯 Vacuum flask ×1，已签收 Delivered）；原因 reason：质量问题；联系人 contact：王小明',
      },
    ]);
    expect(texts(done!)).toMatch(/^已为您登记退款申请（订单 KF10003，原因：质量问题）/);
  });

  it('asks again for an order the shop does not know', async () => {
    const [, notFound] = await converse('refund-request', ['KF12345']);
    expect(texts(notFound!)).toMatch(/^没有找到订单 KF12345/);
    expect(notFound!.state).toMatchObject({ step: 'ask-order' });
  });
});
