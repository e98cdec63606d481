// Small statistics for evaluation reports.

/** The q-quantile (0..1) of the values by nearest rank; 0 for no values. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

/** part / whole, 0 when there is no whole; rounded to 4 decimals for reports. */
export function fraction(part: number, whole: number): number {
  return whole === 0 ? 0 : round(part / whole);
}

export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Wall-clock milliseconds of a synchronous call, with its result. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}
