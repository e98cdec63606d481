// Encoder port on hashed bags of words: deterministic and dependency-free, the encoder the tests run the engine with.
import type { Encoder } from '../ports/encoder.js';

/**
 * Each word (a run of Latin letters or digits, or one CJK character) is first mapped through
 * `synonyms`, then hashed (FNV-1a) to one of `dimension` coordinates; the counts are scaled to
 * unit length. Words that share a meaning in `synonyms` share a coordinate, which is what a
 * sentence encoder adds over the lexical matcher; everything else is a bag of words.
 */
export class HashingEncoder implements Encoder {
  constructor(
    readonly dimension = 64,
    private readonly synonyms: Readonly<Record<string, string>> = {},
  ) {}

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.vector(t));
  }

  private vector(text: string): Float32Array {
    const v = new Float32Array(this.dimension);
    for (const raw of text.toLowerCase().match(/[a-z0-9]+|[\u4e00-\u9fff]/g) ?? []) {
      const word = this.synonyms[raw] ?? raw;
      let h = 0x811c9dc5;
      for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
      const d = (h >>> 0) % this.dimension;
      v[d] = (v[d] ?? 0) + 1;
    }
    const n = Math.hypot(...v) || 1;
    return v.map((x) => x / n);
  }
}
