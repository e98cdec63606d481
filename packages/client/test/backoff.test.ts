import { describe, expect, it } from 'vitest';
import { Backoff } from '../src/backoff.js';

describe('Backoff', () => {
  it('draws each delay uniformly below a cap that doubles from minMs up to maxMs', () => {
    const caps: number[] = [];
    const b = new Backoff({ minMs: 500, maxMs: 30_000 }, () => 0.9999999);
    for (let i = 0; i < 8; i++) caps.push(b.next() + 1);
    expect(caps).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(new Backoff({}, () => 0).next()).toBe(0);
  });

  it('starts over after reset', () => {
    const b = new Backoff({ minMs: 100, maxMs: 1000 }, () => 0.9999999);
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(99);
  });
});
