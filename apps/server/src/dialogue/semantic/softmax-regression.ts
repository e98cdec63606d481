// Multinomial logistic regression over sparse features, trained by SGD at knowledge-base load.
import { seededRandom, shuffle } from '../random.js';
import type { SparseVector } from './sparse-vector.js';

export interface TrainOptions {
  /** L2 strength per example: the loss is mean cross-entropy + l2/2·‖W‖². Default 1e-5. */
  l2: number;
  /** Passes over the data. Default 5 (validation accuracy is flat from 5 to 20 passes; time is not). */
  epochs: number;
  /** Initial step size, decayed linearly to zero. Default 2. */
  learningRate: number;
  /** Weight each class by n / (classes · n_class), so a class with many examples does not crowd out the rest. Default true. */
  balanced: boolean;
  /** Seed of the example order. Default 1. */
  seed: number;
  /** At least this many SGD steps, adding epochs: a small knowledge base needs more passes to fit. Default 3000. */
  minSteps: number;
}

export const defaultTrainOptions: Readonly<TrainOptions> = Object.freeze({
  l2: 1e-5,
  epochs: 5,
  learningRate: 2,
  balanced: true,
  seed: 1,
  minSteps: 3000,
});

/** Numerically stable softmax in place; returns the input. */
export function softmax(z: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp(((z[k] ?? 0) - max) / temperature);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k] ?? 0) / sum;
  return z;
}

export class SoftmaxRegression {
  constructor(
    readonly classes: number,
    /** Feature-major: the K weights of one feature are adjacent, so a sparse row is one cache run. */
    readonly weights: Float32Array,
    readonly bias: Float64Array,
  ) {}

  /** Unnormalized class scores of one example. */
  logits(x: SparseVector, out = new Float64Array(this.classes)): Float64Array {
    return scores(x, this.weights, this.bias, this.classes, 1, out);
  }

  /**
   * Trains on examples `xs` with labels `ys` in [0, classes). Plain SGD with the weight-scale trick
   * (W = s·V), so the L2 shrink of every weight costs O(1) per step and an update touches only the
   * rows of the example's features: O(nnz·K) per example rather than O(D·K).
   */
  static train(
    xs: readonly SparseVector[],
    ys: ArrayLike<number>,
    classes: number,
    dimension: number,
    options: Partial<TrainOptions> = {},
  ): SoftmaxRegression {
    const o = { ...defaultTrainOptions, ...options };
    const K = classes;
    const v = new Float32Array(dimension * K);
    const bias = new Float64Array(K);
    const classWeight = weightsOf(ys, K, o.balanced);
    const order = Array.from(xs.keys());
    const random = seededRandom(o.seed);
    const z = new Float64Array(K);
    const grad = new Float64Array(K);
    const touched = new Int32Array(K);
    const epochs = Math.max(o.epochs, Math.ceil(o.minSteps / Math.max(1, xs.length)));
    const total = Math.max(1, epochs * xs.length);
    let s = 1;
    let t = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, random);
      for (const i of order) {
        const x = xs[i];
        const y = ys[i] ?? 0;
        if (!x) continue;
        // Capped so that the shrink factor 1 − η·l2 stays at least one half: with a huge l2 the
        // plain step would zero (or flip) every weight at once.
        const eta = Math.min(o.learningRate * (1 - t++ / total), 0.5 / Math.max(o.l2, 1e-12));
        softmax(scores(x, v, bias, K, s, z));
        const cw = classWeight[y] ?? 1;
        // Classes the model already rules out (p < 1e-6) would add nothing measurable to the
        // rows; skipping them halves the cost once training has settled.
        let active = 0;
        for (let k = 0; k < K; k++) {
          const g = ((z[k] as number) - (k === y ? 1 : 0)) * cw;
          if (g > 1e-6 || g < -1e-6) {
            grad[active] = g;
            touched[active++] = k;
          }
          bias[k] = (bias[k] as number) - eta * g;
        }
        s *= 1 - eta * o.l2;
        const step = eta / s;
        const idx = x.indices;
        const val = x.values;
        for (let j = 0; j < idx.length; j++) {
          const row = (idx[j] as number) * K;
          const a = step * (val[j] as number);
          for (let q = 0; q < active; q++) {
            const at = row + (touched[q] as number);
            v[at] = (v[at] as number) - a * (grad[q] as number);
          }
        }
        // Fold the scale back before float32 loses the small updates against a huge V.
        if (s < 1e-4) {
          for (let q = 0; q < v.length; q++) v[q] = (v[q] ?? 0) * s;
          s = 1;
        }
      }
    }
    for (let q = 0; q < v.length; q++) v[q] = (v[q] ?? 0) * s;
    return new SoftmaxRegression(K, v, bias);
  }
}

function scores(x: SparseVector, w: Float32Array, bias: Float64Array, K: number, s: number, out: Float64Array): Float64Array {
  out.fill(0);
  const idx = x.indices;
  const val = x.values;
  // Typed-array reads within bounds: the casts spare the hot loop an undefined check.
  for (let j = 0; j < idx.length; j++) {
    const row = (idx[j] as number) * K;
    const a = val[j] as number;
    for (let k = 0; k < K; k++) out[k] = (out[k] as number) + a * (w[row + k] as number);
  }
  for (let k = 0; k < K; k++) out[k] = (out[k] as number) * s + (bias[k] as number);
  return out;
}

function weightsOf(ys: ArrayLike<number>, K: number, balanced: boolean): Float64Array {
  const w = new Float64Array(K).fill(1);
  if (!balanced) return w;
  const counts = new Float64Array(K);
  for (let i = 0; i < ys.length; i++) counts[ys[i] ?? 0] = (counts[ys[i] ?? 0] ?? 0) + 1;
  for (let k = 0; k < K; k++) w[k] = (counts[k] ?? 0) > 0 ? ys.length / (K * (counts[k] ?? 1)) : 0;
  return w;
}
