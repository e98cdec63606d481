// The bot's admin API against the real server: knowledge-base entries, import and export in JSON and CSV,
// configuration, versions and rollback, the "try it" box, unanswered questions and turn traces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, loginAdmin } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

interface Entry {
  id: string;
  question: string;
  similar: string[];
  answer: string;
  tags?: string[];
}
interface Version {
  version: number;
  active: boolean;
  note: string;
}
interface Failure {
  error: { code: string; message: string; issues?: string[] };
}

let server: ServerProcess;
let admin: string;

const shop: Entry[] = [
  { id: 'refund', question: '怎么申请退款', similar: ['我要退款', '退款怎么弄', 'how do I get a refund'], answer: '在订单页点“申请退款”即可。', tags: ['售后'] },
  { id: 'shipping', question: '多久发货', similar: ['什么时候发货', '下单后几天发出', 'when will my order ship'], answer: '付款后 48 小时内发货。' },
  { id: 'invoice', question: '可以开发票吗', similar: ['怎么开发票', '需要发票', 'can I get an invoice'], answer: '在订单详情页申请电子发票。' },
];

const entries = async (query = '') => (await api<{ version: number | null; total: number; entries: Entry[] }>(server.url, 'GET', `/api/v1/bot/kb/entries${query}`, { token: admin })).body;
const versions = async () => (await api<{ versions: Version[] }>(server.url, 'GET', '/api/v1/bot/versions', { token: admin })).body.versions;
const ask = async (text: string) =>
  (await api<{ version: number; decision: { kind: string; entryId?: string }; answer: string | null }>(server.url, 'POST', '/api/v1/bot/try', { token: admin, body: { text } })).body;

async function importKb(body: string, contentType: string, query = ''): Promise<{ status: number; body: Record<string, unknown> & Partial<Failure> }> {
  const res = await fetch(`${server.url}/api/v1/bot/kb/import${query}`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': contentType }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & Partial<Failure> };
}

beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
});
afterAll(async () => {
  await server?.stop();
});

