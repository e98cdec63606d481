// `kefu eval --dataset`: the intent classifier on BANKING77 or CLINC150, trained on train splits only.
import { analyze } from '../dialogue/analyze.js';
import { basicNormalizer } from '../dialogue/normalize.js';
import { seededRandom, shuffle } from '../dialogue/random.js';
import { IntentClassifier, defaultClassifierOptions, type ClassifierOptions, type LabeledText } from '../dialogue/semantic/intent-classifier.js';
import { topK } from '../dialogue/semantic/top-k.js';
import { OOS_LABEL, loadBanking77, loadClinc150, type Example } from './datasets.js';
import type { EncoderHead } from '../dialogue/semantic/encoder-head.js';
import { datasetEncoder, encoderEvidence, type EvalEncoderOptions } from './eval-encoder.js';
import { chooseThreshold, oosOdds, type Scored } from './oos-threshold.js';
import { auroc, fraction, percentile, round, timed } from './metrics.js';

export interface DatasetEvalOptions {
  readonly dataset: 'banking77' | 'clinc150';
  readonly dir: string;
  /** Examples per class; 0 means the full train split. */
  readonly shots: number;
  readonly seed: number;
  /** Report on a validation slice instead of the test split (for tuning). */
  readonly validate: boolean;
  /** CLINC150: learn oos_train as one more class. Default true. */
  readonly oosClass: boolean;
  readonly classifier: ClassifierOptions;
  /** What the OOS threshold reads; see `Confidence`. Default 'oos-odds'. */
  readonly confidence: Confidence;
  /** A sentence encoder, through the engine's encoder head, mixed into the classifier's probabilities. Default none. */
  readonly encoder?: EvalEncoderOptions;
}

/**
 * 'probability': the calibrated top probability. 'supported': that probability times the square
 * root of the cosine to the class's nearest training example (`IntentClassifier.support`, TF-IDF).
 * 'oos-odds': the best in-scope probability against the oos class's (`oosOdds`).
 */
export type Confidence = 'probability' | 'supported' | 'oos-odds';

export const defaultDatasetEvalOptions = {
  shots: 0,
  seed: 1,
  validate: false,
  oosClass: true,
  classifier: defaultClassifierOptions,
  confidence: 'oos-odds' as Confidence,
};

/** N examples per label, drawn with the seed; the same seed draws the same set. */
export function sampleShots(examples: readonly Example[], shots: number, seed: number): Example[] {
  if (shots <= 0) return [...examples];
  const byLabel = new Map<string, Example[]>();
  for (const e of shuffle([...examples], seededRandom(seed))) {
    const list = byLabel.get(e.label) ?? [];
    if (list.length < shots) list.push(e);
    byLabel.set(e.label, list);
  }
  return [...byLabel.values()].flat();
}

/** Splits off `share` of each label (at least one example) as validation. */
export function stratifiedSplit(examples: readonly Example[], share: number, seed: number): { train: Example[]; val: Example[] } {
  const byLabel = new Map<string, Example[]>();
  for (const e of shuffle([...examples], seededRandom(seed))) {
    const list = byLabel.get(e.label) ?? [];
    list.push(e);
    byLabel.set(e.label, list);
  }
  const train: Example[] = [];
  const val: Example[] = [];
  for (const list of byLabel.values()) {
    const n = Math.max(1, Math.round(list.length * share));
    val.push(...list.slice(0, n));
    train.push(...list.slice(n));
  }
  return { train, val };
}

interface Trained {
  readonly classifier: IntentClassifier;
  readonly labels: readonly string[];
  readonly trainMs: number;
}

function train(examples: readonly Example[], options: ClassifierOptions): Trained {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const { value: classifier, ms } = timed(() => {
    const data: LabeledText[] = examples.map((e) => ({ doc: analyze(basicNormalizer, e.text), label: index.get(e.label) ?? 0 }));
    return IntentClassifier.train(data, labels.length, options);
  });
  return { classifier, labels, trainMs: Math.round(ms) };
}

/** The encoder's head and its distribution for each query, in the query order. */
interface QueryEvidence {
  readonly head: EncoderHead;
  readonly probabilities: readonly Float64Array[];
}

/**
 * Predicted label, its probability and the top-3 labels of every example, with per-query latency
 * (of the classifier and the mix; the encoder's distributions are computed beforehand, in batches).
 */
function predict(model: Trained, examples: readonly Example[], confidence: Confidence = 'probability', encoder?: QueryEvidence): { scored: Scored[]; latencies: number[] } {
  const latencies: number[] = [];
  const oosIndex = model.labels.indexOf(OOS_LABEL);
  const scored = examples.map((e, i): Scored => {
    const { value, ms } = timed(() => {
      const doc = analyze(basicNormalizer, e.text);
      const probabilities = model.classifier.probabilities(doc);
      const q = encoder?.probabilities[i];
      // The engine's mix (`EncoderHead.combine`), as a running bot applies it.
      const final = encoder && q ? encoder.head.combine(probabilities, q) : probabilities;
      const ranked = topK(final, 3);
      if (confidence === 'oos-odds') return { ranked, confidence: oosOdds(final, oosIndex) };
      const best = ranked[0] ?? { index: 0, score: 0 };
      const support = confidence === 'supported' ? Math.sqrt(model.classifier.support(doc, best.index)) : 1;
      return { ranked, confidence: best.score * support };
    });
    latencies.push(ms);
    const top = value.ranked.map((r) => model.labels[r.index] ?? '');
    return { label: e.label, predicted: top[0] ?? '', top3: top, confidence: value.confidence };
  });
  return { scored, latencies };
}

