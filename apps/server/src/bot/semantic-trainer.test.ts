import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { analyze } from '../dialogue/analyze.js';
import type { KnowledgeEntry } from '../dialogue/knowledge-base.js';
import { basicNormalizer } from '../dialogue/normalize.js';
import { SemanticMatcher } from '../dialogue/semantic/semantic-matcher.js';
import { pack, trainSnapshot, unpack, type TrainReply } from './semantic-trainer.js';

const entries: KnowledgeEntry[] = [
  { id: 'refund', question: '怎么申请退款', similar: ['我要退款', '退款怎么弄', '钱能退回来吗', 'how do I get a refund'], answer: '订单页申请退款。' },
  { id: 'shipping', question: '多久发货', similar: ['什么时候发货', '几天发出', '怎么还没发货', 'when will it ship'], answer: '48 小时内发货。' },
  { id: 'invoice', question: '可以开发票吗', similar: ['怎么开发票', '需要发票', '电子发票在哪', 'can I get an invoice'], answer: '订单详情页申请。' },
];
const probes = ['退款', '我的东西什么时候发', 'invoice please', '明天会下雨吗', '发票抬头写错了'];
const scores = (m: SemanticMatcher) => probes.map((p) => Array.from(m.score(analyze(basicNormalizer, p))));

const COMPILED_WORKER = fileURLToPath(new URL('../../dist/bot/train-worker.js', import.meta.url));

describe('semantic training off the event loop', () => {
  it('restores from a snapshot a matcher that scores every question exactly as the original', async () => {
    const original = SemanticMatcher.build(entries, (t) => analyze(basicNormalizer, t));
    const restored = SemanticMatcher.restore(unpack(structuredClone(pack(original.snapshot()))));
    expect(restored.entryIds).toEqual(['refund', 'shipping', 'invoice']);
    expect(scores(restored)).toEqual(scores(original));
    expect(restored.temperature).toBe(original.temperature);
  });

  it('packs and restores the nearest-example model of a large knowledge base the same way', () => {
    const original = SemanticMatcher.build(entries, (t) => analyze(basicNormalizer, t), { retrievalAbove: 2 });
    expect(original.kind).toBe('retrieval');
    const restored = SemanticMatcher.restore(unpack(structuredClone(pack(original.snapshot()))));
    expect(restored.kind).toBe('retrieval');
    expect(scores(restored)).toEqual(scores(original));
    expect(restored.temperature).toBe(original.temperature);
  });

  it.skipIf(!existsSync(COMPILED_WORKER))('trains on the compiled worker thread and hands back the same matcher (needs npm run build)', async () => {
    const worker = new Worker(COMPILED_WORKER, { workerData: { entries, normalize: {}, semantic: {} } });
    const reply = await new Promise<TrainReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    if (!reply.ok) throw new Error(reply.message);
    const here = SemanticMatcher.restore(await trainSnapshot({ entries }));
    expect(scores(SemanticMatcher.restore(unpack(reply.packed)))).toEqual(scores(here));
  });

  it.skipIf(!existsSync(COMPILED_WORKER))('hands the nearest-example model back from the worker thread too (needs npm run build)', async () => {
    const semantic = { retrievalAbove: 2 };
    const worker = new Worker(COMPILED_WORKER, { workerData: { entries, normalize: {}, semantic } });
    const reply = await new Promise<TrainReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    if (!reply.ok) throw new Error(reply.message);
    const there = SemanticMatcher.restore(unpack(reply.packed));
    expect(there.kind).toBe('retrieval');
    expect(scores(there)).toEqual(scores(SemanticMatcher.restore(await trainSnapshot({ entries, semantic }))));
  });
});
