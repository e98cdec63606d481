import { beforeAll, describe, expect, it } from 'vitest';
import type { Encoder } from '../ports/encoder.js';
import { initialDialogueState } from './decision.js';
import { DialogueEngine, type EngineOptions } from './engine.js';
import type { KnowledgeEntry } from './knowledge-base.js';

const kb: KnowledgeEntry[] = [
  { id: 'refund', question: '退款多久到账', similar: ['退款要几天', '钱什么时候退回来', 'how long does a refund take', 'when do I get my money back'], answer: '1–3 个工作日原路退回' },
  { id: 'invoice', question: '怎么开发票', similar: ['可以开发票吗', '发票在哪里申请', 'can I get an invoice', 'I need a VAT invoice'], answer: '在订单详情申请电子发票', tags: ['billing'] },
  { id: 'address', question: '怎么修改收货地址', similar: ['地址填错了', '可以改地址吗', 'change my shipping address', 'wrong address on my order'], answer: '发货前可在订单详情修改' },
  { id: 'lawsuit', question: '我要起诉你们', similar: ['法律诉讼', 'I will sue you'], answer: '—', tags: ['legal'] },
];

async function build(options: EngineOptions = {}): Promise<DialogueEngine> {
  const built = await DialogueEngine.build(kb, { decision: { restrictedTags: ['legal'] }, ...options });
  if (!built.ok) throw new Error('build failed');
  return built.engine;
}

describe('DialogueEngine', () => {
  let engine: DialogueEngine;
  beforeAll(async () => {
    engine = await build();
  });

  it('answers an exact question from the cache, with a trace naming the stage', async () => {
    const { decision, trace } = await engine.understand('退款多久到账？', initialDialogueState);
    expect(decision).toMatchObject({ kind: 'answer', entryId: 'refund' });
    expect(trace).toMatchObject({ stage: 'rule', ruleId: 'exact', entryId: 'refund', decision: 'answer' });
    expect(trace.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('answers a paraphrase through the classifier, with its scores and thresholds in the trace', async () => {
    const { decision, trace } = await engine.understand('发票怎么申请呢', initialDialogueState);
    expect(decision).toMatchObject({ kind: 'answer', entryId: 'invoice' });
    expect(trace.stage).toBe('semantic');
    expect(trace.scores[0]?.entryId).toBe('invoice');
    expect(trace.thresholds.answer).toBeGreaterThan(trace.thresholds.clarify);
  });

  it('hands off at once when the visitor asks for a person', async () => {
    const { decision, trace } = await engine.understand('别废话了，转人工', initialDialogueState);
    expect(decision).toMatchObject({ kind: 'handoff', reason: 'asked_for_human' });
    expect(trace.scores).toEqual([]);
  });

  it('hands off rather than answer an entry of a restricted topic', async () => {
    const { decision } = await engine.understand('我想咨询法律诉讼', initialDialogueState);
    expect(decision).toMatchObject({ kind: 'handoff', reason: 'restricted_topic' });
  });

  it('falls back on chit-chat, then hands off on the next fallback', async () => {
    const first = await engine.understand('今天天气真好啊', initialDialogueState);
    expect(first.decision.kind).toBe('fallback');
    const second = await engine.understand('what is the capital of france', first.state);
    expect(second.decision).toMatchObject({ kind: 'handoff', reason: 'repeated_fallback' });
  });

  it('refuses rules that point to a missing entry instead of half-applying them', async () => {
    const built = await DialogueEngine.build(kb, { rules: [{ kind: 'keyword', id: 'r', keywords: ['x'], target: { kind: 'entry', entryId: 'nope' } }] });
    expect(built.ok).toBe(false);
  });

  it('mixes an encoder\'s distribution into the scores, and survives its failure', async () => {
    // A toy encoder that only knows the word "parcel" means the address entry's world.
    const toy: Encoder = {
      dimension: 2,
      embed: async (texts) => texts.map((t) => Float32Array.from(/parcel|地址|address/.test(t) ? [1, 0] : [0, 1])),
    };
    const withEncoder = await build({ encoder: toy, encoderWeight: 0.9 });
    const { trace } = await withEncoder.understand('parcel', initialDialogueState);
    expect(trace.scores[0]?.entryId).toBe('address');
    const broken: Encoder = { dimension: 2, embed: async (texts) => (texts.length > 1 ? texts.map(() => Float32Array.from([1, 0])) : Promise.reject(new Error('down'))) };
    const degraded = await build({ encoder: broken });
    await expect(degraded.understand('发票怎么申请呢', initialDialogueState)).resolves.toMatchObject({ decision: { entryId: 'invoice' } });
  });
});
