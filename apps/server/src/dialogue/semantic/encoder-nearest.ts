// A large knowledge base's encoder stage: each entry's best example by embedding cosine, as calibrated probabilities; nothing is trained.
import type { Encoder } from '../../ports/encoder.js';
import { combineScores, type EncoderExample } from './encoder-head.js';
import { TopK } from './example-index.js';
import { fitSimilarityTemperature, similaritySoftmax } from './retrieval-model.js';

export interface EncoderNearestOptions {
  /** Share w of the encoder in the mix p^(1 − w) · q^w (as `EncoderHead`'s). */
  readonly weight: number;
  /** Classes that share a held-out question's softmax while the temperature is fitted: the lexical retrieval's depth. */
  readonly depth: number;
  /** Examples (indices into the list given to `build`) held out to fit the temperature. */
  readonly heldOut: readonly number[];
  /**
   * Multiply-adds the temperature fit may spend: each held-out question is compared with every
   * example, so the held-out questions are thinned to fit. Default `CALIBRATION_WORK`.
   */
  readonly calibrationWork?: number;
}

/**
 * 2·10⁹ multiply-adds, about 1.3 s of one core: 78 held-out questions against 10,000 entries of 5
 * examples (512 dimensions), 260 against 1,500 entries of 10, every one up to 780 entries of 5.
 */
export const CALIBRATION_WORK = 2e9;

/** Multiply-adds between two turns of the event loop while the temperature is fitted (about 15 ms). */
const SLICE_WORK = 25e6;

function dot(a: Float32Array, aAt: number, b: Float32Array, bAt: number, dimension: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dimension; d += 4) {
    s0 += (a[aAt + d] ?? 0) * (b[bAt + d] ?? 0);
    s1 += (a[aAt + d + 1] ?? 0) * (b[bAt + d + 1] ?? 0);
    s2 += (a[aAt + d + 2] ?? 0) * (b[bAt + d + 2] ?? 0);
    s3 += (a[aAt + d + 3] ?? 0) * (b[bAt + d + 3] ?? 0);
  }
  for (; d < dimension; d++) s0 += (a[aAt + d] ?? 0) * (b[bAt + d] ?? 0);
  return s0 + s1 + s2 + s3;
}

/** Scales `v` (from `at`, `dimension` numbers) to unit length in place; a zero vector stays zero. */
function normalize(v: Float32Array, at: number, dimension: number): void {
  const n = Math.sqrt(dot(v, at, v, at, dimension));
  if (n > 0) for (let d = 0; d < dimension; d++) v[at + d] = (v[at + d] ?? 0) / n;
}

/**
 * The encoder stage of a knowledge base above `retrievalAbove` entries, where fitting a regression
 * with one class per entry (`EncoderHead`) would take minutes. It keeps the unit-length embedding
 * of every example; an entry's similarity to a message is its best example's cosine, and
 * softmax(similarity / T), T fitted at build time on held-out questions, is the encoder's
 * distribution, mixed with the lexical scores by `combineScores` as the head's is.
 *
 * Only the entries the lexical stage scored (and the background class) are compared with the
 * message: on this path the lexical scores of every other entry are 0, and the geometric mix
 * leaves such an entry near 0 (about 10⁻⁶ · √q) whatever the encoder says, while the softmax's
 * normalizer cancels in the mix's own. So the result is the mix of the full distribution, without
 * reading every example (tested against a full scan in encoder-nearest.test.ts).
 */
export class EncoderNearest {
  private constructor(
    private readonly encoder: Encoder,
    /** Unit vectors, the examples of class c from `starts[c]` to `starts[c + 1]`. */
    private readonly vectors: Float32Array,
    private readonly starts: Int32Array,
    readonly temperature: number,
    readonly weight: number,
    /** Held-out questions the temperature was fitted on. */
    readonly heldOutUsed: number,
  ) {}

