// The sentence encoder's side of `kefu eval --encoder`: a distribution over labels per query, to blend with the classifier's.
import type { Encoder } from '../ports/encoder.js';
import { EncoderIndex } from '../dialogue/semantic/encoder-index.js';
import { SoftmaxRegression, softmax } from '../dialogue/semantic/softmax-regression.js';
import type { SparseVector } from '../dialogue/semantic/sparse-vector.js';
import type { Example } from './datasets.js';
import { TableEncoder, embedCached } from './embedding-cache.js';

export interface EvalEncoderOptions {
  readonly encoder: Encoder;
  /** Names the model for the embedding cache (`encoderIdentity`). */
  readonly id: string;
  /** Share of the encoder's distribution in the blend. */
  readonly weight: number;
  /**
   * 'nearest': softmax of each label's nearest-example cosine (what the engine's `EncoderIndex`
   * does). 'centroid': softmax of the cosine to each label's mean example. 'regression': a
   * softmax regression trained on the embeddings.
   */
  readonly head: 'nearest' | 'centroid' | 'regression';
  /** Softmax temperature of the nearest and centroid heads. */
  readonly temperature: number;
  /** 'linear': (1 − w)·p + w·q. 'geometric': p^(1 − w)·q^w, renormalized (agreement counts more). */
  readonly mix: 'linear' | 'geometric';
  /** Progress of a first, uncached embedding run. */
  readonly progress?: (done: number, total: number) => void;
}

/** Chosen on validation data (docs/bot-quality.md): the usual 3,000 steps leave 10 examples per label 0.9 point lower; 100,000 gain nothing. */
const REGRESSION_MIN_STEPS = 30_000;

/** What the encoder says about one query. */
export interface EncoderEvidence {
  /** Distribution over the labels (in the classifier's label order). */
  readonly probabilities: Float64Array;
  /** Cosine to the nearest training example of each label; computed only when asked for (it is the slow part). */
  readonly nearest?: Float64Array;
}

/** Embeds every text of a dataset once (cached on disk), so any subset or seed reads from the table. */
export async function datasetEncoder(o: EvalEncoderOptions, everyText: readonly string[]): Promise<Encoder> {
  return new TableEncoder(o.encoder, await embedCached(o.encoder, o.id, everyText, o.progress ? { progress: o.progress } : {}));
}

function dense(v: Float32Array): SparseVector {
  return { indices: Int32Array.from(v.keys()), values: v };
}

/** The encoder's evidence for each query of each set, from one head fitted on the training examples alone. */
export async function encoderEvidence(
  o: EvalEncoderOptions,
  encoder: Encoder,
  train: readonly Example[],
  labels: readonly string[],
  querySets: readonly (readonly Example[])[],
  withNearest = false,
): Promise<EncoderEvidence[][]> {
  const index = new Map(labels.map((l, i) => [l, i]));
  const byLabel: string[][] = labels.map(() => []);
  for (const e of train) byLabel[index.get(e.label) ?? 0]?.push(e.text);
  const nearestIndex = o.head === 'nearest' || withNearest ? await EncoderIndex.build(encoder, byLabel, o.temperature) : undefined;
  const centroids = o.head === 'centroid' ? await centroidsOf(encoder, byLabel) : undefined;
  let regression: SoftmaxRegression | undefined;
  if (o.head === 'regression') {
    const xs = (await encoder.embed(train.map((e) => e.text))).map(dense);
    // Dense unit vectors move the logits slowly; a handful of examples per label needs many
    // passes to fit (the minimum number of steps), a full dataset gets the usual passes.
    regression = SoftmaxRegression.train(xs, Int32Array.from(train, (e) => index.get(e.label) ?? 0), labels.length, encoder.dimension, {
      minSteps: REGRESSION_MIN_STEPS,
    });
  }
  const evidenceOf = async (q: Example): Promise<EncoderEvidence> => {
    const nearest = nearestIndex ? await nearestIndex.similarities(q.text) : undefined;
    let probabilities: Float64Array;
    if (regression) {
      const [v] = await encoder.embed([q.text]);
      probabilities = softmax(regression.logits(dense(v ?? new Float32Array(encoder.dimension))));
    } else if (centroids) {
      const [v] = await encoder.embed([q.text]);
      probabilities = softmax(Float64Array.from(centroids, (c) => cosine(c, v ?? c)), o.temperature);
    } else {
      probabilities = softmax(Float64Array.from(nearest ?? []), o.temperature);
    }
    return nearest ? { probabilities, nearest } : { probabilities };
  };
  const out: EncoderEvidence[][] = [];
  for (const queries of querySets) {
    const evidence: EncoderEvidence[] = [];
    for (const q of queries) evidence.push(await evidenceOf(q));
    out.push(evidence);
  }
  return out;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < a.length; d++) {
    dot += (a[d] ?? 0) * (b[d] ?? 0);
    na += (a[d] ?? 0) ** 2;
    nb += (b[d] ?? 0) ** 2;
  }
  return dot / (Math.sqrt(na * nb) || 1);
}

/** Each label's mean example vector (the examples unit-normalized first). */
async function centroidsOf(encoder: Encoder, byLabel: readonly string[][]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const texts of byLabel) {
    const sum = new Float32Array(encoder.dimension);
    for (const v of await encoder.embed(texts)) {
      const n = Math.hypot(...v) || 1;
      v.forEach((x, d) => (sum[d] = (sum[d] ?? 0) + x / n));
    }
    out.push(sum);
  }
  return out;
}

/** The classifier's and the encoder's distributions mixed as `mix` says, in place on the classifier's array. */
export function blend(classifier: Float64Array, encoder: Float64Array, weight: number, mix: EvalEncoderOptions['mix'] = 'linear'): Float64Array {
  if (mix === 'linear') {
    for (let k = 0; k < classifier.length; k++) classifier[k] = (1 - weight) * (classifier[k] ?? 0) + weight * (encoder[k] ?? 0);
    return classifier;
  }
  let sum = 0;
  for (let k = 0; k < classifier.length; k++) {
    // The floor keeps one expert's near-zero from vetoing a class outright.
    const v = Math.exp((1 - weight) * Math.log(Math.max(1e-12, classifier[k] ?? 0)) + weight * Math.log(Math.max(1e-12, encoder[k] ?? 0)));
    classifier[k] = v;
    sum += v;
  }
  for (let k = 0; k < classifier.length; k++) classifier[k] = (classifier[k] ?? 0) / (sum || 1);
  return classifier;
}
