// Nearest training examples through an inverted index: a query touches only the examples that share one of its features.
import { norm, type SparseVector } from './sparse-vector.js';
import type { Ranked } from './top-k.js';

/**
 * The index as plain data (typed arrays cross a worker boundary without a copy). Vectors are unit
 * length. A feature held by more than `commonAbove` examples is *common* (a frequent word, the
 * character n-grams of one): it finds no candidates, and each example keeps its common features'
 * values itself, `commonFeatures`/`commonWeights` from `commonOffsets[j]` to `commonOffsets[j + 1]`
 * (feature f's slot `commonSlot[f]`, −1 for the others). Every other feature has postings:
 * `examples`/`weights` from `offsets[f]` to `offsets[f + 1]`. Example j is of label `labels[j]`.
 */
export interface ExampleIndexSnapshot {
  readonly labelCount: number;
  readonly labels: Int32Array;
  readonly offsets: Int32Array;
  readonly examples: Int32Array;
  readonly weights: Float32Array;
  readonly commonSlot: Int32Array;
  readonly commonOffsets: Int32Array;
  readonly commonFeatures: Int32Array;
  readonly commonWeights: Float32Array;
}

/** Examples a feature may be in and still find candidates: 1,000, or one in 40 of a larger index. */
export function commonThreshold(examples: number): number {
  return Math.max(1_000, Math.ceil(examples / 40));
}

/**
 * Cosine similarity of a query to the training examples it shares an uncommon feature with,
 * reduced to the best example per label. Those similarities are exact (common features included);
 * an example that shares only common features with the query is not a candidate. The work is the
 * length of the query's uncommon postings plus the candidates' common features, not the number of
 * examples, and the scratch arrays are allocated once per index: a query allocates only its result.
 */
export class ExampleIndex {
  private readonly sums: Float64Array;
  private readonly touched: Int32Array;
  private readonly best: Float64Array;
  private readonly labelsTouched: Int32Array;
  private readonly queryCommon: Float64Array;

  private constructor(private readonly data: ExampleIndexSnapshot) {
    this.sums = new Float64Array(data.labels.length);
    this.touched = new Int32Array(data.labels.length);
    this.best = new Float64Array(data.labelCount);
    this.labelsTouched = new Int32Array(data.labelCount);
    let slots = 0;
    for (const slot of data.commonSlot) slots = Math.max(slots, slot + 1);
    this.queryCommon = new Float64Array(slots);
  }

  /**
   * Indexes the vectors (normalized to unit length here); feature indices must be below
   * `dimension`. `commonAbove` defaults to `commonThreshold` of the number of vectors.
   */
  static build(vectors: readonly SparseVector[], labels: ArrayLike<number>, labelCount: number, dimension: number, commonAbove = commonThreshold(vectors.length)): ExampleIndex {
    const df = new Int32Array(dimension);
    for (const v of vectors) for (const f of v.indices) df[f] = (df[f] ?? 0) + 1;
    const commonSlot = new Int32Array(dimension).fill(-1);
    let slots = 0;
    for (let f = 0; f < dimension; f++) if ((df[f] ?? 0) > commonAbove) commonSlot[f] = slots++;
    const offsets = new Int32Array(dimension + 1);
    for (let f = 0; f < dimension; f++) offsets[f + 1] = (offsets[f] ?? 0) + ((commonSlot[f] ?? -1) < 0 ? (df[f] ?? 0) : 0);
    const fill = offsets.slice(0, dimension);
    const examples = new Int32Array(offsets[dimension] ?? 0);
    const weights = new Float32Array(examples.length);
    const commonOffsets = new Int32Array(vectors.length + 1);
    vectors.forEach((v, j) => {
      let common = 0;
      for (const f of v.indices) if ((commonSlot[f] ?? -1) >= 0) common++;
      commonOffsets[j + 1] = (commonOffsets[j] ?? 0) + common;
    });
    const commonFeatures = new Int32Array(commonOffsets[vectors.length] ?? 0);
    const commonWeights = new Float32Array(commonFeatures.length);
    vectors.forEach((v, j) => {
      const n = norm(v) || 1;
      let c = commonOffsets[j] ?? 0;
      v.indices.forEach((f, i) => {
        const w = (v.values[i] ?? 0) / n;
        const slot = commonSlot[f] ?? -1;
        if (slot >= 0) {
          commonFeatures[c] = slot;
          commonWeights[c++] = w;
          return;
        }
        const at = fill[f] ?? 0;
        examples[at] = j;
        weights[at] = w;
        fill[f] = at + 1;
      });
    });
    return new ExampleIndex({ labelCount, labels: Int32Array.from(labels), offsets, examples, weights, commonSlot, commonOffsets, commonFeatures, commonWeights });
  }

