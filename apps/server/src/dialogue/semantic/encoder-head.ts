// The sentence encoder's stage: a softmax regression on the examples' embeddings, mixed geometrically into the lexical scores.
import type { Encoder } from '../../ports/encoder.js';
import { SoftmaxRegression, softmax } from './softmax-regression.js';
import type { SparseVector } from './sparse-vector.js';

export interface EncoderHeadOptions {
  /** Share w of the encoder in the mix p^(1 − w) · q^w. Default 0.5. */
  readonly weight: number;
  /**
   * At least this many SGD steps. Dense unit-length vectors move the logits slowly: a handful of
   * examples per class needs many passes to fit, a large training set gets the usual 5 epochs.
   * Default 30,000 (the usual 3,000 left 10 examples per class 0.9 point lower; 100,000 gained nothing).
   */
  readonly minSteps: number;
}

/** Chosen on validation data only (docs/bot-quality.md, "Choosing the blend"). */
export const defaultEncoderHeadOptions: Readonly<EncoderHeadOptions> = Object.freeze({ weight: 0.5, minSteps: 30_000 });

/** What fitting the regression needs, as plain data (it may cross to a worker thread). */
export interface HeadFitRequest {
  /** The examples' embeddings, one after the other, `dimension` numbers each. */
  readonly vectors: Float32Array;
  readonly labels: Int32Array;
  readonly classes: number;
  readonly dimension: number;
  readonly minSteps: number;
}

/** A fitted regression as plain data. */
export interface HeadModel {
  readonly classes: number;
  readonly weights: Float32Array;
  readonly bias: Float64Array;
}

/**
 * Fits the regression somewhere: `fitHead` on this thread, or a worker thread (a server passes
 * one: the fit is seconds of CPU for a knowledge base of a hundred entries). It may take over the
 * request's buffers (transfer them); the caller does not read them again.
 */
export type FitHead = (request: HeadFitRequest) => Promise<HeadModel>;

/** The fit itself, the same on any thread; deterministic for a given request. */
export function fitHead(r: HeadFitRequest): HeadModel {
  const xs = Array.from(r.labels, (_, i) => dense(r.vectors.subarray(i * r.dimension, (i + 1) * r.dimension)));
  const model = SoftmaxRegression.train(xs, r.labels, r.classes, r.dimension, { minSteps: r.minSteps });
  return { classes: model.classes, weights: model.weights, bias: model.bias };
}

export interface EncoderExample {
  readonly text: string;
  /** Class in [0, classes). */
  readonly label: number;
}

/** Keeps one expert's near-zero from vetoing a class outright. */
const FLOOR = 1e-12;

function dense(v: Float32Array): SparseVector {
  return { indices: Int32Array.from(v.keys()), values: v };
}

export class EncoderHead {
  private constructor(
    private readonly encoder: Encoder,
    private readonly model: SoftmaxRegression,
    readonly weight: number,
  ) {}

  /**
   * Embeds every example in one `embed` call (the encoder batches inside) and fits the regression
   * on the vectors with `fit` (default: on this thread).
   */
  static async train(encoder: Encoder, examples: readonly EncoderExample[], classes: number, options: Partial<EncoderHeadOptions> = {}, fit?: FitHead): Promise<EncoderHead> {
    const o = { ...defaultEncoderHeadOptions, ...options };
    const dimension = encoder.dimension;
    const embedded = await encoder.embed(examples.map((e) => e.text));
    if (embedded.length !== examples.length) throw new Error(`encoder returned ${embedded.length} vectors for ${examples.length} texts`);
    const vectors = new Float32Array(examples.length * dimension);
    embedded.forEach((v, i) => vectors.set(v.subarray(0, dimension), i * dimension));
    const request = { vectors, labels: Int32Array.from(examples, (e) => e.label), classes, dimension, minSteps: o.minSteps };
    const m = fit ? await fit(request) : fitHead(request);
    if (m.classes !== classes || m.weights.length !== classes * dimension) throw new Error('fitted encoder head does not match its request');
    return new EncoderHead(encoder, new SoftmaxRegression(m.classes, m.weights, m.bias), o.weight);
  }

  get classes(): number {
    return this.model.classes;
  }

  /** The encoder's distribution over the classes for each text, the texts embedded in one call. Rejects when the encoder does. */
  async probabilities(texts: readonly string[]): Promise<Float64Array[]> {
    const vectors = await this.encoder.embed(texts);
    if (vectors.length !== texts.length) throw new Error(`encoder returned ${vectors.length} vectors for ${texts.length} texts`);
    return vectors.map((v) => softmax(this.model.logits(dense(v))));
  }

  /** The lexical scores `p` and the encoder's distribution `q` mixed by `combineScores` with this head's weight. */
  combine(p: Float64Array, q: Float64Array): Float64Array {
    return combineScores(p, q, this.weight);
  }
}

/**
 * The lexical scores `p` and the encoder's distribution `q` mixed as p^(1 − w) · q^w, renormalized:
 * a class both experts favour gains, one that either rules out loses. `p` may leave mass
 * unassigned (the engine's scores sum to at most 1: the rest is off-topic or doubt). When `q`
 * has one class more than `p`, that last class is the encoder's off-topic (background) class and
 * meets the mass `p` leaves unassigned; otherwise the result keeps `p`'s total. Returns the
 * mixed scores of `p`'s classes, in a new array. Every encoder stage mixes with this function.
 */
export function combineScores(p: Float64Array, q: Float64Array, w: number): Float64Array {
  const n = p.length;
  if (q.length !== n && q.length !== n + 1) throw new Error(`encoder scores ${q.length} classes, lexical ${n}`);
  let total = 0;
  for (const x of p) total += x;
  const withRest = q.length === n + 1;
  const mix = (a: number, b: number): number => Math.exp((1 - w) * Math.log(Math.max(FLOOR, a)) + w * Math.log(Math.max(FLOOR, b)));
  const out = new Float64Array(n);
  let sum = withRest ? mix(1 - total, q[n] ?? 0) : 0;
  for (let k = 0; k < n; k++) {
    const v = mix(p[k] ?? 0, q[k] ?? 0);
    out[k] = v;
    sum += v;
  }
  const scale = (withRest ? 1 : total) / (sum || 1);
  for (let k = 0; k < n; k++) out[k] = (out[k] ?? 0) * scale;
  return out;
}
