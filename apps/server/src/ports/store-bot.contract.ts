// Store contract: the bot's versions (one active per tenant, rollback), turn traces, dialogue state, unanswered questions.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BOT_SETTINGS, type BotConfig, type BotTurn } from '../domain/bot.js';
import { asEntryId, type ConversationId, type TenantId } from '../domain/ids.js';
import type { StoreTest } from './store-support.contract.js';

const config = (answer: string, extra: Partial<BotConfig> = {}): BotConfig => ({
  entries: [{ id: 'refund', question: '怎么退款', similar: ['how do I get a refund'], answer, tags: ['售后'] }],
  rules: [{ id: 'r1', kind: 'keyword', keywords: ['退货'], target: { kind: 'entry', entryId: 'refund' } }],
  flows: [],
  decision: { answerThreshold: 0.5 },
  settings: DEFAULT_BOT_SETTINGS,
  ...extra,
});

const turn = (tenantId: TenantId, conversationId: ConversationId, messageEntryId: string, at: string, entryId = 'refund'): BotTurn => ({
  tenantId,
  conversationId,
  messageEntryId: asEntryId(messageEntryId),
  replyEntryIds: [asEntryId(`${messageEntryId}-reply`)],
  botVersion: 1,
  stage: 'semantic',
  decision: 'answer',
  ruleId: null,
  entryId,
  flowId: null,
  scores: [{ entryId, score: 0.82 }],
  thresholds: { answer: 0.4, clarify: 0.1, margin: 0.1 },
  detail: { sentiment: 0 },
  latencyMs: 3.5,
  createdAt: at,
});

