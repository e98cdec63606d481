import { describe, expect, it } from 'vitest';
import { stem } from './stemmer.js';

describe('stem', () => {
  it('matches the reference Porter stemmer on its classic examples', () => {
    const cases: [string, string][] = [
      ['caresses', 'caress'], ['ponies', 'poni'], ['cats', 'cat'], ['agreed', 'agre'], ['plastered', 'plaster'],
      ['motoring', 'motor'], ['sing', 'sing'], ['conflated', 'conflat'], ['sized', 'size'], ['hopping', 'hop'],
      ['falling', 'fall'], ['filing', 'file'], ['happy', 'happi'], ['relational', 'relat'], ['generalization', 'gener'],
    ];
    for (const [word, expected] of cases) expect(stem(word), word).toBe(expected);
  });

  it('gives inflections of one verb one stem', () => {
    expect(new Set(['charge', 'charged', 'charges', 'charging'].map(stem)).size).toBe(1);
  });

  it('leaves short words, numbers and non-ASCII words alone', () => {
    expect(stem('is')).toBe('is');
    expect(stem('2024')).toBe('2024');
    expect(stem('café')).toBe('café');
  });
});
