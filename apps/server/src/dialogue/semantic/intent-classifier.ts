// Intent classifier: TF-IDF views feeding softmax regressions whose logits are averaged, then temperature-scaled.
import { SoftmaxRegression, softmax, type TrainOptions } from './softmax-regression.js';
import { dot, norm, type SparseVector } from './sparse-vector.js';
import { fitTemperature } from './temperature.js';
import { TfidfVectorizer, type AnalyzedText, type VectorizerOptions, type VectorizerSnapshot } from './tfidf-vectorizer.js';

/** One model of the ensemble: its own view of the text and its own training settings. */
export interface MemberOptions {
  readonly vectorizer?: Partial<VectorizerOptions>;
  readonly training?: Partial<TrainOptions>;
}

export interface ClassifierOptions {
  /** Models whose logits are averaged. Default: one word+char model, chosen by `defaultMembers`. */
  readonly members?: readonly MemberOptions[];
}

export const defaultClassifierOptions: ClassifierOptions = Object.freeze({});

/**
 * Below this median number of examples per class, character n-grams are taken within words.
 * Chosen on validation data (docs/bot-quality.md): within words generalizes better from a handful
 * of examples (+1 point at 10 per class), across words is better with a hundred (+0.4 point).
 */
export const FEW_EXAMPLES_PER_CLASS = 30;

/**
 * View weights with many examples per class: the character view counts 1.5 times the word view,
 * at about the total norm of 1 and 1 (0.8² + 1.2² ≈ 2), so the regression's step and
 * regularization stay as tuned. Chosen on validation data (docs/bot-quality.md): on CLINC150 a
 * better separation of out-of-scope queries and a better joint accuracy on two training seeds, on
 * BANKING77 no loss. Few examples per class (every knowledge base) keep 1 and 1: on the Chinese
 * demo set the new weights raised top-1 but answered one more off-topic message (false answers
 * 0.0303 → 0.0455), and 10-shot BANKING77 gained nothing beyond noise.
 */
export const MANY_EXAMPLES_VIEW_WEIGHTS: Readonly<Pick<VectorizerOptions, 'wordWeight' | 'charWeight'>> = Object.freeze({ wordWeight: 0.8, charWeight: 1.2 });

/** The default ensemble for a training set: one model, its character view picked by data size. */
export function defaultMembers(labels: ArrayLike<number>, classes: number): MemberOptions[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i] ?? 0] = (counts[labels[i] ?? 0] ?? 0) + 1;
  const sorted = counts.filter((c) => c > 0).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  if (median < FEW_EXAMPLES_PER_CLASS) return [{ vectorizer: { charWithinWords: true } }];
  return [{ vectorizer: { charWithinWords: false, ...MANY_EXAMPLES_VIEW_WEIGHTS } }];
}

export interface LabeledText {
  readonly doc: AnalyzedText;
  readonly label: number;
}

/**
 * A trained classifier as plain data: typed arrays move to another thread without a copy. The
 * nearest-example vectors are concatenated: vector j is `indices`/`values` from `offsets[j]` to
 * `offsets[j + 1]`, of class `labels[j]`.
 */
export interface ClassifierSnapshot {
  readonly classes: number;
  readonly temperature: number;
  readonly members: ReadonlyArray<{ readonly vectorizer: VectorizerSnapshot; readonly weights: Float32Array; readonly bias: Float64Array }>;
  readonly examples: { readonly labels: Int32Array; readonly offsets: Int32Array; readonly indices: Int32Array; readonly values: Float32Array };
}

interface Member {
  readonly vectorizer: TfidfVectorizer;
  readonly model: SoftmaxRegression;
}

export class IntentClassifier {
  /** Divides logits before the softmax; set by `calibrate`. */
  temperature = 1;

  private constructor(
    private readonly members: readonly Member[],
    readonly classes: number,
    /** Training vectors of the first member, by class, unit length: the nearest-example evidence. */
    private readonly examples: readonly SparseVector[][],
  ) {}