/** The encoder's evidence for each query set, or undefined without an encoder. */
async function evidenceFor(
  o: DatasetEvalOptions,
  everyText: readonly string[],
  trainSet: readonly Example[],
  labels: readonly string[],
  querySets: readonly (readonly Example[])[],
): Promise<QueryEvidence[] | undefined> {
  if (!o.encoder) return undefined;
  const encoder = await datasetEncoder(o.encoder, everyText);
  const { head, probabilities } = await encoderEvidence(o.encoder, encoder, trainSet, labels, querySets);
  return probabilities.map((p) => ({ head, probabilities: p }));
}

function labelled(model: Trained, examples: readonly Example[]): LabeledText[] {
  const index = new Map(model.labels.map((l, i) => [l, i]));
  return examples.filter((e) => index.has(e.label)).map((e) => ({ doc: analyze(basicNormalizer, e.text), label: index.get(e.label) ?? 0 }));
}

export async function evalBanking77(o: DatasetEvalOptions): Promise<Record<string, unknown>> {
  const data = loadBanking77(o.dir);
  const split = o.validate ? stratifiedSplit(data.train, 0.1, 1000 + o.seed) : { train: data.train, val: [] };
  const trainSet = sampleShots(split.train, o.shots, o.seed);
  const model = train(trainSet, o.classifier);
  const queries = o.validate ? split.val : data.test;
  const everyText = [...data.train, ...data.test].map((e) => e.text);
  const [encoder] = (await evidenceFor(o, everyText, trainSet, model.labels, [queries])) ?? [];
  const { scored, latencies } = predict(model, queries, 'probability', encoder);
  return {
    accuracy: fraction(scored.filter((s) => s.predicted === s.label).length, scored.length),
    top3: fraction(scored.filter((s) => s.top3.includes(s.label)).length, scored.length),
    trainExamples: trainSet.length,
    trainMs: model.trainMs,
    latencyMs: { p50: round(percentile(latencies, 0.5), 3), p95: round(percentile(latencies, 0.95), 3) },
  };
}

export async function evalClinc150(o: DatasetEvalOptions): Promise<Record<string, unknown>> {
  const data = loadClinc150(o.dir);
  const trainSet = sampleShots(o.oosClass ? [...data.train, ...data.oosTrain] : data.train, o.shots, o.seed);
  const model = train(trainSet, o.classifier);
  const valSet = [...data.val, ...data.oosVal];
  const testSet = [...data.test, ...data.oosTest];
  // Calibrated on validation so that the chosen threshold reads as a probability.
  const temperature = model.classifier.calibrate(labelled(model, valSet));
  const everyText = [...data.train, ...data.oosTrain, ...valSet, ...testSet].map((e) => e.text);
  const [valEncoder, testEncoder] = (await evidenceFor(o, everyText, trainSet, model.labels, o.validate ? [valSet] : [valSet, testSet])) ?? [];
  const valPredicted = predict(model, valSet, o.confidence, valEncoder);
  const val = valPredicted.scored;
  const { scored: testScored, latencies } = o.validate ? valPredicted : predict(model, testSet, o.confidence, testEncoder);
  const chosen = chooseThreshold(val, 'joint');
  const at90 = chooseThreshold(val, 'inScope90');
  const curve90 = chooseThreshold(testScored, 'inScope90');
  const at = (threshold: number): { inScope: number; oos: number } => rates(testScored, threshold);
  return {
    inScopeAccuracy: at(chosen).inScope,
    oosRecall: at(chosen).oos,
    jointAccuracy: jointAccuracy(testScored, chosen),
    oosAuroc: round(separation(testScored)),
    threshold: round(chosen),
    oosRecallAt90: at(at90).oos,
    inScopeAccuracyAt90: at(at90).inScope,
    thresholdAt90: round(at90),
    oosRecallAt90TestCurve: at(curve90).oos,
    inScopeAccuracyNoThreshold: at(0).inScope,
    temperature: round(temperature, 3),
    trainExamples: trainSet.length,
    trainMs: model.trainMs,
    latencyMs: { p50: round(percentile(latencies, 0.5), 3), p95: round(percentile(latencies, 0.95), 3) },
  };
}

/** Accuracy over in-scope and out-of-scope queries together at a threshold: what 'joint' maximizes on validation. */
export function jointAccuracy(scored: readonly Scored[], threshold: number): number {
  const right = scored.filter((s) => (s.label === OOS_LABEL ? !accepted(s, threshold) : accepted(s, threshold) && s.predicted === s.label));
  return fraction(right.length, scored.length);
}

/**
 * AUROC of the confidence between right in-scope answers and out-of-scope queries: how well the
 * score separates what should be answered from what should be rejected, whatever the threshold.
 */
export function separation(scored: readonly Scored[]): number {
  const right = scored.filter((s) => s.label !== OOS_LABEL && s.predicted === s.label).map((s) => s.confidence);
  return auroc(right, scored.filter((s) => s.label === OOS_LABEL).map((s) => s.confidence));
}

/** In-scope accuracy (right label and confident enough) and OOS recall (not confident, or the oos class). */
export function rates(scored: readonly Scored[], threshold: number): { inScope: number; oos: number } {
  const inScope = scored.filter((s) => s.label !== OOS_LABEL);
  const oos = scored.filter((s) => s.label === OOS_LABEL);
  return {
    inScope: fraction(inScope.filter((s) => accepted(s, threshold) && s.predicted === s.label).length, inScope.length),
    oos: fraction(oos.filter((s) => !accepted(s, threshold)).length, oos.length),
  };
}

/** Answered: an in-scope label predicted with at least the threshold's confidence. */
function accepted(s: Scored, threshold: number): boolean {
  return s.predicted !== OOS_LABEL && s.confidence >= threshold;
}
