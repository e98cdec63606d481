// Sentence embeddings of a dataset, computed once in batches and kept in a file under the OS temp dir.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Encoder } from '../ports/encoder.js';

/** Texts per `embed` call: the encoder batches further inside; this bounds the memory of one call. */
const CHUNK = 512;

export interface CacheOptions {
  /** Where cache files go. Default `<os temp dir>/kefu-embeddings`. */
  readonly dir?: string;
  /** Told after every chunk, for a progress line on long runs. */
  readonly progress?: (done: number, total: number) => void;
}

/**
 * One vector per distinct text. The file name is a hash of the encoder id, its dimension and the
 * texts in order, so another dataset, model or split never reads a stale file; a file of the wrong
 * size (an interrupted write cannot leave one: it is renamed into place) is recomputed.
 */
export async function embedCached(encoder: Encoder, encoderId: string, texts: readonly string[], options: CacheOptions = {}): Promise<Map<string, Float32Array>> {
  const unique = [...new Set(texts)];
  const dim = encoder.dimension;
  const key = createHash('sha256').update(`${encoderId}\0${dim}\0${unique.join('\0')}`).digest('hex').slice(0, 32);
  const dir = options.dir ?? path.join(tmpdir(), 'kefu-embeddings');
  const file = path.join(dir, `${key}.f32`);
  const expectedBytes = unique.length * dim * 4;
  let flat: Float32Array | undefined;
  try {
    const bytes = readFileSync(file);
    if (bytes.byteLength === expectedBytes) flat = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  } catch {
    // No cache yet: compute below.
  }
  if (!flat) {
    flat = new Float32Array(unique.length * dim);
    for (let i = 0; i < unique.length; i += CHUNK) {
      const vectors = await encoder.embed(unique.slice(i, i + CHUNK));
      vectors.forEach((v, j) => flat?.set(v.subarray(0, dim), (i + j) * dim));
      options.progress?.(Math.min(unique.length, i + CHUNK), unique.length);
    }
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, new Uint8Array(flat.buffer));
    renameSync(partial, file);
  }
  const all = flat;
  return new Map(unique.map((t, i) => [t, all.subarray(i * dim, (i + 1) * dim)]));
}

/** An encoder that answers known texts from a table and asks the real one only for the rest. */
export class TableEncoder implements Encoder {
  constructor(
    private readonly inner: Encoder,
    private readonly table: ReadonlyMap<string, Float32Array>,
  ) {}

  get dimension(): number {
    return this.inner.dimension;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const missing = texts.filter((t) => !this.table.has(t));
    const fresh = missing.length > 0 ? await this.inner.embed(missing) : [];
    const extra = new Map(missing.map((t, i) => [t, fresh[i]]));
    return texts.map((t) => this.table.get(t) ?? extra.get(t) ?? new Float32Array(this.inner.dimension));
  }
}
