// Choosing the confidence below which a query counts as out of scope, from labelled validation data.
import { OOS_LABEL } from './datasets.js';

/** One evaluated query: gold label, predicted label (possibly "oos"), top-3 and the top probability. */
export interface Scored {
  readonly label: string;
  readonly predicted: string;
  readonly top3: readonly string[];
  readonly confidence: number;
}

/**
 * 'joint': the threshold with the best accuracy over in-scope and out-of-scope queries together
 * (a rejected in-scope query is wrong, a rejected out-of-scope one right).
 * 'inScope90': the highest threshold that keeps in-scope accuracy at or above 90 %.
 * Candidates are the observed confidences, so the answer is exact for these data.
 */
export function chooseThreshold(scored: readonly Scored[], goal: 'joint' | 'inScope90'): number {
  const candidates = [0, ...new Set(scored.map((s) => s.confidence))].sort((a, b) => a - b);
  const inScope = scored.filter((s) => s.label !== OOS_LABEL);
  // Sorted sweeps: as the threshold rises past a confidence, that query flips to "rejected".
  const correct = inScope.filter((s) => s.predicted === s.label).map((s) => s.confidence).sort((a, b) => a - b);
  const oosAccepted = scored.filter((s) => s.label === OOS_LABEL && s.predicted !== OOS_LABEL).map((s) => s.confidence).sort((a, b) => a - b);
  const oosTotal = scored.length - inScope.length;
  let best = 0;
  let bestScore = -1;
  let i = 0;
  let j = 0;
  for (const t of candidates) {
    while (i < correct.length && (correct[i] ?? 0) < t) i++;
    while (j < oosAccepted.length && (oosAccepted[j] ?? 0) < t) j++;
    const inScopeRight = correct.length - i;
    const oosRight = oosTotal - (oosAccepted.length - j);
    if (goal === 'joint') {
      const score = inScopeRight + oosRight;
      if (score > bestScore) [best, bestScore] = [t, score];
    } else if (inScopeRight >= 0.9 * inScope.length) best = t;
  }
  return best;
}

/**
 * The odds of the best in-scope class against the out-of-scope class: p / (p + p_oos), in
 * [0, 1]; equal to σ(z_best − z_oos), so a threshold on it is one on the logit margin over the
 * out-of-scope class. Without that class (`oosIndex` < 0) it is the best probability itself.
 * Chosen on CLINC150 validation data over the top probability and its nearest-example variant
 * (docs/bot-quality.md): an out-of-scope query often has a confident best class, but rarely one
 * that beats the out-of-scope class by much.
 */
export function oosOdds(probabilities: ArrayLike<number>, oosIndex: number): number {
  let best = 0;
  for (let k = 0; k < probabilities.length; k++) if (k !== oosIndex) best = Math.max(best, probabilities[k] ?? 0);
  if (oosIndex < 0) return best;
  const total = best + (probabilities[oosIndex] ?? 0);
  return total > 0 ? best / total : 0;
}
