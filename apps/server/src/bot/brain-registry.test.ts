import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryBus } from '../adapters/memory-bus.js';
import { SqliteStore } from '../adapters/sqlite-store.js';
import type { KbEntry } from '../domain/bot.js';
import type { TenantId } from '../domain/ids.js';
import { initialDialogueState } from '../dialogue/decision.js';
import { createLogger } from '../log.js';
import type { BusEvent } from '../ports/bus.js';
import { BrainRegistry } from './brain-registry.js';
import type { Brain } from './brain.js';
import { workerTrainer, type SemanticTrainer } from './semantic-trainer.js';

const kb: KbEntry[] = [
  { id: 'refund', question: '怎么申请退款', similar: ['我要退款', '退款怎么弄'], answer: '订单页申请退款。' },
  { id: 'shipping', question: '多久发货', similar: ['什么时候发货', '几天发出'], answer: '48 小时内发货。' },
];
const wrap: KbEntry = { id: 'gift', question: '可以礼品包装吗', similar: ['能包装成礼物吗', '有礼盒吗'], answer: '可以。' };

const answerOf = async (brain: Brain | null, text: string) => {
  const { decision } = await brain!.engine.understand(text, initialDialogueState);
  return decision.kind === 'answer' ? decision.entryId : decision.kind;
};

