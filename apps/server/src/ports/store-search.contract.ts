// Store contract: search in messages, contacts and label names.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Conversation, EntryKind, Participant } from '../domain/model.js';
import type { Store } from './store.js';
import { appended, type Fixture, type StoreTest } from './store-support.contract.js';

export function describeSearchContract(t: StoreTest): void {
  const { seed, conversationOfNewContact } = t;

  describe('search', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    /** Appends `text` to the conversation as the visitor (or `sender`) and answers the entry's seq. */
    const write = async (f: Fixture, c: Conversation, text: string, sender?: Participant, kind: EntryKind = 'text'): Promise<number> => {
      const who = sender ?? { role: 'visitor', id: c.contactId };
      const outcome = await store.append({ tenantId: f.tenant.id, target: { conversationId: c.id }, sender: who, clientMsgId: randomUUID(), kind, text });
      return appended(outcome).entry.seq;
    };
    const messages = async (f: Fixture, query: string, limit = 50) => (await store.search(f.tenant.id, query, { limit })).messages;
    const found = async (f: Fixture, query: string) => (await messages(f, query)).map((m) => m.snippet);

    it('finds a Chinese word inside a sentence without spaces, and only its characters in a row', async () => {
      const f = await seed();
      const c = await conversationOfNewContact(f);
      const seq = await write(f, c, '我想申请退款，可以吗');
      await write(f, c, '我的订单号是多少');
      expect(await messages(f, '退款')).toEqual([{ conversationId: c.id, seq, snippet: '我想申请退款，可以吗' }]);
      expect(await found(f, '订单')).toEqual(['我的订单号是多少']);
      expect(await found(f, '订单号')).toEqual(['我的订单号是多少']);
      expect(await found(f, '申请退款')).toEqual(['我想申请退款，可以吗']);
      expect(await found(f, '款退')).toEqual([]);
      expect(await found(f, '退单')).toEqual([]);
      expect(await found(f, '发票')).toEqual([]);
    });

    it('finds Japanese and Korean words inside sentences, and words next to Latin letters and digits', async () => {
      const f = await seed();
      const c = await conversationOfNewContact(f);
      await write(f, c, 'パスワードを忘れました');
      await write(f, c, '배송이 언제 되나요');
      await write(f, c, '我的iPhone15手机坏了');
      expect(await found(f, 'パスワード')).toEqual(['パスワードを忘れました']);
      expect(await found(f, '배송')).toEqual(['배송이 언제 되나요']);
      expect(await found(f, 'iphone15')).toEqual(['我的iPhone15手机坏了']);
      expect(await found(f, '手机')).toEqual(['我的iPhone15手机坏了']);
    });

    it('finds English words whatever their case and width, as whole words, across punctuation', async () => {
      const f = await seed();
      const c = await conversationOfNewContact(f);
      await write(f, c, 'Where is my ORDER? It was shipped.');
      await write(f, c, 'ｆｕｌｌ ｗｉｄｔｈ Ｒｅｆｕｎｄ');
      expect(await found(f, 'order')).toEqual(['Where is my ORDER? It was shipped.']);
      expect(await found(f, 'Order')).toHaveLength(1);
      expect(await found(f, 'MY order')).toHaveLength(1);
      expect(await found(f, 'order it')).toHaveLength(1);
      expect(await found(f, 'ord')).toEqual([]);
      expect(await found(f, 'order was')).toEqual([]);
      expect(await found(f, 'refund')).toEqual(['ｆｕｌｌ ｗｉｄｔｈ Ｒｅｆｕｎｄ']);
      expect(await found(f, 'WIDTH refund')).toHaveLength(1);
    });

    it('finds a word longer than 64 characters by its first 64, and a long message by its other words', async () => {
      const f = await seed();
      const c = await conversationOfNewContact(f);
      const hash = `${'9f86d081884c7d65'.repeat(5)}end`;
      await write(f, c, `checksum ${hash} attached`);
      await write(f, c, `flood ${'x'.repeat(48 * 1024)} tail`);
      expect(await found(f, hash)).toEqual([`checksum ${hash} attached`]);
      expect(await found(f, `checksum ${hash.slice(0, 64)}`)).toHaveLength(1);
      expect(await found(f, `${hash} attached`)).toHaveLength(1);
      expect(await found(f, hash.slice(0, 63))).toEqual([]);
      expect(await messages(f, 'flood')).toHaveLength(1);
      expect(await messages(f, `flood ${'x'.repeat(100)} tail`)).toHaveLength(1);
    });

    it('takes quotes, asterisks, minus signs, colons and operators as plain text: they neither break nor widen the query', async () => {
      const f = await seed();
      const c = await conversationOfNewContact(f);
      await write(f, c, 'refund please');
      await write(f, c, 'refunded already');
      await write(f, c, 'hello there');
      await write(f, c, 'body text 退款');
      expect(await found(f, '"refund*"')).toEqual(['refund please']);
      expect(await found(f, 'refund*')).toEqual(['refund please']);
      expect(await found(f, '"refund" OR "hello"')).toEqual([]);
      expect(await found(f, 'hello OR refund')).toEqual([]);
      expect(await found(f, 'hello NOT there')).toEqual([]);
      expect(await found(f, 'NEAR(hello there)')).toEqual([]);
      expect(await found(f, 'body:text')).toEqual(['body text 退款']);
      expect(await found(f, 'tenant:hello')).toEqual([]);
      expect(await found(f, '-hello')).toEqual(['hello there']);
      expect(await found(f, '"hello')).toEqual(['hello there']);
      expect(await found(f, '(hello) ^there')).toEqual(['hello there']);
      expect(await found(f, '"退款"*')).toEqual(['body text 退款']);
      for (const nothing of ['', '   ', '"', '""', '*', '"*"', 'AND', 'OR', '-', ':', '()', '^', '{}', '，。？']) {
        expect(await store.search(f.tenant.id, nothing, { limit: 10 })).toEqual({ messages: [], contacts: [], labelled: [] });
      }
    });

    it('cuts the snippet to at most 120 characters around the match', async () => {
      const f = await seed();
      const c = await conversationOfNewContact(f);
      const long = `${'很长的开头。'.repeat(30)}我想申请退款，可以吗？${'结尾的废话。'.repeat(30)}`;
      await write(f, c, long);
      await write(f, c, `${'x'.repeat(200)} needle`);
      const [hit] = await found(f, '退款');
      expect([...hit!].length).toBeLessThanOrEqual(120);
      expect([...hit!].length).toBeGreaterThan(60);
      expect(hit).toContain('我想申请退款，可以吗');
      expect(long).toContain(hit!.replace(/^…|…$/g, ''));
      const [end] = await found(f, 'needle');
      expect(end!.endsWith(' needle')).toBe(true);
      expect([...end!].length).toBeLessThanOrEqual(120);
    });

    it("finds agents' notes and bot messages, but not events", async () => {
      const f = await seed();
      const c = await conversationOfNewContact(f, 'queued');
      await write(f, c, 'internal remark 备注', { role: 'agent', id: f.agent.id }, 'note');
      await write(f, c, 'bot answer 自动回复', { role: 'bot', id: 'bot' });
      await store.transition(f.tenant.id, c.id, t.claim(f.agent.id));
      expect(await found(f, '备注')).toEqual(['internal remark 备注']);
      expect(await found(f, '自动回复')).toEqual(['bot answer 自动回复']);
      expect(await found(f, 'Bo joined')).toEqual([]);
    });

    it('lists the newest matches first, at most limit, with the seq of each', async () => {
      const f = await seed();
      const [a, b] = [await conversationOfNewContact(f), await conversationOfNewContact(f)];
      t.clock.set('2025-01-06T08:00:00.000Z');
      const s1 = await write(f, a, 'ping one');
      t.clock.advance(1000);
      const s2 = await write(f, b, 'ping two');
      const s3 = await write(f, a, 'ping three, same time');
      t.clock.advance(1000);
      await write(f, b, 'pong');
      expect(await messages(f, 'ping')).toEqual([
        { conversationId: a.id, seq: s3, snippet: 'ping three, same time' },
        { conversationId: b.id, seq: s2, snippet: 'ping two' },
        { conversationId: a.id, seq: s1, snippet: 'ping one' },
      ]);
      expect((await messages(f, 'ping', 2)).map((m) => m.seq)).toEqual([s3, s2]);
    });

    it('finds contacts by name, email and the values of their attributes, as they are now, newest first', async () => {
      const f = await seed();
      t.clock.set('2025-01-06T08:00:00.000Z');
      const wang = await store.createContact(f.tenant.id, { inboxId: f.inbox.id, name: '王小明', email: 'Xiao.Ming@Example.com' });
      t.clock.advance(1000);
      const lee = await store.createContact(f.tenant.id, { inboxId: f.inbox.id, name: 'Lee Example' });
      const ids = async (query: string) => (await store.search(f.tenant.id, query, { limit: 10 })).contacts.map((c) => c.id);
      expect((await store.search(f.tenant.id, '小明', { limit: 10 })).contacts).toEqual([wang]);
      expect(await ids('xiao.ming@example.com')).toEqual([wang.id]);
      expect(await ids('example')).toEqual([lee.id, wang.id]);
      expect((await store.search(f.tenant.id, 'example', { limit: 1 })).contacts.map((c) => c.id)).toEqual([lee.id]);
      const updated = await store.updateContact(f.tenant.id, wang.id, { attributes: { company: '星光科技', seats: 42, tags: ['gold'] } });
      expect((await store.search(f.tenant.id, '科技', { limit: 10 })).contacts).toEqual([updated]);
      expect(await ids('42')).toEqual([wang.id]);
      expect(await ids('gold')).toEqual([wang.id]);
      expect(await ids('company')).toEqual([]);
      await store.updateContact(f.tenant.id, wang.id, { name: '王大明', attributes: { company: null } });
      expect(await ids('小明')).toEqual([]);
      expect(await ids('科技')).toEqual([]);
      expect(await ids('大明')).toEqual([wang.id]);
      expect(await ids('xiao.ming@example.com')).toEqual([wang.id]);
    });

    it('finds the conversations carrying a label whose name matches, newest first', async () => {
      const f = await seed();
      for (const name of ['退款申请', 'VIP customer', 'bug']) await store.upsertLabel(f.tenant.id, { name, color: '#123456', description: 'not searched: 退款' });
      const event = { actor: { role: 'system' as const, id: 'system' }, name: 'labels', text: 'labels' };
      const [a, b, c] = [await conversationOfNewContact(f), await conversationOfNewContact(f), await conversationOfNewContact(f)];
      await store.transition(f.tenant.id, a.id, { from: {}, to: { labels: ['退款申请'] }, event });
      t.clock.advance(1000);
      await store.transition(f.tenant.id, b.id, { from: {}, to: { labels: ['退款申请', 'vip customer'] }, event });
      await store.transition(f.tenant.id, c.id, { from: {}, to: { labels: ['bug'] }, event });
      const labelled = async (query: string, limit = 10) => (await store.search(f.tenant.id, query, { limit })).labelled;
      expect(await labelled('退款')).toEqual([b.id, a.id]);
      expect(await labelled('退款', 1)).toEqual([b.id]);
      expect(await labelled('vip')).toEqual([b.id]);
      expect(await labelled('customer')).toEqual([b.id]);
      expect(await labelled('申退')).toEqual([]);
      await store.upsertLabel(f.tenant.id, { name: 'VIP Customer', color: '#123456', description: '' });
      expect(await labelled('vip customer')).toEqual([b.id]);
      await store.deleteLabel(f.tenant.id, '退款申请');
      expect(await labelled('退款')).toEqual([]);
      expect(await labelled('bug')).toEqual([c.id]);
    });

    it('narrows messages, contacts and labelled conversations to one contact', async () => {
      const f = await seed();
      await store.upsertLabel(f.tenant.id, { name: 'urgent', color: '#123456', description: '' });
      const event = { actor: { role: 'system' as const, id: 'system' }, name: 'labels', text: 'labels' };
      const mine = await conversationOfNewContact(f);
      const other = await conversationOfNewContact(f);
      await store.updateContact(f.tenant.id, mine.contactId, { name: 'urgent buyer' });
      await store.updateContact(f.tenant.id, other.contactId, { name: 'urgent seller' });
      for (const c of [mine, other]) {
        await write(f, c, 'urgent question');
        await store.transition(f.tenant.id, c.id, { from: {}, to: { labels: ['urgent'] }, event });
      }
      const all = await store.search(f.tenant.id, 'urgent', { limit: 10 });
      expect([all.messages.length, all.contacts.length, all.labelled.length]).toEqual([2, 2, 2]);
      const narrowed = await store.search(f.tenant.id, 'urgent', { limit: 10, contactId: mine.contactId });
      expect(narrowed.messages.map((m) => m.conversationId)).toEqual([mine.id]);
      expect(narrowed.contacts.map((c) => c.id)).toEqual([mine.contactId]);
      expect(narrowed.labelled).toEqual([mine.id]);
    });

    it('finds nothing of another tenant', async () => {
      const f = await seed('a');
      const g = await seed('b');
      const c = await conversationOfNewContact(f);
      await write(f, c, '我想申请退款 secret refund');
      await store.updateContact(f.tenant.id, c.contactId, { name: '退款客户', email: 'refund@example.com', attributes: { note: 'refund' } });
      await store.upsertLabel(f.tenant.id, { name: '退款', color: '#123456', description: '' });
      await store.transition(f.tenant.id, c.id, { from: {}, to: { labels: ['退款'] }, event: { actor: { role: 'system', id: 's' }, name: 'x', text: 'x' } });
      const empty = { messages: [], contacts: [], labelled: [] };
      for (const query of ['退款', 'refund', 'secret refund', f.tenant.id, 'example']) {
        expect(await store.search(g.tenant.id, query, { limit: 10 })).toEqual(empty);
        expect(await store.search(g.tenant.id, query, { limit: 10, contactId: c.contactId })).toEqual(empty);
      }
      const mine = await store.search(f.tenant.id, '退款', { limit: 10 });
      expect([mine.messages.length, mine.contacts.length, mine.labelled]).toEqual([1, 1, [c.id]]);
    });
  });
}
