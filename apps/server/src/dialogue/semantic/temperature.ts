// Temperature scaling (Guo et al., 2017): one scalar that turns overconfident logits into honest probabilities.

/** Mean negative log-likelihood of the true labels under softmax(logits / t). */
export function meanNll(logits: readonly Float64Array[], labels: ArrayLike<number>, t: number): number {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i];
    if (!z) continue;
    let max = -Infinity;
    for (const v of z) if (v > max) max = v;
    let denom = 0;
    for (const v of z) denom += Math.exp((v - max) / t);
    sum += Math.log(denom) - ((z[labels[i] ?? 0] ?? 0) - max) / t;
  }
  return sum / Math.max(1, logits.length);
}

/**
 * The temperature minimizing NLL on held-out examples, by golden-section search over log t in
 * [ln 0.05, ln 20] (the NLL is unimodal in t). Returns 1 without examples. It does not change
 * which class wins, only how sure the model claims to be, which is what thresholds read.
 */
export function fitTemperature(logits: readonly Float64Array[], labels: ArrayLike<number>): number {
  if (logits.length === 0) return 1;
  const f = (logT: number): number => meanNll(logits, labels, Math.exp(logT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < 40; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = f(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}
