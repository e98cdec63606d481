// The semantic model of a large knowledge base: nearest taught examples by TF-IDF cosine, turned into calibrated probabilities.
import { ExampleIndex, TopK, type ExampleIndexSnapshot } from './example-index.js';
import type { LabeledText } from './intent-classifier.js';
import { fitTemperature } from './temperature.js';
import { TfidfVectorizer, type AnalyzedText, type VectorizerOptions, type VectorizerSnapshot } from './tfidf-vectorizer.js';

export interface RetrievalSnapshot {
  readonly classes: number;
  /** Classes (entries, and the background class if any) that share the softmax of one query. */
  readonly depth: number;
  readonly temperature: number;
  readonly vectorizer: VectorizerSnapshot;
  readonly index: ExampleIndexSnapshot;
}

/** A candidate class: its calibrated probability and its best example's cosine to the query. */
export interface Candidate {
  readonly label: number;
  readonly probability: number;
  readonly similarity: number;
}

/**
 * softmax(s / t) over the given similarities, best first: the probabilities of the candidates,
 * the classes outside them taken as having none. With the `depth` most similar classes the rest
 * would get a negligible share once the temperature is fitted (a few hundredths of cosine).
 */
export function similaritySoftmax(similarities: readonly number[], temperature: number): number[] {
  const max = similarities.reduce((m, s) => Math.max(m, s), -Infinity);
  const e = similarities.map((s) => Math.exp((s - max) / temperature));
  const sum = e.reduce((a, x) => a + x, 0);
  return e.map((x) => x / sum);
}

/**
 * The temperature that makes softmax(similarity / t) over each held-out question's candidates
 * honest: maximum likelihood of the question's own class (temperature.ts), its similarity added to
 * the candidates when it was not among them. Each row lists the candidates' similarities, the true
 * class's last. Returns 1 without rows.
 */
export function fitSimilarityTemperature(rows: readonly (readonly number[])[]): number {
  const logits = rows.map((r) => Float64Array.from(r));
  return fitTemperature(logits, Int32Array.from(rows, (r) => r.length - 1));
}

export class RetrievalModel {
  private constructor(
    readonly classes: number,
    readonly depth: number,
    readonly temperature: number,
    private readonly vectorizer: TfidfVectorizer,
    private readonly index: ExampleIndex,
  ) {}

  /**
   * Vectorizes and indexes the examples (labels in [0, classes)), then fits the temperature on the
   * examples listed in `heldOut` (indices into `examples`), each scored against all the others; with
   * none, the temperature is 1. No model is trained: seconds for tens of thousands of examples.
   */
  static build(examples: readonly LabeledText[], classes: number, options: { readonly depth: number; readonly heldOut: readonly number[]; readonly vectorizer?: Partial<VectorizerOptions> }): RetrievalModel {
    const vectorizer = TfidfVectorizer.fit(examples.map((e) => e.doc), options.vectorizer);
    const vectors = examples.map((e) => vectorizer.transform(e.doc));
    const index = ExampleIndex.build(vectors, Int32Array.from(examples, (e) => e.label), classes, vectorizer.dimension);
    const rows: number[][] = [];
    for (const j of options.heldOut) {
      const label = examples[j]?.label ?? -1;
      const vector = vectors[j];
      if (label < 0 || !vector) continue;
      const top = new TopK(options.depth);
      let own = 0;
      index.visitLabels(vector, (l, s) => {
        top.offer(l, s);
        if (l === label) own = s;
      }, j);
      const row = top.sorted().filter((r) => r.index !== label).map((r) => r.score);
      // The own class in last place: the row is what a visitor's softmax would spread over.
      if (row.length === options.depth) row.pop();
      rows.push([...row, own]);
    }
    const temperature = rows.length > 0 ? fitSimilarityTemperature(rows) : 1;
    return new RetrievalModel(classes, options.depth, temperature, vectorizer, index);
  }

  snapshot(): RetrievalSnapshot {
    return { classes: this.classes, depth: this.depth, temperature: this.temperature, vectorizer: this.vectorizer.snapshot(), index: this.index.snapshot() };
  }

  static restore(s: RetrievalSnapshot): RetrievalModel {
    return new RetrievalModel(s.classes, s.depth, s.temperature, TfidfVectorizer.restore(s.vectorizer), ExampleIndex.restore(s.index));
  }

  /** The `depth` classes most similar to the text, best first, with calibrated probabilities; none when no feature is shared. */
  candidates(doc: AnalyzedText): Candidate[] {
    const top = this.index.nearest(this.vectorizer.transform(doc), this.depth);
    const p = similaritySoftmax(top.map((r) => r.score), this.temperature);
    return top.map((r, i) => ({ label: r.index, probability: p[i] ?? 0, similarity: r.score }));
  }
}
