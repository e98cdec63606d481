import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import type { KnowledgeEntry } from '../knowledge-base.js';
import { basicNormalizer } from '../normalize.js';
import { SemanticMatcher } from './semantic-matcher.js';
import { topK } from './top-k.js';

const entries: KnowledgeEntry[] = [
  { id: 'refund', question: 'how do i get a refund', similar: ['i want my money back', 'refund my order', 'can i be refunded'], answer: 'Ask for a refund on the order page.' },
  { id: 'shipping', question: 'when will my order ship', similar: ['how long until it ships', 'has my parcel been sent', 'shipping time'], answer: 'Orders leave within 48 hours.' },
  { id: 'invoice', question: 'can i get an invoice', similar: ['i need an invoice', 'where is my invoice', 'send me a receipt'], answer: 'Invoices are on the order details page.' },
  { id: 'password', question: 'i forgot my password', similar: ['reset my password', 'cannot log in', 'change the password'], answer: 'Use "forgot password" on the login page.' },
];
const doc = (t: string) => analyze(basicNormalizer, t);
const build = (retrievalAbove: number) => SemanticMatcher.build(entries, doc, { retrievalAbove });

describe('SemanticMatcher on a large knowledge base (nearest examples)', () => {
  it('keeps the classifier up to `retrievalAbove` entries and retrieves above it', () => {
    expect(build(4).kind).toBe('classifier');
    expect(build(3).kind).toBe('retrieval');
  });

  it('ranks the entry of a new wording first, its top scores matching the per-entry scores', () => {
    const m = build(3);
    for (const [text, id] of [['please refund me', 'refund'], ['my parcel has not shipped', 'shipping'], ['lost my password', 'password']] as const) {
      const top = m.top(doc(text), 3);
      expect(m.entryIds[top[0]?.index ?? -1]).toBe(id);
      const dense = m.score(doc(text));
      expect(dense.reduce((a, x) => a + x, 0)).toBeLessThanOrEqual(1 + 1e-9);
      for (const r of top) expect(dense[r.index]).toBeCloseTo(r.score, 12);
    }
  });

  it('lets the background class take off-topic questions, as the classifier does', () => {
    const m = build(3);
    expect(m.top(doc('tell me a joke'), 1)[0]?.score ?? 0).toBeLessThan(0.3);
  });

  it('gives the same top entries from `top` as from the dense scores on the classifier path', () => {
    const m = build(1_000);
    const d = doc('refund my invoice');
    expect(m.top(d, 3)).toEqual(topK(m.score(d), 3));
  });

  it('restores from a snapshot a matcher that ranks every question the same', () => {
    const m = build(3);
    const restored = SemanticMatcher.restore(structuredClone(m.snapshot()));
    expect(restored.kind).toBe('retrieval');
    expect(restored.temperature).toBe(m.temperature);
    for (const t of ['refund', 'invoice please', 'hello there']) expect(restored.top(doc(t), 4)).toEqual(m.top(doc(t), 4));
  });
});
