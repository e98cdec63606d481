// A new bot version goes live under traffic: visitors keep chatting over WebSocket and an admin keeps
// asking the bot while a larger knowledge base trains and swaps in; then a rollback brings the old one back.
import type { ServerFrame } from '@kefu/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, firstWidgetKey, loginAdmin } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { isType, TestClient } from '../support/ws-client.js';

interface TryReply {
  version: number;
  decision: { kind: string; entryId?: string };
}

let server: ServerProcess;
let admin: string;
let widgetKey: string;

const base = [
  { id: 'refund', question: '怎么申请退款', similar: ['我要退款', '退款怎么弄', '钱能退回来吗'], answer: '在订单页点“申请退款”。' },
  { id: 'shipping', question: '多久发货', similar: ['什么时候发货', '下单后几天发出', '怎么还没发货'], answer: '付款后 48 小时内发货。' },
  { id: 'invoice', question: '可以开发票吗', similar: ['怎么开发票', '需要发票', '电子发票在哪'], answer: '在订单详情页申请电子发票。' },
];
const giftCard = { id: 'gift-card', question: '礼品卡怎么用', similar: ['礼品卡怎么兑换', '购物卡能用吗', '礼品卡余额怎么查'], answer: '在“我的-礼品卡”绑定后结算时抵扣。' };

/** A few hundred more entries: enough for training to take a while, so traffic runs across it. */
function largerKb() {
  const products = ['手机', '耳机', '外套', '跑鞋', '台灯', '背包', '水杯', '键盘', '帐篷', '围巾'];
  const topics = ['保修多久', '有现货吗', '怎么清洗', '尺寸多大', '什么材质', '能便宜点吗', '有赠品吗', '支持以旧换新吗', '颜色有几种', '重量多少', '适合送人吗', '怎么安装', '有说明书吗', '能开专票吗', '能加急吗', '能刻字吗', '有试用装吗', '退货运费谁出', '能分期吗', '是正品吗'];
  const extra = products.flatMap((p, i) =>
    topics.map((t, j) => ({
      id: `p${i}-t${j}`,
      question: `${p}${t}`,
      similar: [`请问${p}${t}`, `想了解${p}${t}`, `${p}的${t.replace(/吗$/, '')}`, `我买的${p}${t}`],
      answer: `${p}：关于“${t}”，请看商品详情页。`,
    })),
  );
  return [...base, giftCard, ...extra];
}

async function ask(text: string): Promise<TryReply> {
  const res = await api<TryReply>(server.url, 'POST', '/api/v1/bot/try', { token: admin, body: { text } });
  if (res.status !== 200) throw new Error(`try answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
  widgetKey = await firstWidgetKey(server.url, admin);
  const first = await api(server.url, 'POST', '/api/v1/bot/kb/import', { token: admin, body: base });
  expect(first.status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
});

describe('bot hot reload', () => {
  it('swaps in a larger knowledge base while visitors chat and the bot keeps answering, and rolls back', async () => {
    expect(await ask('礼品卡怎么用')).not.toMatchObject({ decision: { kind: 'answer', entryId: 'gift-card' } });

    const visitors = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const ws = await TestClient.connect(server.wsUrl);
        await ws.request({ t: 'hello', v: 1, role: 'visitor', widgetKey }, isType('welcome'));
        return { ws, ids: [] as string[], conv: undefined as string | undefined };
      }),
    );
    let running = true;
    const chatting = visitors.map(async (v, n) => {
      for (let i = 0; running; i++) {
        const id = `v${n}-m${i}`;
        v.ids.push(id);
        const sent = await v.ws.request({ t: 'send', id, text: i % 2 ? '多久发货' : `第 ${i} 条消息`, ...(v.conv ? { conv: v.conv } : {}) }, (f: ServerFrame) => f.t === 'sent' && f.id === id, 15_000);
        if (sent.t === 'sent') v.conv = sent.conv;
        // Well inside the per-connection rate limit.
        await new Promise((r) => setTimeout(r, 120));
      }
    });
    const answers: Array<TryReply & { during: boolean; at: number }> = [];
    let importing = false;
    const asking = (async () => {
      while (running) answers.push({ ...(await ask('多久发货')), during: importing, at: performance.now() });
    })();

    await new Promise((r) => setTimeout(r, 500));
    importing = true;
    const importStarted = performance.now();
    const published = await api<{ version: { version: number } }>(server.url, 'POST', '/api/v1/bot/kb/import?mode=replace', { token: admin, body: largerKb() });
    importing = false;
    const importMs = performance.now() - importStarted;
    expect(published.status).toBe(200);
    const next = published.body.version.version;
    await new Promise((r) => setTimeout(r, 500));
    running = false;
    await Promise.all([...chatting, asking]);

    // The bot answered throughout: during training from the old version, then from the new one, never
    // an error. Training on the event loop would leave one silence as long as the training; on its
    // worker thread, answers keep coming all through the import.
    const during = answers.filter((a) => a.during);
    const longestSilenceMs = Math.max(...during.slice(1).map((a, i) => a.at - during[i]!.at));
    expect(during.length).toBeGreaterThan(10);
    expect(longestSilenceMs).toBeLessThan(importMs / 3);
    expect(answers.every((a) => a.decision.kind === 'answer' && a.decision.entryId === 'shipping')).toBe(true);
    const seen = answers.map((a) => a.version);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(next);

    // No connection dropped; every message acknowledged exactly once, with gap-free seqs.
    for (const v of visitors) {
      expect(v.ws.closed).toBeNull();
      const acks = v.ws.frames.filter((f): f is Extract<ServerFrame, { t: 'sent' }> => f.t === 'sent');
      expect(acks.map((f) => f.id)).toEqual(v.ids);
      const seqs = acks.map((f) => f.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(v.ws.frames.filter((f) => f.t === 'error')).toEqual([]);
    }
    expect(visitors.reduce((n, v) => n + v.ids.length, 0)).toBeGreaterThan(8);

    expect(await ask('礼品卡怎么兑换')).toMatchObject({ version: next, decision: { kind: 'answer', entryId: 'gift-card' } });
    expect(await ask('耳机保修多久')).toMatchObject({ decision: { kind: 'answer', entryId: 'p1-t0' } });

    const back = await api(server.url, 'POST', `/api/v1/bot/versions/${next - 1}/activate`, { token: admin });
    expect(back.status).toBe(200);
    expect(await ask('礼品卡怎么兑换')).not.toMatchObject({ decision: { kind: 'answer', entryId: 'gift-card' } });
    expect(await ask('多久发货')).toMatchObject({ version: next - 1, decision: { kind: 'answer', entryId: 'shipping' } });
    for (const v of visitors) v.ws.socket.close();
  }, 120_000);
});
