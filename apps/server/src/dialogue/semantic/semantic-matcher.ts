// The semantic stage over a knowledge base: classifier probabilities (or, for a large one, calibrated
// nearest-example similarities), leaning on BM25 for entries with few examples.
import type { KnowledgeEntry } from '../knowledge-base.js';
import { BACKGROUND_SENTENCES } from './background.js';
import { seededRandom } from '../random.js';
import { Bm25Index, type Bm25Snapshot } from './bm25.js';
import { TopK } from './example-index.js';
import { IntentClassifier, defaultClassifierOptions, defaultMembers, type ClassifierOptions, type ClassifierSnapshot, type LabeledText } from './intent-classifier.js';
import { RetrievalModel, type RetrievalSnapshot } from './retrieval-model.js';
import { softmax } from './softmax-regression.js';
import type { AnalyzedText } from './tfidf-vectorizer.js';
import { topK, type Ranked } from './top-k.js';

export interface SemanticOptions {
  readonly classifier: ClassifierOptions;
  /**
   * Pseudo-count n0 of the blend weight β = n0 / (n0 + examples of the entry): an entry known by
   * its question alone leans on BM25 over its answer (β = 2/3), one with 20 examples hardly (β ≈ 0.09). Default 2.
   */
  readonly lexicalPrior: number;
  /** Softmax temperature turning BM25 scores into a distribution over entries. Default 1.5. */
  readonly bm25Temperature: number;
  /**
   * Fit the classifier's temperature on held-out examples (costs a second training). Default true.
   * The nearest-example model of a large knowledge base always fits its own: it trains nothing.
   */
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
  /**
   * Above this many entries no classifier is trained (its cost grows with the square of the
   * entries): examples are indexed and a query's nearest ones, by TF-IDF cosine, become calibrated
   * probabilities (`RetrievalModel`). Default 1,000 (docs/bot-quality.md, "Large knowledge bases").
   */
  readonly retrievalAbove: number;
  /** Large knowledge bases: the most similar entries (and background) that share a query's softmax. Default 20. */
  readonly retrievalDepth: number;
  /** Large knowledge bases: at most this many held-out questions fit the temperature. Default 2,000. */
  readonly retrievalHeldOut: number;
}

export const defaultSemanticOptions: Readonly<SemanticOptions> = Object.freeze({
  classifier: defaultClassifierOptions,
  lexicalPrior: 2,
  bm25Temperature: 1.5,
  calibrate: true,
  minHeldOut: 10,
  nearestExample: true,
  background: BACKGROUND_SENTENCES,
  retrievalAbove: 1_000,
  retrievalDepth: 20,
  retrievalHeldOut: 2_000,
});

/** A trained matcher as plain data, so that training can run on another thread (see bot/semantic-trainer.ts). */
export interface SemanticSnapshot {
  readonly entryIds: readonly string[];
  /** One of the two models: the classifier, or the retrieval model of a large knowledge base. */
  readonly classifier?: ClassifierSnapshot;
  readonly retrieval?: RetrievalSnapshot;
  readonly bm25: Bm25Snapshot;
  readonly lexicalShare: Float64Array;
  readonly options: SemanticOptions;
}

export class SemanticMatcher {
  private constructor(
    readonly entryIds: readonly string[],
    private readonly model: { readonly classifier: IntentClassifier } | { readonly retrieval: RetrievalModel },
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
    const bm25 = new Bm25Index(entries.map((e) => [e.question, ...e.similar, e.answer].flatMap((t) => analyze(t).tokens)));
    const share = Float64Array.from(examples, (list) => o.lexicalPrior / (o.lexicalPrior + list.length));
    const ids = entries.map((e) => e.id);
    if (entries.length > o.retrievalAbove) return new SemanticMatcher(ids, { retrieval: buildRetrieval(examples, background, classes, o) }, bm25, share, o);
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
    return new SemanticMatcher(ids, { classifier }, bm25, share, o);
  }

  snapshot(): SemanticSnapshot {
    const model = 'classifier' in this.model ? { classifier: this.model.classifier.snapshot() } : { retrieval: this.model.retrieval.snapshot() };
    return { entryIds: this.entryIds, ...model, bm25: this.bm25.snapshot(), lexicalShare: this.lexicalShare, options: this.options };
  }

  /** The matcher a snapshot was taken of; it scores exactly as the original. */
  static restore(s: SemanticSnapshot): SemanticMatcher {
    const model = s.classifier ? { classifier: IntentClassifier.restore(s.classifier) } : s.retrieval ? { retrieval: RetrievalModel.restore(s.retrieval) } : undefined;
    if (!model) throw new Error('semantic snapshot holds no model');
    return new SemanticMatcher(s.entryIds, model, Bm25Index.restore(s.bm25), s.lexicalShare, s.options);
  }

  /** Which model scores: the classifier, or nearest examples (a knowledge base above `retrievalAbove` entries). */
  get kind(): 'classifier' | 'retrieval' {
    return 'classifier' in this.model ? 'classifier' : 'retrieval';
  }

  get temperature(): number {
    return 'classifier' in this.model ? this.model.classifier.temperature : this.model.retrieval.temperature;
  }

  /** The k best entries, best first, by the scores of `score` (ties: lower index first). */
  top(doc: AnalyzedText, k: number): Ranked[] {
    if ('classifier' in this.model) return topK(this.score(doc), k);
    const best = new TopK(k);
    for (const [i, s] of this.retrievalScores(doc, this.model.retrieval)) best.offer(i, s);
    return best.sorted();
  }

