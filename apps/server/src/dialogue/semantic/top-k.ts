// The k best of a score vector, for "did you mean" options and top-k accuracy.

export interface Ranked {
  readonly index: number;
  readonly score: number;
}

/** The k highest scores, best first; ties keep the lower index first. O(n·k), and k is small. */
export function topK(scores: ArrayLike<number>, k: number): Ranked[] {
  const best: Ranked[] = [];
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i] ?? -Infinity;
    if (best.length === k && score <= (best[k - 1]?.score ?? -Infinity)) continue;
    let at = best.length;
    while (at > 0 && score > (best[at - 1]?.score ?? -Infinity)) at--;
    best.splice(at, 0, { index: i, score });
    if (best.length > k) best.pop();
  }
  return best;
}
