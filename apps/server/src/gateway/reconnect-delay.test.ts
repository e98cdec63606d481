import { describe, expect, it } from 'vitest';
import { RECONNECTS_PER_SEC, reconnectDelayMs } from './reconnect-delay.js';

describe('reconnectDelayMs', () => {
  it('tells a few clients the base delay plus jitter up to the same', () => {
    expect(reconnectDelayMs(1_000, 3, () => 0)).toBe(1_000);
    expect(reconnectDelayMs(1_000, 3, () => 0.999)).toBe(1_999);
  });

  it('spreads many clients over as long as the node needs to take them back', () => {
    const clients = 10_000;
    const windowMs = (clients / RECONNECTS_PER_SEC) * 1000;
    expect(reconnectDelayMs(1_000, clients, () => 0)).toBe(1_000);
    expect(reconnectDelayMs(1_000, clients, () => 0.5)).toBe(1_000 + windowMs / 2);
    expect(reconnectDelayMs(1_000, clients, () => 0.999)).toBeGreaterThan(1_000 + 0.99 * windowMs);
  });

  it('jitters even with no base delay', () => {
    expect(reconnectDelayMs(0, 10_000, () => 0.5)).toBe(2_500);
    expect(reconnectDelayMs(0, 1, () => 0.5)).toBe(0);
  });
});
