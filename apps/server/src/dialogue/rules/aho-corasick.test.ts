import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import { AhoCorasick } from './aho-corasick.js';

function naive(keywords: readonly string[], text: string): string[] {
  const found: string[] = [];
  keywords.forEach((k, i) => {
    if (k === '') return;
    for (let at = text.indexOf(k); at !== -1; at = text.indexOf(k, at + 1)) found.push(`${at}:${at + k.length}:${i}`);
  });
  return found.sort();
}

function automaton(keywords: readonly string[], text: string): string[] {
  const ac = new AhoCorasick(keywords.map((k, i) => [k, i] as const));
  return ac.findAll(text).map((m) => `${m.start}:${m.end}:${m.value}`).sort();
}

describe('AhoCorasick', () => {
  it('finds exactly what a naive search finds, on random keywords and texts', () => {
    // A small alphabet forces overlaps, shared prefixes and keywords inside keywords.
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '退', '款'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', '退', '款', ' '), maxLength: 200 }), (keywords, text) => {
        expect(automaton(keywords, text)).toEqual(naive(keywords, text));
      }),
      { numRuns: 300 },
    );
  });

  it('reports every keyword that ends at the same place (he, she, hers)', () => {
    const ac = new AhoCorasick([['he', 'he'], ['she', 'she'], ['his', 'his'], ['hers', 'hers']]);
    expect(ac.findAll('ushers').map((m) => m.value).sort()).toEqual(['he', 'hers', 'she']);
  });

  it('keeps duplicate keywords apart, each with its own value', () => {
    const ac = new AhoCorasick([['退款', 1], ['退款', 2]]);
    expect(ac.findAll('我要退款').map((m) => m.value)).toEqual([1, 2]);
  });

  it('matches five thousand keywords in a long text exactly like the naive search', () => {
    const random = seededRandom(42);
    const alphabet = 'abcdefghij';
    const pick = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const keywords = Array.from({ length: 5000 }, () => pick(3 + Math.floor(random() * 5)));
    const text = pick(5_000);
    expect(automaton(keywords, text)).toEqual(naive(keywords, text));
  });
});
