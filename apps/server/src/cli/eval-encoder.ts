// The sentence encoder's side of `kefu eval --encoder`: the engine's own encoder head, trained on a dataset's training split.
import type { Encoder } from '../ports/encoder.js';
import { EncoderHead } from '../dialogue/semantic/encoder-head.js';
import type { Example } from './datasets.js';
import { TableEncoder, embedCached } from './embedding-cache.js';

export interface EvalEncoderOptions {
  readonly encoder: Encoder;
  /** Names the model for the embedding cache (`encoderIdentity`). */
  readonly id: string;
  /** The engine's `encoderWeight`: share w of the encoder in the mix p^(1 − w) · q^w. */
  readonly weight: number;
  /** Progress of a first, uncached embedding run. */
  readonly progress?: (done: number, total: number) => void;
}

/** The trained head and its distribution for each query of each set, ready for `head.combine`. */
export interface EncoderEvidence {
  readonly head: EncoderHead;
  /** Per query set, per query: the encoder's distribution over the labels (the classifier's label order). */
  readonly probabilities: readonly (readonly Float64Array[])[];
}

/** Embeds every text of a dataset once (cached on disk), so any subset or seed reads from the table. */
export async function datasetEncoder(o: EvalEncoderOptions, everyText: readonly string[]): Promise<Encoder> {
  return new TableEncoder(o.encoder, await embedCached(o.encoder, o.id, everyText, o.progress ? { progress: o.progress } : {}));
}

/**
 * Trains the engine's `EncoderHead` on the training examples alone (each label a class, as each
 * entry is one in the engine) and scores every query of every set with it.
 */
export async function encoderEvidence(
  o: EvalEncoderOptions,
  encoder: Encoder,
  train: readonly Example[],
  labels: readonly string[],
  querySets: readonly (readonly Example[])[],
): Promise<EncoderEvidence> {
  const index = new Map(labels.map((l, i) => [l, i]));
  const examples = train.map((e) => ({ text: e.text, label: index.get(e.label) ?? 0 }));
  const head = await EncoderHead.train(encoder, examples, labels.length, { weight: o.weight });
  const probabilities: Float64Array[][] = [];
  for (const queries of querySets) probabilities.push(await head.probabilities(queries.map((q) => q.text)));
  return { head, probabilities };
}
