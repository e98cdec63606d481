import { describe, expect, it } from 'vitest';
import { HashingEncoder } from '../../adapters/hashing-encoder.js';
import { initialDialogueState } from '../decision.js';
import { DialogueEngine, type EngineOptions } from '../engine.js';
import type { KnowledgeEntry } from '../knowledge-base.js';
import { EncoderHead } from './encoder-head.js';

// Two entries that share most words: "parcel" is in neither, so the lexical path cannot tell them apart.
const kb: KnowledgeEntry[] = [
  { id: 'track', question: 'where is my package', similar: ['track my package', 'my package has not arrived', 'when will the package be delivered'], answer: 'a' },
  { id: 'refund', question: 'where is my refund', similar: ['my refund has not arrived', 'when will the refund be paid', 'track my refund'], answer: 'b' },
  { id: 'password', question: 'how do i reset my password', similar: ['forgot my password', 'change password'], answer: 'c' },
];
/** Knows that a parcel and a shipment are a package, as a sentence encoder would. */
const encoder = new HashingEncoder(64, { parcel: 'package', shipment: 'package' });

async function engine(options: EngineOptions = {}): Promise<DialogueEngine> {
  const built = await DialogueEngine.build(kb, options);
  if (!built.ok) throw new Error('build failed');
  return built.engine;
}

async function head(weight: number): Promise<EncoderHead> {
  return EncoderHead.train(encoder, [{ text: 'package', label: 0 }, { text: 'refund', label: 1 }], 2, { weight, minSteps: 100 });
}

describe('EncoderHead', () => {
  it('learns the classes of its examples from their embeddings', async () => {
    const h = await EncoderHead.train(encoder, kb.flatMap((e, label) => [e.question, ...e.similar].map((text) => ({ text, label }))), kb.length);
    const [q] = await h.probabilities(['where is my parcel']);
    expect(h.classes).toBe(3);
    expect(q?.[0]).toBeGreaterThan(0.8);
  });

  it('mixes geometrically: agreement sharpens, weight 0 leaves the lexical scores as they were', async () => {
    const even = await head(0.5);
    const mixed = even.combine(Float64Array.from([0.6, 0.4]), Float64Array.from([0.6, 0.4]));
    expect(mixed[0]).toBeCloseTo(0.6, 12);
    const sharper = even.combine(Float64Array.from([0.6, 0.4]), Float64Array.from([0.9, 0.1]));
    // √(0.6·0.9) / (√(0.6·0.9) + √(0.4·0.1)) ≈ 0.786
    expect(sharper[0]).toBeCloseTo(0.786, 3);
    const lexicalOnly = (await head(0)).combine(Float64Array.from([0.5, 0.3]), Float64Array.from([0.01, 0.99]));
    expect([...lexicalOnly]).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.3, 12)]);
  });

  it('meets the mass the lexical scores leave to no entry with its own last (background) class', async () => {
    const even = await head(0.5);
    // Lexical: 0.2 + 0.2 on the entries, 0.6 elsewhere; the encoder is sure it is off-topic.
    const offTopic = even.combine(Float64Array.from([0.2, 0.2]), Float64Array.from([0.005, 0.005, 0.99]));
    expect((offTopic[0] ?? 0) + (offTopic[1] ?? 0)).toBeLessThan(0.1);
    expect(() => even.combine(Float64Array.from([0.5, 0.5]), Float64Array.from([1, 0, 0, 0]))).toThrow(/classes/);
  });
});

describe('DialogueEngine with an encoder', () => {
  it('answers with the entry the encoder separates where the lexical path confuses two', async () => {
    const lexical = await (await engine()).understand('where is my parcel', initialDialogueState);
    expect(lexical.decision.kind).not.toBe('answer');
    expect(lexical.trace.scores[0]?.entryId).toBe('refund');
    const withEncoder = await (await engine({ encoder })).understand('where is my parcel', initialDialogueState);
    expect(withEncoder.decision).toMatchObject({ kind: 'answer', entryId: 'track' });
  });

  it('leaves the scores exactly as they were without an encoder, and nearly so at weight 0', async () => {
    const plain = await engine();
    const again = await engine();
    const zero = await engine({ encoder, encoderWeight: 0 });
    for (const text of ['my shipment has not arrived', 'where is my parcel', 'what is the capital of france']) {
      const a = (await plain.understand(text, initialDialogueState)).trace.scores;
      expect((await again.understand(text, initialDialogueState)).trace.scores).toEqual(a);
      const z = (await zero.understand(text, initialDialogueState)).trace.scores;
      expect(z.map((s) => s.entryId)).toEqual(a.map((s) => s.entryId));
      z.forEach((s, i) => expect(s.score).toBeCloseTo(a[i]?.score ?? 0, 9));
    }
  });

  it('leaves a Latin-only encoder out of a message in another script, and only there', async () => {
    const latinOnly = Object.assign(new HashingEncoder(64, { parcel: 'package', shipment: 'package' }), { latinScriptOnly: true });
    const plain = await engine();
    const withLatinOnly = await engine({ encoder: latinOnly });
    // Chinese around the words: the lexical scores alone, exactly as without an encoder.
    const mixed = 'where is my parcel 在哪里';
    expect((await withLatinOnly.understand(mixed, initialDialogueState)).trace.scores).toEqual((await plain.understand(mixed, initialDialogueState)).trace.scores);
    // Latin text still gets the encoder's help.
    expect((await withLatinOnly.understand('where is my parcel', initialDialogueState)).decision).toMatchObject({ kind: 'answer', entryId: 'track' });
  });

  it('lets the encoder\'s background class pull an off-topic message down to a fallback', async () => {
    const { decision, trace } = await (await engine({ encoder })).understand('what is the capital of france', initialDialogueState);
    expect(decision.kind).toBe('fallback');
    expect(trace.scores[0]?.score ?? 0).toBeLessThan(0.01);
  });
});