describe('BrainRegistry', () => {
  let dir: string;
  let store: SqliteStore;
  let bus: MemoryBus;
  let tenant: TenantId;
  const registries: BrainRegistry[] = [];
  const log = createLogger('silent');
  const registry = (trainer?: SemanticTrainer) => {
    const r = new BrainRegistry({ store, bus, log, ...(trainer ? { trainer } : {}) });
    registries.push(r);
    return r;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-brains-'));
    store = SqliteStore.open({ path: join(dir, 'kefu.db') });
    bus = new MemoryBus();
    tenant = (await store.createTenant('Shop')).id;
  });
  afterEach(async () => {
    for (const r of registries.splice(0)) await r.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no brain before the first version, then answers from what was published', async () => {
    const brains = registry();
    expect(await brains.current(tenant)).toBeNull();
    const outcome = await brains.publish(tenant, { entries: kb }, null, 'first');
    expect(outcome).toMatchObject({ kind: 'published', version: { version: 1, active: true, note: 'first' } });
    const brain = await brains.current(tenant);
    expect(brain?.version).toBe(1);
    expect(await answerOf(brain, '退款怎么弄')).toBe('refund');
  });

  it('reads "no bot" once per tenant, and every node sees the first version published', async () => {
    const reads = vi.spyOn(store, 'getActiveBotVersion');
    const here = registry();
    const there = registry();
    for (let i = 0; i < 3; i++) {
      expect(await here.current(tenant)).toBeNull();
      expect(await there.current(tenant)).toBeNull();
    }
    expect(reads).toHaveBeenCalledTimes(2);
    await here.publish(tenant, { entries: kb }, null, 'first');
    expect((await here.current(tenant))?.version).toBe(1);
    expect((await there.current(tenant))?.version).toBe(1);
    expect(await answerOf(await there.current(tenant), '退款怎么弄')).toBe('refund');
  });

  it('refuses a config with problems in any part, listing them all, and changes nothing', async () => {
    const brains = registry();
    await brains.publish(tenant, { entries: kb }, null, '');
    const before = await brains.current(tenant);
    const outcome = await brains.publish(
      tenant,
      {
        entries: [...kb, { id: 'refund', question: 'x', similar: [], answer: 'y' }],
        rules: [{ id: 'r', kind: 'regex', pattern: '(', target: { kind: 'handoff' } }],
        flows: [{ id: 'f' }],
        decision: { answerThreshold: -1, surprise: 1 },
        settings: { inboxIds: ['no-such-inbox'] },
      },
      null,
      '',
    );
    expect(outcome.kind).toBe('invalid');
    const issues = outcome.kind === 'invalid' ? outcome.issues : [];
    expect(issues.some((i) => i.startsWith('entries: entry 3 (id "refund"): id duplicates entry 1'))).toBe(true);
    expect(issues.some((i) => i.startsWith('flows: '))).toBe(true);
    expect(issues).toContain('decision.answerThreshold must be a number from 0 to 1');
    expect(issues.some((i) => i.startsWith('decision.surprise is not a threshold'))).toBe(true);
    expect(await store.listBotVersions(tenant, 10)).toHaveLength(1);
    expect(await brains.current(tenant)).toBe(before);

    const inbox = await brains.publish(tenant, { entries: kb, settings: { inboxIds: ['no-such-inbox'] } }, null, '');
    expect(inbox).toEqual({ kind: 'invalid', issues: ['settings.inboxIds: "no-such-inbox" is not an inbox of this account'] });
  });

  it('keeps the old brain answering when training fails, and stores nothing', async () => {
    const real = workerTrainer();
    let fail = false;
    // Stands in for a worker that dies (out of memory, killed): the trainer's promise rejects.
    const flaky: SemanticTrainer = {
      train: (request) => (fail ? Promise.reject(new Error('worker exited with 137')) : real.train(request)),
      close: () => real.close(),
    };
    const brains = registry(flaky);
    await brains.publish(tenant, { entries: kb }, null, '');
    fail = true;
    await expect(brains.publish(tenant, { entries: [...kb, wrap] }, null, '')).rejects.toMatchObject({ code: 'unavailable' });
    expect((await brains.current(tenant))?.version).toBe(1);
    expect(await store.listBotVersions(tenant, 10)).toHaveLength(1);
  });

  it('lets a turn keep the brain it started with while a new version swaps in', async () => {
    const brains = registry();
    await brains.publish(tenant, { entries: kb }, null, '');
    const inFlight = await brains.current(tenant);
    await brains.publish(tenant, { entries: [...kb, wrap] }, null, '');
    expect(await answerOf(inFlight, '能包装成礼物吗')).not.toBe('gift');
    expect(await answerOf(await brains.current(tenant), '能包装成礼物吗')).toBe('gift');
  });

  it('rolls back to an earlier version and tells the bus; another node follows', async () => {
    const events: BusEvent[] = [];
    bus.subscribe((e) => events.push(e));
    const here = registry();
    const there = registry();
    await here.publish(tenant, { entries: kb }, null, '');
    expect((await there.current(tenant))?.version).toBe(1);
    await here.publish(tenant, { entries: [...kb, wrap] }, null, '');
    await expect.poll(async () => (await there.current(tenant))?.version).toBe(2);
    expect(await answerOf(await there.current(tenant), '能包装成礼物吗')).toBe('gift');

    expect(await here.rollback(tenant, 1)).toMatchObject({ version: 1, active: true });
    expect(await answerOf(await here.current(tenant), '能包装成礼物吗')).not.toBe('gift');
    await expect.poll(async () => (await there.current(tenant))?.version).toBe(1);
    expect(await here.rollback(tenant, 7)).toBeNull();
    expect(events.filter((e) => e.type === 'bot.changed')).toEqual([
      { type: 'bot.changed', tenantId: tenant, version: 1 },
      { type: 'bot.changed', tenantId: tenant, version: 2 },
      { type: 'bot.changed', tenantId: tenant, version: 1 },
    ]);
    expect((await here.versions(tenant)).map((v) => [v.version, v.active])).toEqual([
      [2, false],
      [1, true],
    ]);
  });

  it('applies two admins’ edits one after the other, losing neither', async () => {
    const brains = registry();
    await brains.publish(tenant, { entries: kb }, null, '');
    const add = (entry: KbEntry) => brains.update(tenant, (c) => ({ ...c, entries: [...c.entries, entry] }), null, `add ${entry.id}`);
    const [a, b] = await Promise.all([add(wrap), add({ id: 'size', question: '尺码怎么选', similar: ['偏大吗'], answer: '看尺码表。' })]);
    expect([a.kind, b.kind]).toEqual(['published', 'published']);
    expect((await brains.activeConfig(tenant)).config.entries.map((e) => e.id)).toEqual(['refund', 'shipping', 'gift', 'size']);
  });
});