  static restore(s: ExampleIndexSnapshot): ExampleIndex {
    return new ExampleIndex(s);
  }

  snapshot(): ExampleIndexSnapshot {
    return this.data;
  }

  /** Indexed examples. */
  get size(): number {
    return this.data.labels.length;
  }

  labelOf(example: number): number {
    return this.data.labels[example] ?? -1;
  }

  /**
   * Calls `visit` once per label with a candidate example, with its best cosine (the query is
   * normalized here). Example `exclude` is left out: a held-out question scored against all the
   * others, as if the index had been built without it.
   */
  visitLabels(query: SparseVector, visit: (label: number, similarity: number) => void, exclude = -1): void {
    const { offsets, examples, weights, labels, commonSlot, commonOffsets, commonFeatures, commonWeights } = this.data;
    const { sums, touched, best, labelsTouched, queryCommon } = this;
    const dimension = offsets.length - 1;
    const n = norm(query);
    if (n === 0) return;
    let count = 0;
    for (let i = 0; i < query.indices.length; i++) {
      const f = query.indices[i] ?? dimension;
      if (f >= dimension) continue;
      const w = (query.values[i] ?? 0) / n;
      const slot = commonSlot[f] ?? -1;
      if (slot >= 0) {
        queryCommon[slot] = w;
        continue;
      }
      const end = offsets[f + 1] ?? 0;
      for (let p = offsets[f] ?? 0; p < end; p++) {
        const e = examples[p] ?? 0;
        // TF-IDF values are positive, so a touched example's sum is never 0 again.
        if (sums[e] === 0) touched[count++] = e;
        sums[e] = (sums[e] ?? 0) + w * (weights[p] ?? 0);
      }
    }
    let labelCount = 0;
    for (let t = 0; t < count; t++) {
      const e = touched[t] ?? 0;
      let s = sums[e] ?? 0;
      sums[e] = 0;
      if (e === exclude) continue;
      const end = commonOffsets[e + 1] ?? 0;
      for (let c = commonOffsets[e] ?? 0; c < end; c++) s += (queryCommon[commonFeatures[c] ?? 0] ?? 0) * (commonWeights[c] ?? 0);
      const label = labels[e] ?? 0;
      const b = best[label] ?? 0;
      if (b === 0) labelsTouched[labelCount++] = label;
      if (s > b) best[label] = s;
    }
    for (let i = 0; i < query.indices.length; i++) {
      const slot = commonSlot[query.indices[i] ?? 0] ?? -1;
      if (slot >= 0) queryCommon[slot] = 0;
    }
    for (let t = 0; t < labelCount; t++) {
      const label = labelsTouched[t] ?? 0;
      const s = best[label] ?? 0;
      best[label] = 0;
      visit(label, s);
    }
  }

  /** The k labels whose best example is most similar to the query, best first (ties: lower label first). */
  nearest(query: SparseVector, k: number, exclude = -1): Ranked[] {
    const top = new TopK(k);
    this.visitLabels(query, (label, s) => top.offer(label, s), exclude);
    return top.sorted();
  }
}

/** The k best of a stream of (index, score), in O(k) memory; k is small. */
export class TopK {
  private readonly items: Ranked[] = [];

  constructor(private readonly k: number) {}

  offer(index: number, score: number): void {
    const items = this.items;
    const last = items[items.length - 1];
    if (items.length === this.k && last && (score < last.score || (score === last.score && index > last.index))) return;
    let at = items.length;
    while (at > 0) {
      const prev = items[at - 1];
      if (!prev || prev.score > score || (prev.score === score && prev.index < index)) break;
      at--;
    }
    items.splice(at, 0, { index, score });
    if (items.length > this.k) items.pop();
  }

  /** Best first. */
  sorted(): Ranked[] {
    return this.items.slice();
  }
}
