import { describe, expect, it } from 'vitest';
import { HashingEncoder } from '../../adapters/hashing-encoder.js';
import type { Encoder } from '../../ports/encoder.js';
import { initialDialogueState } from '../decision.js';
import { DialogueEngine, type EngineOptions } from '../engine.js';
import type { KnowledgeEntry } from '../knowledge-base.js';
import { combineScores } from './encoder-head.js';
import { EncoderNearest } from './encoder-nearest.js';

// As in encoder-head.test.ts: "parcel" is in no entry, so the words alone cannot tell the first two apart.
const kb: KnowledgeEntry[] = [
  { id: 'track', question: 'where is my package', similar: ['track my package', 'my package has not arrived', 'when will the package be delivered'], answer: 'a' },
  { id: 'refund', question: 'where is my refund', similar: ['my refund has not arrived', 'when will the refund be paid', 'track my refund'], answer: 'b' },
  { id: 'password', question: 'how do i reset my password', similar: ['forgot my password', 'change password', 'i cannot log in'], answer: 'c' },
  { id: 'invoice', question: 'can i get an invoice', similar: ['send me an invoice', 'where is my invoice', 'i need a receipt'], answer: 'd' },
];
/** Knows that a parcel and a shipment are a package, as a sentence encoder would. */
const encoder = new HashingEncoder(64, { parcel: 'package', shipment: 'package' });

async function engine(options: EngineOptions = {}): Promise<DialogueEngine> {
  const built = await DialogueEngine.build(kb, options);
  if (!built.ok) throw new Error('build failed');
  return built.engine;
}

const examples = kb.flatMap((e, label) => [e.question, ...e.similar].map((text) => ({ text, label })));

describe('EncoderNearest', () => {
  it('fits its temperature on the held-out questions, and has none without them', async () => {
    const heldOut = kb.map((_, i) => i * 4 + 1);
    const fitted = await EncoderNearest.build(encoder, examples, kb.length, { weight: 0.5, depth: 20, heldOut });
    expect(fitted.heldOutUsed).toBe(4);
    expect(fitted.temperature).toBeGreaterThan(0.05);
    expect(fitted.temperature).toBeLessThan(20);
    expect(fitted.temperature).not.toBe(1);
    const none = await EncoderNearest.build(encoder, examples, kb.length, { weight: 0.5, depth: 20, heldOut: [] });
    expect(none.temperature).toBe(1);
    // A budget for one question's comparisons keeps one question.
    const thin = await EncoderNearest.build(encoder, examples, kb.length, { weight: 0.5, depth: 20, heldOut, calibrationWork: examples.length * 64 });
    expect(thin.heldOutUsed).toBe(1);
  });

  it('mixes only the lexical candidates, as the full distribution would mix with the same combine', async () => {
    const withBackground = [...examples, { text: 'what is the weather today', label: kb.length }];
    const model = await EncoderNearest.build(encoder, withBackground, kb.length + 1, { weight: 0.5, depth: 20, heldOut: [1, 5, 9, 13] });
    const query = await model.embed('where is my parcel');
    // Lexical scores for two entries only (the others 0), 0.4 left to no entry.
    const lexical = new Map([[1, 0.35], [0, 0.25]]);
    const mixed = model.mix(query, lexical, kb.length);
    const dense = combineScores(Float64Array.from([0.25, 0.35, 0, 0]), model.distribution(query), 0.5);
    expect([...mixed.keys()].sort()).toEqual([0, 1]);
    for (const [i, s] of mixed) expect(s).toBeCloseTo(dense[i] ?? 0, 5);
    // The encoder knows a parcel is a package: the lexical order flips.
    expect(mixed.get(0) ?? 0).toBeGreaterThan(mixed.get(1) ?? 0);
    expect(model.mix(query, new Map(), kb.length).size).toBe(0);
  });
});

describe('DialogueEngine with an encoder on a large knowledge base', () => {
  it('uses nearest examples above `retrievalAbove` entries and the fitted head up to it', async () => {
    expect((await engine({ encoder, semantic: { retrievalAbove: kb.length - 1 } })).encoderKind).toBe('nearest');
    expect((await engine({ encoder, semantic: { retrievalAbove: kb.length } })).encoderKind).toBe('head');
    expect((await engine({ semantic: { retrievalAbove: 1 } })).encoderKind).toBe('none');
  });

  it('ranks first the entry the encoder separates where the words favour another', async () => {
    const semantic = { retrievalAbove: 1 };
    const plain = await engine({ semantic });
    const large = await engine({ encoder, semantic });
    // "shipment" is in no entry; "has not arrived" and "when will the … arrive" are in both.
    for (const text of ['my shipment has not arrived', 'when will the shipment arrive']) {
      expect((await plain.understand(text, initialDialogueState)).trace.scores[0]?.entryId).toBe('refund');
      const [first, second] = (await large.understand(text, initialDialogueState)).trace.scores;
      expect(first?.entryId).toBe('track');
      expect(second?.entryId).toBe('refund');
    }
    expect((await large.understand('forgot the password', initialDialogueState)).trace.scores[0]?.entryId).toBe('password');
    expect((await large.understand('i need an invoice', initialDialogueState)).trace.scores[0]?.entryId).toBe('invoice');
  });

  it('keeps the lexical scores when the encoder fails on a message', async () => {
    let fail = false;
    const flaky: Encoder = { dimension: 64, embed: async (texts) => (fail ? Promise.reject(new Error('down')) : encoder.embed(texts)) };
    const semantic = { retrievalAbove: 1 };
    const large = await engine({ encoder: flaky, semantic });
    fail = true;
    const plain = await (await engine({ semantic })).understand('where is my parcel', initialDialogueState);
    expect((await large.understand('where is my parcel', initialDialogueState)).trace.scores).toEqual(plain.trace.scores);
  });
});
