// HDR histograms of latencies in microseconds: record, ship between processes, merge, summarize.
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

/** Latency summary in milliseconds, as the report shows it. */
export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

// 1 µs to 10 min at 3 significant digits: 0.1 % error at any value, a few tens of KiB each.
export function newHistogram(): Histogram {
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
}

/** Records a latency given in milliseconds (fractional), clamped into the histogram's range. */
export function recordMs(h: Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  h.recordValue(Math.min(Math.max(us, 1), 600_000_000));
}

export function encode(h: Histogram): string {
  return encodeIntoCompressedBase64(h);
}

/** Sums the encoded histograms of several workers into one. */
export function merge(encoded: string[]): Histogram {
  const total = newHistogram();
  for (const text of encoded) {
    const part = decodeFromCompressedBase64(text);
    if (part.totalCount > 0) total.add(part);
  }
  return total;
}

const round = (us: number): number => Math.round(us) / 1000;

export function percentiles(h: Histogram): Percentiles {
  if (h.totalCount === 0) return { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  return {
    count: h.totalCount,
    p50: round(h.getValueAtPercentile(50)),
    p90: round(h.getValueAtPercentile(90)),
    p99: round(h.getValueAtPercentile(99)),
    p999: round(h.getValueAtPercentile(99.9)),
    max: round(h.maxValue),
    mean: round(h.mean),
  };
}
