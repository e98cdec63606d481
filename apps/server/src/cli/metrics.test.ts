import { describe, expect, it } from 'vitest';
import { auroc } from './metrics.js';

describe('auroc', () => {
  it('is 1 when every positive scores above every negative, 0 when below', () => {
    expect(auroc([0.9, 0.8], [0.1, 0.2, 0.3])).toBe(1);
    expect(auroc([0.1], [0.5, 0.6])).toBe(0);
  });

  it('counts a tie between a positive and a negative as one half', () => {
    expect(auroc([0.5], [0.5])).toBe(0.5);
    // Pairs: 0.7 over 0.2 counts 1, 0.7 against 0.7 ½, 0.2 against 0.2 ½, 0.2 under 0.7 0: 2 of 4.
    expect(auroc([0.7, 0.2], [0.2, 0.7])).toBe(0.5);
  });

  it('matches counting the pairs one by one', () => {
    const pos = [0.3, 0.9, 0.5, 0.5, 0.8];
    const neg = [0.1, 0.5, 0.6, 0.2];
    let wins = 0;
    for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
    expect(auroc(pos, neg)).toBeCloseTo(wins / (pos.length * neg.length), 12);
  });

  it('is 0.5 with nothing to compare', () => {
    expect(auroc([], [0.3])).toBe(0.5);
  });
});
