import { describe, expect, it } from 'vitest';
import { runOpenLoop } from './open-loop.js';

describe('runOpenLoop', () => {
  it('spreads one schedule over the generators that share it, instead of sending theirs at the same instants', async () => {
    const startMs = performance.now() + 20;
    const endMs = startMs + 200;
    const intended: number[] = [];
    // Two generators at 25/s each make one schedule of 50/s: a frame every 20 ms, alternating.
    const counts = await Promise.all(
      [0, 1].map((index) => runOpenLoop({ startMs, ratePerSec: 25, endMs, share: { index, of: 2 }, issue: (_n, at) => intended.push(at - startMs) })),
    );
    expect(counts).toEqual([5, 5]);
    expect(intended.sort((a, b) => a - b).map((ms) => Math.round(ms))).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180]);
  });

  it('sends no frame due at the end of the window, wherever the clock stands', async () => {
    // Schedules already past, so that they are issued at once; for some of these starts
    // ((start + 200) - start) / 40 comes out a hair above 5 in floating point.
    const base = performance.now() - 1_000;
    for (let k = 0; k < 200; k++) {
      const startMs = base - k * 0.0137;
      const due: number[] = [];
      const frames = await runOpenLoop({ startMs, ratePerSec: 25, endMs: startMs + 200, issue: (_n, at) => due.push(at) });
      expect(frames).toBe(5);
      expect(due.every((at) => at < startMs + 200)).toBe(true);
    }
  });

  it('stops before the end of the window, whatever the share', async () => {
    const startMs = performance.now();
    const issued = await runOpenLoop({ startMs, ratePerSec: 100, endMs: startMs + 95, share: { index: 1, of: 2 }, issue: () => {} });
    // Frames at 5, 15, …, 85 ms: the one at 95 ms falls on the end and is not sent.
    expect(issued).toBe(9);
  });
});
