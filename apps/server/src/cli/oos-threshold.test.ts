import { describe, expect, it } from 'vitest';
import { chooseThreshold, oosOdds, type Scored } from './oos-threshold.js';

describe('oosOdds', () => {
  it('weighs the best in-scope class against the out-of-scope class only', () => {
    // Classes: a, b, oos. 0.6 against 0.2 → 0.75, whatever b holds.
    expect(oosOdds([0.6, 0.2, 0.2], 2)).toBeCloseTo(0.75);
    expect(oosOdds([0.6, 0.35, 0.05], 2)).toBeCloseTo(0.923, 3);
  });

  it('is low when the out-of-scope class wins, even if an in-scope class is far ahead of the others', () => {
    expect(oosOdds([0.3, 0.01, 0.01, 0.68], 3)).toBeLessThan(0.5);
  });

  it('is the best probability without an out-of-scope class, and 0 when nothing has mass', () => {
    expect(oosOdds([0.2, 0.7, 0.1], -1)).toBe(0.7);
    expect(oosOdds([0, 0, 0], 1)).toBe(0);
  });
});

describe('chooseThreshold', () => {
  const s = (label: string, predicted: string, confidence: number): Scored => ({ label, predicted, top3: [predicted], confidence });

  it('rejects the out-of-scope queries that score below every right in-scope answer', () => {
    const scored = [s('a', 'a', 0.9), s('b', 'b', 0.8), s('oos', 'a', 0.3), s('oos', 'b', 0.5)];
    const t = chooseThreshold(scored, 'joint');
    expect(t).toBeGreaterThan(0.5);
    expect(t).toBeLessThanOrEqual(0.8);
  });
});