  /** Fits every member on the examples; labels are class indices in [0, classes). */
  static train(examples: readonly LabeledText[], classes: number, options: ClassifierOptions = defaultClassifierOptions): IntentClassifier {
    const docs = examples.map((e) => e.doc);
    const labels = Int32Array.from(examples, (e) => e.label);
    const chosen = options.members?.length ? options.members : defaultMembers(labels, classes);
    const byClass: SparseVector[][] = Array.from({ length: classes }, () => []);
    const members = chosen.map((m, i): Member => {
      const vectorizer = TfidfVectorizer.fit(docs, m.vectorizer);
      const xs: SparseVector[] = docs.map((d) => vectorizer.transform(d));
      if (i === 0) xs.forEach((x, j) => byClass[labels[j] ?? 0]?.push(unit(x)));
      const model = SoftmaxRegression.train(xs, labels, classes, vectorizer.dimension, { seed: i + 1, ...m.training });
      return { vectorizer, model };
    });
    return new IntentClassifier(members, classes, byClass);
  }

  snapshot(): ClassifierSnapshot {
    const all = this.examples.flatMap((list, label) => list.map((v) => ({ v, label })));
    const offsets = new Int32Array(all.length + 1);
    all.forEach(({ v }, j) => (offsets[j + 1] = (offsets[j] ?? 0) + v.indices.length));
    const indices = new Int32Array(offsets[all.length] ?? 0);
    const values = new Float32Array(indices.length);
    all.forEach(({ v }, j) => {
      indices.set(v.indices, offsets[j]);
      values.set(v.values, offsets[j]);
    });
    return {
      classes: this.classes,
      temperature: this.temperature,
      members: this.members.map((m) => ({ vectorizer: m.vectorizer.snapshot(), weights: m.model.weights, bias: m.model.bias })),
      examples: { labels: Int32Array.from(all, (x) => x.label), offsets, indices, values },
    };
  }

  static restore(s: ClassifierSnapshot): IntentClassifier {
    const members = s.members.map((m) => ({ vectorizer: TfidfVectorizer.restore(m.vectorizer), model: new SoftmaxRegression(s.classes, m.weights, m.bias) }));
    const byClass: SparseVector[][] = Array.from({ length: s.classes }, () => []);
    const { labels, offsets, indices, values } = s.examples;
    for (let j = 0; j < labels.length; j++) {
      const from = offsets[j] ?? 0;
      const to = offsets[j + 1] ?? from;
      byClass[labels[j] ?? 0]?.push({ indices: indices.subarray(from, to), values: values.subarray(from, to) });
    }
    const classifier = new IntentClassifier(members, s.classes, byClass);
    classifier.temperature = s.temperature;
    return classifier;
  }

  /** Mean of the members' logits. */
  logits(doc: AnalyzedText): Float64Array {
    const sum = new Float64Array(this.classes);
    const z = new Float64Array(this.classes);
    for (const m of this.members) {
      m.model.logits(m.vectorizer.transform(doc), z);
      for (let k = 0; k < sum.length; k++) sum[k] = (sum[k] ?? 0) + (z[k] ?? 0) / this.members.length;
    }
    return sum;
  }

  /** Calibrated class probabilities. */
  probabilities(doc: AnalyzedText): Float64Array {
    return softmax(this.logits(doc), this.temperature);
  }

  /**
   * Cosine similarity (0..1) of the text to the nearest training example of a class. A query far
   * from every example the class was taught with is likely out of scope even when the softmax,
   * which must pick some class, is sure of it.
   */
  support(doc: AnalyzedText, label: number): number {
    const first = this.members[0];
    if (!first) return 0;
    const q = unit(first.vectorizer.transform(doc));
    let best = 0;
    for (const x of this.examples[label] ?? []) best = Math.max(best, dot(q, x));
    return best;
  }

  /** Fits the temperature on examples the model was not trained on; returns it. */
  calibrate(heldOut: readonly LabeledText[]): number {
    this.temperature = fitTemperature(heldOut.map((e) => this.logits(e.doc)), Int32Array.from(heldOut, (e) => e.label));
    return this.temperature;
  }
}

function unit(v: SparseVector): SparseVector {
  const n = norm(v) || 1;
  return { indices: v.indices, values: v.values.map((x) => x / n) };
}
