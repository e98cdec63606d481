import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { basicNormalizer } from '../normalize.js';
import { FEW_EXAMPLES_PER_CLASS, IntentClassifier, MANY_EXAMPLES_VIEW_WEIGHTS, defaultMembers } from './intent-classifier.js';
import { fitTemperature } from './temperature.js';

const data: [string, number][] = [
  ['where is my card', 0], ['my card has not arrived', 0], ['card still not delivered', 0], ['when will the card arrive', 0],
  ['how do i top up', 1], ['add money to my account', 1], ['top up with a bank transfer', 1], ['can i top up by card', 1],
  ['my account is locked', 2], ['i cannot log in', 2], ['forgot my passcode', 2], ['unlock my account', 2],
];
const doc = (t: string) => analyze(basicNormalizer, t);

describe('IntentClassifier', () => {
  it('learns a toy intent dataset and generalizes to new wordings', () => {
    const clf = IntentClassifier.train(data.map(([t, label]) => ({ doc: doc(t), label })), 3);
    const best = (t: string): number => {
      const p = clf.probabilities(doc(t));
      return p.indexOf(Math.max(...p));
    };
    expect(best('my new card has not been delivered yet')).toBe(0);
    expect(best('topping up money')).toBe(1);
    expect(best('locked out, cannot log in')).toBe(2);
  });

  it('averages an ensemble of views and still ranks the right intent first', () => {
    const clf = IntentClassifier.train(data.map(([t, label]) => ({ doc: doc(t), label })), 3, {
      members: [{ vectorizer: { charNgramMax: 0 } }, { vectorizer: { wordNgramMax: 0 } }],
    });
    const p = clf.probabilities(doc('unlock account'));
    expect(p.indexOf(Math.max(...p))).toBe(2);
  });
});

describe('defaultMembers', () => {
  const labelsWith = (perClass: number): Int32Array => Int32Array.from({ length: 3 * perClass }, (_, i) => i % 3);

  it('takes character n-grams within words, views weighted alike, with few examples per class', () => {
    expect(defaultMembers(labelsWith(FEW_EXAMPLES_PER_CLASS - 1), 3)).toEqual([{ vectorizer: { charWithinWords: true } }]);
  });

  it('takes them across words, the character view weighted above the word view, with many', () => {
    const [member] = defaultMembers(labelsWith(FEW_EXAMPLES_PER_CLASS), 3);
    expect(member?.vectorizer).toEqual({ charWithinWords: false, ...MANY_EXAMPLES_VIEW_WEIGHTS });
    expect(MANY_EXAMPLES_VIEW_WEIGHTS.charWeight).toBeGreaterThan(MANY_EXAMPLES_VIEW_WEIGHTS.wordWeight);
  });
});

describe('fitTemperature', () => {
  it('raises the temperature of a model that is sure and often wrong', () => {
    // Always 5 logits ahead, but right only half the time: honest probabilities are near 0.5.
    const logits = Array.from({ length: 100 }, () => Float64Array.from([5, 0]));
    const labels = Array.from({ length: 100 }, (_, i) => i % 2);
    expect(fitTemperature(logits, labels)).toBeGreaterThan(5);
  });

  it('lowers it for a model that is right every time but timid', () => {
    const logits = Array.from({ length: 50 }, () => Float64Array.from([0.5, 0]));
    expect(fitTemperature(logits, new Array<number>(50).fill(0))).toBeLessThan(0.2);
  });
});