describe('bot admin API', () => {
  it('starts without a bot: no entries, no versions, and the try box says so', async () => {
    expect(await entries()).toEqual({ version: null, total: 0, entries: [] });
    expect(await versions()).toEqual([]);
    const res = await api<Failure>(server.url, 'POST', '/api/v1/bot/try', { token: admin, body: { text: '你好' } });
    expect(res.status).toBe(404);
  });

  it('imports a JSON knowledge base as version 1 and answers from it', async () => {
    const res = await importKb(JSON.stringify(shop), 'application/json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 3, total: 3, version: { version: 1, active: true } });
    expect((await entries()).entries).toEqual(shop);
    expect(await ask('退款怎么弄')).toMatchObject({ version: 1, decision: { kind: 'answer', entryId: 'refund' }, answer: '在订单页点“申请退款”即可。' });
  });

  it('refuses a bad JSON import with every problem by entry, and changes nothing', async () => {
    const before = await versions();
    const bad = [
      { id: 'a', question: '', similar: [], answer: 'x' },
      { id: 'b', question: '运费多少', similar: '包邮吗', answer: '满 99 包邮' },
      { id: 'b', question: '运费', similar: [], answer: 'y', simlar: [] },
    ];
    const res = await importKb(JSON.stringify(bad), 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('bot_config_invalid');
    expect(res.body.error?.issues).toEqual(
      expect.arrayContaining([
        'entry 1 (id "a"): question must be a non-empty string',
        'entry 2 (id "b"): similar must be an array of strings',
        'entry 3 (id "b"): simlar is not a known field',
      ]),
    );
    expect(await versions()).toEqual(before);
    expect((await entries()).entries).toEqual(shop);
  });

  it('refuses a bad CSV import with line numbers, and merges a good one', async () => {
    const before = await versions();
    const bad = 'id,question,similar,answer\nsize,尺码怎么选,"偏大吗\n偏小吗",参考尺码表\nsize,尺码,,\n';
    const refused = await importKb(bad, 'text/csv', '?mode=merge');
    expect(refused.status).toBe(400);
    expect(refused.body.error?.issues).toEqual(expect.arrayContaining(['line 4 (id "size"): answer must be a non-empty string']));
    expect(await versions()).toEqual(before);

    const good = 'id,question,similar,answer,tags\nsize,尺码怎么选,"衣服偏大吗\n尺码准不准",请参考商品页的尺码表。,"商品,尺码"\nshipping,多久发货,什么时候发货,当天发货。,\n';
    const merged = await importKb(good, 'text/csv; charset=utf-8', '?mode=merge');
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ imported: 2, total: 4 });
    const now = (await entries()).entries;
    expect(now.map((e) => e.id)).toEqual(['refund', 'shipping', 'invoice', 'size']);
    expect(now.find((e) => e.id === 'shipping')?.answer).toBe('当天发货。');
    expect(now.find((e) => e.id === 'size')).toEqual({ id: 'size', question: '尺码怎么选', similar: ['衣服偏大吗', '尺码准不准'], answer: '请参考商品页的尺码表。', tags: ['商品', '尺码'] });
    expect(await ask('尺码怎么选')).toMatchObject({ decision: { kind: 'answer', entryId: 'size' } });
  });

  it('adds, reads, replaces, patches and deletes entries, each change a new version; agents read, admins write', async () => {
    const start = (await versions())[0]!.version;
    const gift = { id: 'gift', question: '可以礼品包装吗', similar: ['能包装成礼物吗', 'do you gift wrap'], answer: '下单时勾选礼品包装即可。' };
    const created = await api<{ entry: Entry; version: Version }>(server.url, 'POST', '/api/v1/bot/kb/entries', { token: admin, body: gift });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ entry: gift, version: { version: start + 1, active: true } });
    const again = await api<Failure>(server.url, 'POST', '/api/v1/bot/kb/entries', { token: admin, body: gift });
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict']);
    expect((await api(server.url, 'GET', '/api/v1/bot/kb/entries/gift', { token: admin })).body).toEqual(gift);
    expect((await entries('?q=礼品')).entries.map((e) => e.id)).toEqual(['gift']);
    expect(await ask('能包装成礼物吗')).toMatchObject({ decision: { kind: 'answer', entryId: 'gift' } });

    const replaced = await api<{ entry: Entry }>(server.url, 'PUT', '/api/v1/bot/kb/entries/gift', {
      token: admin,
      body: { question: '有礼品包装吗', similar: ['礼盒包装'], answer: '有，免费。' },
    });
    expect(replaced.body.entry).toEqual({ id: 'gift', question: '有礼品包装吗', similar: ['礼盒包装'], answer: '有，免费。' });
    const renamed = await api<Failure>(server.url, 'PUT', '/api/v1/bot/kb/entries/gift', { token: admin, body: { id: 'gift2', question: 'x', similar: [], answer: 'y' } });
    expect([renamed.status, renamed.body.error.code]).toEqual([400, 'invalid']);
    const patched = await api<{ entry: Entry; version: Version }>(server.url, 'PATCH', '/api/v1/bot/kb/entries/gift', { token: admin, body: { answer: '有，另收 5 元。' } });
    expect(patched.body).toMatchObject({ entry: { question: '有礼品包装吗', answer: '有，另收 5 元。' }, version: { version: start + 3 } });
    const clash = await api<Failure>(server.url, 'PATCH', '/api/v1/bot/kb/entries/gift', { token: admin, body: { similar: ['我要退款'] } });
    expect(clash.status).toBe(400);
    expect(clash.body.error.issues).toEqual(['entries: entry 5 (id "gift"): question "我要退款" is also a question of entry "refund"']);

    const agent = await createAgent(server.url, admin, 'Lin');
    expect((await api(server.url, 'GET', '/api/v1/bot/kb/entries/gift', { token: agent.token })).status).toBe(200);
    expect((await api(server.url, 'DELETE', '/api/v1/bot/kb/entries/gift', { token: agent.token })).status).toBe(403);
    expect((await api(server.url, 'DELETE', '/api/v1/bot/kb/entries/gift', { token: admin })).status).toBe(200);
    expect((await api<Failure>(server.url, 'GET', '/api/v1/bot/kb/entries/gift', { token: admin })).status).toBe(404);
    expect((await versions()).slice(0, 4).map((v) => v.version)).toEqual([start + 4, start + 3, start + 2, start + 1]);
  });

  it('exports JSON and CSV that import back to the same knowledge base', async () => {
    const before = (await entries()).entries;
    const json = await fetch(`${server.url}/api/v1/bot/kb/export?format=json`, { headers: { authorization: `Bearer ${admin}` } });
    expect(json.headers.get('content-disposition')).toMatch(/attachment; filename="knowledge-base-v\d+\.json"/);
    const jsonText = await json.text();
    expect(JSON.parse(jsonText)).toEqual(before);
    const csv = await fetch(`${server.url}/api/v1/bot/kb/export?format=csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const csvText = await csv.text();

    expect((await importKb('[]', 'application/json')).status).toBe(200);
    expect((await entries()).total).toBe(0);
    expect((await importKb(csvText, 'text/csv')).status).toBe(200);
    expect((await entries()).entries).toEqual(before);
    expect((await importKb(jsonText, 'application/json')).status).toBe(200);
    expect((await entries()).entries).toEqual(before);
  });

  it('changes rules, thresholds and settings through the config, refusing what does not hold', async () => {
    const refused = await api<Failure>(server.url, 'PUT', '/api/v1/bot/config', {
      token: admin,
      body: {
        rules: [{ id: 'r1', kind: 'keyword', keywords: ['开票'], target: { kind: 'entry', entryId: 'nope' } }],
        decision: { answerThreshold: 2 },
        settings: { name: '' },
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual(
      expect.arrayContaining([
        'decision.answerThreshold must be a number from 0 to 1',
        'settings.name must be a non-empty string of at most 2000 characters',
        'rules[0] (id "r1"): target entry "nope" does not exist',
      ]),
    );
    const rule = { id: 'r1', kind: 'keyword', keywords: ['开票'], target: { kind: 'entry', entryId: 'invoice' } };
    const saved = await api<{ version: Version }>(server.url, 'PUT', '/api/v1/bot/config', {
      token: admin,
      body: { rules: [rule], decision: { answerThreshold: 0.5 }, settings: { name: '小店助手' }, note: 'invoice keyword' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version.note).toBe('invoice keyword');
    const config = await api(server.url, 'GET', '/api/v1/bot/config', { token: admin });
    expect(config.body).toMatchObject({ rules: [rule], decision: { answerThreshold: 0.5 }, settings: { name: '小店助手', enabled: true } });
    expect(await ask('明天能开票吗')).toMatchObject({ decision: { kind: 'answer', entryId: 'invoice' } });
  });

  it('rolls back to an earlier version, and forward again', async () => {
    const list = await versions();
    const latest = list[0]!.version;
    const rolled = await api<{ version: Version }>(server.url, 'POST', '/api/v1/bot/versions/1/activate', { token: admin });
    expect(rolled.body.version).toMatchObject({ version: 1, active: true });
    expect((await entries()).entries).toEqual(shop);
    expect(await ask('尺码怎么选')).not.toMatchObject({ decision: { kind: 'answer', entryId: 'size' } });
    expect((await versions()).filter((v) => v.active).map((v) => v.version)).toEqual([1]);
    expect((await api(server.url, 'POST', '/api/v1/bot/versions/999/activate', { token: admin })).status).toBe(404);
    await api(server.url, 'POST', `/api/v1/bot/versions/${latest}/activate`, { token: admin });
    expect(await ask('尺码怎么选')).toMatchObject({ version: latest, decision: { kind: 'answer', entryId: 'size' } });
  });

  it('lists the bot routes in the OpenAPI document', async () => {
    const doc = await api<{ paths: Record<string, unknown> }>(server.url, 'GET', '/api/v1/openapi.json');
    for (const path of ['/api/v1/bot/kb/entries', '/api/v1/bot/kb/entries/{id}', '/api/v1/bot/kb/import', '/api/v1/bot/kb/export', '/api/v1/bot/config', '/api/v1/bot/versions', '/api/v1/bot/versions/{n}/activate', '/api/v1/bot/try', '/api/v1/bot/unanswered', '/api/v1/bot/unanswered/convert', '/api/v1/bot/unanswered/dismiss', '/api/v1/conversations/{id}/bot-turns']) {
      expect(doc.body.paths, path).toHaveProperty([path]);
    }
  });
});
