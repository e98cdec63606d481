// Nearest-example similarity from an optional sentence encoder, as one more distribution over entries.
import type { Encoder } from '../../ports/encoder.js';
import { softmax } from './softmax-regression.js';

function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  return v.map((x) => x / n);
}

export class EncoderIndex {
  private constructor(
    private readonly encoder: Encoder,
    private readonly vectors: readonly Float32Array[],
    /** Entry index of each vector. */
    private readonly owners: Int32Array,
    private readonly entries: number,
    private readonly temperature: number,
  ) {}

  /** Embeds every example once, at build; `texts[i]` are the examples of entry i. */
  static async build(encoder: Encoder, texts: readonly (readonly string[])[], temperature = 0.05): Promise<EncoderIndex> {
    const flat = texts.flat();
    const owners = Int32Array.from(texts.flatMap((list, i) => list.map(() => i)));
    const vectors = (await encoder.embed(flat)).map(unit);
    if (vectors.length !== flat.length) throw new Error(`encoder returned ${vectors.length} vectors for ${flat.length} texts`);
    return new EncoderIndex(encoder, vectors, owners, texts.length, temperature);
  }

  /** Softmax over entries of each entry's best cosine with the text; the low temperature sharpens small cosine gaps. */
  async score(text: string): Promise<Float64Array> {
    return softmax(await this.similarities(text), this.temperature);
  }

  /** Each entry's best cosine with the text (its nearest example), -1 for an entry without examples. */
  async similarities(text: string): Promise<Float64Array> {
    const [raw] = await this.encoder.embed([text]);
    const best = new Float64Array(this.entries).fill(-1);
    if (!raw) return best;
    const q = unit(raw);
    this.vectors.forEach((v, i) => {
      let dot = 0;
      for (let d = 0; d < v.length; d++) dot += (v[d] ?? 0) * (q[d] ?? 0);
      const e = this.owners[i] ?? 0;
      if (dot > (best[e] ?? -1)) best[e] = dot;
    });
    return best;
  }
}