export function describeBotContract(t: StoreTest): void {
  describe('bot', () => {
    it('has no version before the first save', async () => {
      const f = await t.seed();
      expect(await t.store.getActiveBotVersion(f.tenant.id)).toBeNull();
      expect(await t.store.listBotVersions(f.tenant.id, 10)).toEqual([]);
    });

    it('numbers versions per tenant, makes the newest active and hands the config back whole', async () => {
      const f = await t.seed();
      t.clock.set('2025-03-01T08:00:00.000Z');
      const v1 = await t.store.saveBotVersion(f.tenant.id, { config: config('A'), createdBy: f.agent.id, note: 'first' });
      expect(v1).toEqual({ tenantId: f.tenant.id, version: 1, active: true, createdAt: '2025-03-01T08:00:00.000Z', createdBy: f.agent.id, note: 'first', config: config('A') });
      t.clock.advance(1000);
      const v2 = await t.store.saveBotVersion(f.tenant.id, { config: config('B'), createdBy: null, note: '' });
      expect(v2).toMatchObject({ version: 2, active: true, createdBy: null });
      expect(await t.store.getActiveBotVersion(f.tenant.id)).toEqual(v2);
      expect(await t.store.getBotVersion(f.tenant.id, 1)).toEqual({ ...v1, active: false });
      expect(await t.store.getBotVersion(f.tenant.id, 3)).toBeNull();
      const other = await t.seed('b');
      expect(await t.store.saveBotVersion(other.tenant.id, { config: config('C'), createdBy: null, note: '' })).toMatchObject({ version: 1 });
    });

    it('lists versions newest first without their configs, and only of the tenant', async () => {
      const f = await t.seed();
      const other = await t.seed('b');
      for (const answer of ['A', 'B', 'C']) await t.store.saveBotVersion(f.tenant.id, { config: config(answer), createdBy: null, note: answer });
      await t.store.saveBotVersion(other.tenant.id, { config: config('X'), createdBy: null, note: 'X' });
      const list = await t.store.listBotVersions(f.tenant.id, 2);
      expect(list.map((v) => [v.version, v.note, v.active])).toEqual([
        [3, 'C', true],
        [2, 'B', false],
      ]);
      expect(list.every((v) => !('config' in v))).toBe(true);
    });

    it('rolls back by activating an earlier version, keeping exactly one active; the next save numbers on', async () => {
      const f = await t.seed();
      for (const answer of ['A', 'B', 'C']) await t.store.saveBotVersion(f.tenant.id, { config: config(answer), createdBy: null, note: '' });
      expect(await t.store.activateBotVersion(f.tenant.id, 1)).toBe(true);
      expect((await t.store.getActiveBotVersion(f.tenant.id))?.config.entries[0]?.answer).toBe('A');
      expect((await t.store.listBotVersions(f.tenant.id, 10)).filter((v) => v.active).map((v) => v.version)).toEqual([1]);
      expect(await t.store.activateBotVersion(f.tenant.id, 9)).toBe(false);
      expect((await t.store.getActiveBotVersion(f.tenant.id))?.version).toBe(1);
      const v4 = await t.store.saveBotVersion(f.tenant.id, { config: config('D'), createdBy: null, note: '' });
      expect(v4.version).toBe(4);
      expect((await t.store.listBotVersions(f.tenant.id, 10)).filter((v) => v.active).map((v) => v.version)).toEqual([4]);
    });

    it("never activates or reads another tenant's version", async () => {
      const f = await t.seed();
      const other = await t.seed('b');
      await t.store.saveBotVersion(f.tenant.id, { config: config('A'), createdBy: null, note: '' });
      await t.store.saveBotVersion(f.tenant.id, { config: config('B'), createdBy: null, note: '' });
      expect(await t.store.activateBotVersion(other.tenant.id, 1)).toBe(false);
      expect(await t.store.getBotVersion(other.tenant.id, 1)).toBeNull();
      expect(await t.store.getActiveBotVersion(other.tenant.id)).toBeNull();
      expect((await t.store.getActiveBotVersion(f.tenant.id))?.version).toBe(2);
    });

    it('keeps the first trace of a visitor message and lists a conversation’s turns oldest first', async () => {
      const f = await t.seed();
      const c = await t.startConversation(f);
      const d = await t.conversationOfNewContact(f);
      const first = turn(f.tenant.id, c.id, 'm1', '2025-03-01T08:00:01.000Z');
      await t.store.saveBotTurn(first);
      await t.store.saveBotTurn({ ...first, entryId: 'other', decision: 'fallback' });
      const second = turn(f.tenant.id, c.id, 'm2', '2025-03-01T08:00:02.000Z');
      await t.store.saveBotTurn(second);
      await t.store.saveBotTurn(turn(f.tenant.id, d.id, 'm3', '2025-03-01T08:00:00.000Z'));
      expect(await t.store.listBotTurns(f.tenant.id, c.id)).toEqual([first, second]);
      const other = await t.seed('b');
      expect(await t.store.listBotTurns(other.tenant.id, c.id)).toEqual([]);
    });

    it('keeps the latest dialogue snapshot of each conversation', async () => {
      const f = await t.seed();
      const c = await t.startConversation(f);
      expect(await t.store.getDialogueSnapshot(f.tenant.id, c.id)).toBeNull();
      await t.store.putDialogueSnapshot(f.tenant.id, c.id, { consecutiveFallbacks: 1, flow: null });
      const flowing = { consecutiveFallbacks: 0, flow: { flowId: 'order-status', state: { step: 'ask-order', slots: { phone: '138' } } } };
      await t.store.putDialogueSnapshot(f.tenant.id, c.id, flowing);
      expect(await t.store.getDialogueSnapshot(f.tenant.id, c.id)).toEqual(flowing);
      const other = await t.seed('b');
      expect(await t.store.getDialogueSnapshot(other.tenant.id, c.id)).toBeNull();
    });

    it('lists open unanswered questions newest first and leaves out the ones resolved', async () => {
      const f = await t.seed();
      const c = await t.startConversation(f);
      const other = await t.seed('b');
      const oc = await t.startConversation(other);
      const ask = (tenantId: TenantId, conversationId: ConversationId, text: string, createdAt: string) =>
        t.store.recordUnanswered({ tenantId, conversationId, text, scores: [{ entryId: 'refund', score: 0.05 }], createdAt });
      await ask(f.tenant.id, c.id, '能开发票吗', '2025-03-01T08:00:00.000Z');
      await ask(f.tenant.id, c.id, '可以开发票吗', '2025-03-01T08:01:00.000Z');
      await ask(f.tenant.id, c.id, '几点下班', '2025-03-01T08:02:00.000Z');
      await ask(other.tenant.id, oc.id, '别家的问题', '2025-03-01T08:03:00.000Z');
      const open = await t.store.listUnanswered(f.tenant.id, 10);
      expect(open.map((q) => q.text)).toEqual(['几点下班', '可以开发票吗', '能开发票吗']);
      expect(open[0]).toEqual({ id: expect.any(String), tenantId: f.tenant.id, conversationId: c.id, text: '几点下班', scores: [{ entryId: 'refund', score: 0.05 }], createdAt: '2025-03-01T08:02:00.000Z' });
      expect((await t.store.listUnanswered(f.tenant.id, 1)).map((q) => q.text)).toEqual(['几点下班']);

      const invoices = open.slice(1).map((q) => q.id);
      const theirs = (await t.store.listUnanswered(other.tenant.id, 10)).map((q) => q.id);
      expect(await t.store.resolveUnanswered(f.tenant.id, [...invoices, ...theirs])).toBe(2);
      expect(await t.store.resolveUnanswered(f.tenant.id, invoices)).toBe(0);
      expect((await t.store.listUnanswered(f.tenant.id, 10)).map((q) => q.text)).toEqual(['几点下班']);
      expect((await t.store.listUnanswered(other.tenant.id, 10)).map((q) => q.text)).toEqual(['别家的问题']);
    });
  });
}
