// Sentence encoders (neural or otherwise) behind a port, so one can join the semantic stage when configured.

/**
 * Maps sentences to dense vectors whose cosine similarity reflects meaning.
 * The engine works without one; with one, it blends nearest-example similarity into its scores.
 */
export interface Encoder {
  /**
   * True for a model that knows only Latin-script text (USE-lite's vocabulary has no Chinese
   * character): the engine then leaves it out of a message with letters of another script, whose
   * embedding would say nothing and only flatten the lexical scores. Default false.
   */
  readonly latinScriptOnly?: boolean;
  /** Length of every vector `embed` returns; fixed for the encoder's lifetime. */
  readonly dimension: number;
  /**
   * One vector per input, in input order, each of length `dimension`. Deterministic for a given
   * text. Rejects (and returns nothing partial) when the model fails; the caller then answers
   * without it. Callers batch: a call may carry thousands of texts at index build.
   */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
