// The semantic stage over a knowledge base: classifier probabilities, leaning on BM25 for entries with few examples.
import type { KnowledgeEntry } from '../knowledge-base.js';
import { BACKGROUND_SENTENCES } from './background.js';
import { seededRandom } from '../random.js';
import { Bm25Index, type Bm25Snapshot } from './bm25.js';
import { IntentClassifier, defaultClassifierOptions, type ClassifierOptions, type ClassifierSnapshot, type LabeledText } from './intent-classifier.js';
import { softmax } from './softmax-regression.js';
import type { AnalyzedText } from './tfidf-vectorizer.js';

export interface SemanticOptions {
  readonly classifier: ClassifierOptions;
  /**
   * Pseudo-count n0 of the blend weight β = n0 / (n0 + examples of the entry): an entry known by
   * its question alone leans on BM25 over its answer (β = 2/3), one with 20 examples hardly (β ≈ 0.09). Default 2.
   */
  readonly lexicalPrior: number;
  /** Softmax temperature turning BM25 scores into a distribution over entries. Default 1.5. */
  readonly bm25Temperature: number;
  /** Fit the classifier's temperature on held-out examples (costs a second training). Default true. */
  readonly calibrate: boolean;
  /** Calibrate only when at least this many examples can be held out; else keep temperature 1. Default 10. */
  readonly minHeldOut: number;
  /**
   * Multiply each entry's probability by √(cosine to its nearest example), so that a query unlike
   * anything the entry was taught loses confidence (validated on CLINC150 out-of-scope). Default true.
   */
  readonly nearestExample: boolean;
  /** Off-topic sentences trained as an extra class whose probability no entry gets (see background.ts); [] turns it off. */
  readonly background: readonly string[];
}

export const defaultSemanticOptions: Readonly<SemanticOptions> = Object.freeze({
  classifier: defaultClassifierOptions,
  lexicalPrior: 2,
  bm25Temperature: 1.5,
  calibrate: true,
  minHeldOut: 10,
  nearestExample: true,
  background: BACKGROUND_SENTENCES,
});

/** A trained matcher as plain data, so that training can run on another thread (see bot/semantic-trainer.ts). */
export interface SemanticSnapshot {
  readonly entryIds: readonly string[];
  readonly classifier: ClassifierSnapshot;
  readonly bm25: Bm25Snapshot;
  readonly lexicalShare: Float64Array;
  readonly options: SemanticOptions;
}

export class SemanticMatcher {
  private constructor(
    readonly entryIds: readonly string[],
    private readonly classifier: IntentClassifier,
    private readonly bm25: Bm25Index,
    /** β per entry. */
    private readonly lexicalShare: Float64Array,
    private readonly options: SemanticOptions,
  ) {}

  /** Trains on each entry's question and similar questions; `analyze` must be the engine's. */
  static build(entries: readonly KnowledgeEntry[], analyze: (text: string) => AnalyzedText, options: Partial<SemanticOptions> = {}): SemanticMatcher {
    const o = { ...defaultSemanticOptions, ...options };
    const examples: LabeledText[][] = entries.map((e, label) => [e.question, ...e.similar].map((t) => ({ doc: analyze(t), label })));
    // The background class, when present, is the last one; `score` reads only the entries before it.
    const background = o.background.map((t) => ({ doc: analyze(t), label: entries.length }));
    const classes = entries.length + (background.length > 0 ? 1 : 0);
    const classifier = IntentClassifier.train([...examples.flat(), ...background], classes, o.classifier);
    if (o.calibrate) {
      // One example held out from each entry that has three or more: a model trained without
      // them scores them as it will score a visitor, and its temperature carries over.
      const random = seededRandom(7);
      const heldOut: LabeledText[] = [];
      const rest: LabeledText[] = [];
      for (const list of examples) {
        const pick = list.length >= 3 ? Math.floor(random() * list.length) : -1;
        list.forEach((x, i) => (i === pick ? heldOut : rest).push(x));
      }
      if (heldOut.length >= o.minHeldOut) {
        const probe = IntentClassifier.train([...rest, ...background], classes, o.classifier);
        classifier.temperature = probe.calibrate(heldOut);
      }
    }
    const bm25 = new Bm25Index(entries.map((e) => [e.question, ...e.similar, e.answer].flatMap((t) => analyze(t).tokens)));
    const share = Float64Array.from(examples, (list) => o.lexicalPrior / (o.lexicalPrior + list.length));
    return new SemanticMatcher(entries.map((e) => e.id), classifier, bm25, share, o);
  }

  snapshot(): SemanticSnapshot {
    return { entryIds: this.entryIds, classifier: this.classifier.snapshot(), bm25: this.bm25.snapshot(), lexicalShare: this.lexicalShare, options: this.options };
  }

  /** The matcher a snapshot was taken of; it scores exactly as the original. */
  static restore(s: SemanticSnapshot): SemanticMatcher {
    return new SemanticMatcher(s.entryIds, IntentClassifier.restore(s.classifier), Bm25Index.restore(s.bm25), s.lexicalShare, s.options);
  }

  get temperature(): number {
    return this.classifier.temperature;
  }

  /** Score per entry (in `entryIds` order), each in [0, 1], summing to at most 1. */
  score(doc: AnalyzedText): Float64Array {
    const p = this.classifier.probabilities(doc).subarray(0, this.entryIds.length);
    if (this.options.nearestExample) {
      for (let i = 0; i < p.length; i++) {
        const x = p[i] ?? 0;
        // Only entries with a visible chance pay for the nearest-example search.
        if (x > 0.01) p[i] = x * Math.sqrt(this.classifier.support(doc, i));
      }
    }
    const raw = this.bm25.score(doc.tokens);
    // No shared word at all: BM25 has no opinion, and a uniform spread would only add noise.
    if (!raw.some((s) => s > 0)) return p.map((x, i) => x * (1 - (this.lexicalShare[i] ?? 0)));
    const q = softmax(raw, this.options.bm25Temperature);
    return p.map((x, i) => {
      const beta = this.lexicalShare[i] ?? 0;
      return (1 - beta) * x + beta * (q[i] ?? 0);
    });
  }
}
