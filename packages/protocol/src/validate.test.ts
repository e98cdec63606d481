import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCount, isString, quote, utf8BytesUpTo } from './validate.js';

describe('utf8BytesUpTo', () => {
  it('counts what a UTF-8 encoder writes, lone surrogates included', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8BytesUpTo(text, Number.POSITIVE_INFINITY)).toBe(encoder.encode(text).length);
      }),
      { numRuns: 2000 },
    );
    for (const text of ['\ud800', '\udc00', '\ud800x', 'a\udbff\udfff', '\udfff\ud800']) {
      expect(utf8BytesUpTo(text, Number.POSITIVE_INFINITY)).toBe(encoder.encode(text).length);
    }
  });

  it('stops counting once past the limit', () => {
    expect(utf8BytesUpTo('a'.repeat(1_000), 10)).toBe(11);
  });
});

describe('isString', () => {
  it('counts UTF-16 code units, so an emoji takes two', () => {
    expect(isString('😀', 1, 1)).toBe(false);
    expect(isString('😀', 2, 2)).toBe(true);
  });

  it('refuses lone surrogates and accepts pairs', () => {
    expect(isString('\ud83d', 0, 10)).toBe(false);
    expect(isString('x\ude00', 0, 10)).toBe(false);
    expect(isString('\ude00\ud83d', 0, 10)).toBe(false);
    expect(isString('\ud83d\ude00', 0, 10)).toBe(true);
  });
});

describe('isCount', () => {
  it('accepts non-negative safe integers only', () => {
    for (const n of [0, -0, 1, Number.MAX_SAFE_INTEGER]) expect(isCount(n)).toBe(true);
    for (const n of [-1, 0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, '1', null, true, 1n]) {
      expect(isCount(n)).toBe(false);
    }
  });
});

describe('quote', () => {
  it('quotes a value and shortens it past the given length', () => {
    expect(quote('ab')).toBe('"ab"');
    expect(quote('abcdef', 3)).toBe('"abc…"');
  });
});
