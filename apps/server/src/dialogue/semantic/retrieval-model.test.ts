import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { basicNormalizer } from '../normalize.js';
import { fitSimilarityTemperature, RetrievalModel, similaritySoftmax } from './retrieval-model.js';

const doc = (t: string) => analyze(basicNormalizer, t);
const intents: string[][] = [
  ['where is my card', 'my card has not arrived', 'card still not delivered', 'when will the card arrive'],
  ['how do i top up', 'add money to my account', 'top up with a bank transfer', 'can i top up by card'],
  ['my account is locked', 'i cannot log in', 'forgot my passcode', 'unlock my account please'],
  ['change my address', 'i moved house, update the address', 'new home address', 'edit the address on file'],
  ['close my account', 'delete my account', 'i want to cancel the account', 'shut down my account for good'],
];
const examples = intents.flatMap((list, label) => list.map((t) => ({ doc: doc(t), label })));
const heldOut = intents.map((_, label) => label * 4 + 1);

describe('similarity calibration', () => {
  it('turns similarities into probabilities, best first, summing to 1', () => {
    const p = similaritySoftmax([0.9, 0.5, 0.4], 0.1);
    expect(p.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 9);
    expect(p[0]).toBeGreaterThan(0.9);
    expect(similaritySoftmax([0.9, 0.5, 0.4], 1)[0]).toBeLessThan(0.5);
  });

  it('fits a low temperature when the own class stands out, a high one when it does not', () => {
    const clear = fitSimilarityTemperature([[0.3, 0.2, 0.8], [0.25, 0.1, 0.7], [0.4, 0.3, 0.9]]);
    const muddled = fitSimilarityTemperature([[0.6, 0.5, 0.55], [0.5, 0.45, 0.52], [0.7, 0.6, 0.4]]);
    expect(clear).toBeLessThan(0.2);
    expect(muddled).toBeGreaterThan(clear);
    expect(fitSimilarityTemperature([])).toBe(1);
  });
});

describe('RetrievalModel', () => {
  const model = RetrievalModel.build(examples, intents.length, { depth: 4, heldOut });

  it('finds the intent of new wordings with calibrated, ordered probabilities', () => {
    const cases: Array<[string, number]> = [['my card never arrived', 0], ['top up my account', 1], ['cannot log in to my account', 2], ['update my address', 3]];
    for (const [text, label] of cases) {
      const c = model.candidates(doc(text));
      expect(c[0]?.label).toBe(label);
      expect(c.length).toBeLessThanOrEqual(4);
      for (let i = 1; i < c.length; i++) expect(c[i]?.probability).toBeLessThanOrEqual(c[i - 1]?.probability ?? 1);
      expect(c.reduce((a, x) => a + x.probability, 0)).toBeCloseTo(1, 9);
    }
  });

  it('fits its temperature on the held-out questions, and has none without them', () => {
    expect(model.temperature).toBeGreaterThan(0.05);
    expect(model.temperature).toBeLessThan(1);
    expect(RetrievalModel.build(examples, intents.length, { depth: 4, heldOut: [] }).temperature).toBe(1);
  });

  it('has no candidates for a text that shares no feature', () => {
    expect(model.candidates(doc('zzzz qqqq'))).toEqual([]);
  });

  it('restores from a snapshot to the same candidates', () => {
    const restored = RetrievalModel.restore(structuredClone(model.snapshot()));
    expect(restored.candidates(doc('lost card'))).toEqual(model.candidates(doc('lost card')));
    expect(restored.temperature).toBe(model.temperature);
  });
});
