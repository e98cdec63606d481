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

/**
 * Area under the ROC curve: the chance that a random positive scores above a random negative,
 * ties counting one half (Mann–Whitney U from average ranks). 0.5 without positives or negatives.
 * Reports how well a score separates two groups at every threshold at once, so it does not hang
 * on where one threshold happens to fall.
 */
export function auroc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return 0.5;
  const all = [...positives.map((score) => ({ score, positive: true })), ...negatives.map((score) => ({ score, positive: false }))];
  all.sort((a, b) => a.score - b.score);
  let positiveRanks = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]?.score === all[i]?.score) j++;
    const averageRank = (i + 1 + j) / 2; // ranks i+1 … j share their mean
    for (let k = i; k < j; k++) if (all[k]?.positive) positiveRanks += averageRank;
    i = j;
  }
  const p = positives.length;
  return (positiveRanks - (p * (p + 1)) / 2) / (p * negatives.length);
}

/** Wall-clock milliseconds of a synchronous call, with its result. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}