  /**
   * Embeds every example in one `embed` call (the encoder batches inside), keeps the vectors and
   * fits the temperature: each held-out question (thinned to `calibrationWork`) compared with all
   * the other examples, maximum likelihood of its own class among the `depth` most similar (as
   * `RetrievalModel` does with TF-IDF vectors); 1 without held-out questions. The comparisons yield
   * to the event loop every few milliseconds.
   */
  static async build(encoder: Encoder, examples: readonly EncoderExample[], classes: number, options: EncoderNearestOptions): Promise<EncoderNearest> {
    const dimension = encoder.dimension;
    const embedded = await encoder.embed(examples.map((e) => e.text));
    if (embedded.length !== examples.length) throw new Error(`encoder returned ${embedded.length} vectors for ${examples.length} texts`);
    // Grouped by class, in the given order within a class.
    const starts = new Int32Array(classes + 1);
    for (const e of examples) {
      if (!(e.label >= 0 && e.label < classes)) throw new Error(`example label ${e.label} outside [0, ${classes})`);
      starts[e.label + 1] = (starts[e.label + 1] ?? 0) + 1;
    }
    for (let c = 0; c < classes; c++) starts[c + 1] = (starts[c + 1] ?? 0) + (starts[c] ?? 0);
    const fill = starts.slice(0, classes);
    const position = new Int32Array(examples.length);
    const vectors = new Float32Array(examples.length * dimension);
    examples.forEach((e, i) => {
      const at = fill[e.label] ?? 0;
      fill[e.label] = at + 1;
      position[i] = at;
      vectors.set((embedded[i] ?? new Float32Array(dimension)).subarray(0, dimension), at * dimension);
      normalize(vectors, at * dimension, dimension);
    });
    const perQuestion = Math.max(1, examples.length * dimension);
    const most = Math.max(1, Math.floor((options.calibrationWork ?? CALIBRATION_WORK) / perQuestion));
    const stride = Math.max(1, Math.ceil(options.heldOut.length / most));
    const heldOut = options.heldOut.filter((j, i) => i % stride === 0 && j >= 0 && j < examples.length);
    const rows: number[][] = [];
    const best = new Float64Array(classes);
    let work = 0;
    for (const j of heldOut) {
      const label = examples[j]?.label ?? 0;
      const at = (position[j] ?? 0) * dimension;
      best.fill(-Infinity);
      for (let c = 0; c < classes; c++) {
        const end = starts[c + 1] ?? 0;
        for (let e = starts[c] ?? 0; e < end; e++) {
          if (e * dimension === at) continue;
          const s = dot(vectors, e * dimension, vectors, at, dimension);
          if (s > (best[c] ?? -Infinity)) best[c] = s;
        }
      }
      const top = new TopK(options.depth);
      for (let c = 0; c < classes; c++) if (c !== label && Number.isFinite(best[c] ?? -Infinity)) top.offer(c, best[c] ?? 0);
      const own = best[label] ?? -Infinity;
      // An entry whose only example was held out has no similarity left to learn from.
      if (!Number.isFinite(own)) continue;
      // The own class in last place, as `fitSimilarityTemperature` reads a row.
      rows.push([...top.sorted().slice(0, options.depth - 1).map((r) => r.score), own]);
      work += perQuestion;
      if (work >= SLICE_WORK) {
        work = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    const temperature = rows.length > 0 ? fitSimilarityTemperature(rows) : 1;
    return new EncoderNearest(encoder, vectors, starts, temperature, options.weight, rows.length);
  }

  get classes(): number {
    return this.starts.length - 1;
  }

  /** Examples held, over all classes. */
  get examples(): number {
    return this.starts[this.starts.length - 1] ?? 0;
  }

  /** The best cosine of a unit-length vector to an example of class `c`; −1 for a class without examples. */
  private similarity(query: Float32Array, c: number): number {
    const dimension = this.encoder.dimension;
    let best = -1;
    const end = this.starts[c + 1] ?? 0;
    for (let e = this.starts[c] ?? 0; e < end; e++) best = Math.max(best, dot(this.vectors, e * dimension, query, 0, dimension));
    return best;
  }

  /** The message's embedding, unit length. Rejects when the encoder does. */
  async embed(text: string): Promise<Float32Array> {
    const [v] = await this.encoder.embed([text]);
    if (!v) throw new Error('encoder returned no vector');
    const query = Float32Array.from(v.subarray(0, this.encoder.dimension));
    normalize(query, 0, query.length);
    return query;
  }

  /**
   * The lexical scores of the `entries` entries (entry → score; every entry left out scores 0)
   * mixed with the encoder's distribution over them and the background class (the last class,
   * when there is one more than `entries`): softmax(similarity / T) over those classes, then
   * `combineScores`. Returns the mixed score of every entry in `lexical`.
   */
  mix(query: Float32Array, lexical: ReadonlyMap<number, number>, entries: number): Map<number, number> {
    const labels = [...lexical.keys()];
    if (labels.length === 0) return new Map();
    const p = Float64Array.from(labels, (l) => lexical.get(l) ?? 0);
    const similarities = labels.map((l) => this.similarity(query, l));
    if (this.classes > entries) similarities.push(this.similarity(query, entries));
    const q = Float64Array.from(similaritySoftmax(similarities, this.temperature));
    const mixed = combineScores(p, q, this.weight);
    return new Map(labels.map((l, i) => [l, mixed[i] ?? 0]));
  }

  /**
   * The encoder's distribution over every class, softmax(similarity / T) with each class's best
   * example compared (a full scan: what `mix` spares; for tests and measurements).
   */
  distribution(query: Float32Array): Float64Array {
    const similarities = Array.from({ length: this.classes }, (_, c) => this.similarity(query, c));
    return Float64Array.from(similaritySoftmax(similarities, this.temperature));
  }
}
