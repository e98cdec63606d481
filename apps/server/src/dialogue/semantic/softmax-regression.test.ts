import { describe, expect, it } from 'vitest';
import { SoftmaxRegression, softmax } from './softmax-regression.js';
import type { SparseVector } from './sparse-vector.js';

const v = (pairs: [number, number][]): SparseVector => ({ indices: Int32Array.from(pairs, (p) => p[0]), values: Float32Array.from(pairs, (p) => p[1]) });

describe('SoftmaxRegression', () => {
  it('learns which feature marks which class, including a feature shared by two classes', () => {
    // Class 0 has feature 0, class 1 feature 1, class 2 feature 2; feature 3 is noise on everything.
    const xs = [v([[0, 1], [3, 0.5]]), v([[1, 1], [3, 0.5]]), v([[2, 1], [3, 0.5]]), v([[0, 0.8]]), v([[1, 0.9]]), v([[2, 0.7]])];
    const ys = [0, 1, 2, 0, 1, 2];
    const model = SoftmaxRegression.train(xs, ys, 3, 4);
    const p = softmax(model.logits(v([[1, 1], [3, 0.5]])));
    expect(p[1]).toBeGreaterThan(0.8);
    expect(softmax(model.logits(v([[2, 1]])))[2]).toBeGreaterThan(0.8);
  });

  it('keeps weights small under strong L2, so probabilities stay near uniform', () => {
    const xs = [v([[0, 1]]), v([[1, 1]])];
    const strong = SoftmaxRegression.train(xs, [0, 1], 2, 2, { l2: 1 });
    const weak = SoftmaxRegression.train(xs, [0, 1], 2, 2, { l2: 1e-6 });
    const confidence = (m: SoftmaxRegression): number => softmax(m.logits(v([[0, 1]])))[0] ?? 0;
    expect(confidence(strong)).toBeLessThan(0.75);
    expect(confidence(weak)).toBeGreaterThan(0.95);
  });

  it('trains the same model twice from the same seed', () => {
    const xs = [v([[0, 1]]), v([[1, 1]]), v([[0, 0.5], [1, 0.5]])];
    const a = SoftmaxRegression.train(xs, [0, 1, 0], 2, 2, { seed: 3 });
    const b = SoftmaxRegression.train(xs, [0, 1, 0], 2, 2, { seed: 3 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  });
});

describe('softmax', () => {
  it('stays finite for huge logits and flattens with temperature', () => {
    const p = softmax(Float64Array.from([1000, 999]));
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-1)));
    expect(softmax(Float64Array.from([2, 0]), 100)[0]).toBeCloseTo(0.505, 2);
  });
});