  /**
   * The entries `score` scores above 0, by entry index, with their scores (every other entry's is
   * 0). On the nearest-example path these are the retrieval candidates and the entries BM25 ranks
   * best (a few dozen), and no array of every entry is made.
   */
  scoredEntries(doc: AnalyzedText): Map<number, number> {
    if (!('classifier' in this.model)) return this.retrievalScores(doc, this.model.retrieval);
    const out = new Map<number, number>();
    this.score(doc).forEach((s, i) => {
      if (s > 0) out.set(i, s);
    });
    return out;
  }

  /** Score per entry (in `entryIds` order), each in [0, 1], summing to at most 1. */
  score(doc: AnalyzedText): Float64Array {
    if (!('classifier' in this.model)) {
      const out = new Float64Array(this.entryIds.length);
      for (const [i, s] of this.retrievalScores(doc, this.model.retrieval)) out[i] = s;
      return out;
    }
    const classifier = this.model.classifier;
    const p = classifier.probabilities(doc).subarray(0, this.entryIds.length);
    if (this.options.nearestExample) {
      for (let i = 0; i < p.length; i++) {
        const x = p[i] ?? 0;
        // Only entries with a visible chance pay for the nearest-example search.
        if (x > 0.01) p[i] = x * Math.sqrt(classifier.support(doc, i));
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

  /**
   * The classifier path's blend over the retrieval model's candidates and the entries BM25 ranks
   * best: (1 − β)·p·√cosine + β·q, q the BM25 softmax over all entries (summed over the documents
   * that share a word, the others' equal terms counted at once). An entry in neither list scores at
   * most β·q of a low BM25 score, which no decision reads, and is left out.
   */
  private retrievalScores(doc: AnalyzedText, retrieval: RetrievalModel): Map<number, number> {
    const n = this.entryIds.length;
    const p = new Map<number, number>();
    for (const c of retrieval.candidates(doc)) {
      if (c.label >= n) continue;
      p.set(c.label, this.options.nearestExample && c.probability > 0.01 ? c.probability * Math.sqrt(Math.max(0, c.similarity)) : c.probability);
    }
    const share = (i: number): number => this.lexicalShare[i] ?? 0;
    const out = new Map<number, number>();
    const t = this.options.bm25Temperature;
    // One pass for the largest score and the BM25 top; exp((s − max) / t) summed with a running
    // max (rescaled when it rises); the candidates' own scores kept.
    let max = 0;
    let sum = 0;
    let touched = 0;
    const lexical = new TopK(retrieval.depth);
    const own = new Map<number, number>();
    this.bm25.visitScores(doc.tokens, (i, s) => {
      touched++;
      if (s > max) {
        sum *= Math.exp((max - s) / t);
        max = s;
      }
      sum += Math.exp((s - max) / t);
      lexical.offer(i, s);
      if (p.has(i)) own.set(i, s);
    });
    if (touched === 0) {
      for (const [i, x] of p) out.set(i, x * (1 - share(i)));
      return out;
    }
    const zero = Math.exp(-max / t);
    sum += (n - touched) * zero;
    const blend = (i: number, s: number | undefined): void => {
      const q = s === undefined ? zero / sum : Math.exp((s - max) / t) / sum;
      out.set(i, (1 - share(i)) * (p.get(i) ?? 0) + share(i) * q);
    };
    for (const i of p.keys()) blend(i, own.get(i));
    for (const r of lexical.sorted()) if (!p.has(r.index)) blend(r.index, r.score);
    return out;
  }
}

/**
 * The questions a large knowledge base holds out to fit a similarity temperature, as indices into
 * its examples listed entry after entry (`sizes[i]` examples for entry i): one question per entry
 * of three or more, picked as the classifier's calibration picks them, thinned to
 * `retrievalHeldOut`; none when fewer than `minHeldOut` could be held out. The encoder stage of a
 * large knowledge base holds out the same questions.
 */
export function retrievalHeldOut(sizes: readonly number[], o: Pick<SemanticOptions, 'retrievalHeldOut' | 'minHeldOut'>): number[] {
  const heldOut: number[] = [];
  const random = seededRandom(7);
  let at = 0;
  for (const size of sizes) {
    const pick = size >= 3 ? Math.floor(random() * size) : -1;
    if (pick >= 0) heldOut.push(at + pick);
    at += size;
  }
  const stride = Math.max(1, Math.ceil(heldOut.length / Math.max(1, o.retrievalHeldOut)));
  return heldOut.length >= o.minHeldOut ? heldOut.filter((_, i) => i % stride === 0) : [];
}

/**
 * The retrieval model of a large knowledge base. One question per entry of three or more is held
 * out for the temperature, chosen as the classifier's calibration chooses them, then thinned to
 * `retrievalHeldOut`; it stays in the index (it is left out only while it is scored).
 */
function buildRetrieval(examples: readonly LabeledText[][], background: readonly LabeledText[], classes: number, o: SemanticOptions): RetrievalModel {
  const flat = [...examples.flat(), ...background];
  const chosen = retrievalHeldOut(examples.map((list) => list.length), o);
  const vectorizer = o.classifier.members?.[0]?.vectorizer ?? defaultMembers(Int32Array.from(flat, (e) => e.label), classes)[0]?.vectorizer;
  return RetrievalModel.build(flat, classes, { depth: o.retrievalDepth, heldOut: chosen, ...(vectorizer ? { vectorizer } : {}) });
}
