// Encoder port on a local ONNX sentence-embedding model: WordPiece ids in, mean of the token vectors out.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Encoder } from '../ports/encoder.js';
import { importOptional } from './optional-module.js';
import { WordPieceTokenizer } from './wordpiece-tokenizer.js';

/** The part of `onnxruntime-node` this adapter uses; no driver type leaves this file. */
interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}
interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}
interface Ort {
  InferenceSession: { create(path: string): Promise<OrtSession> };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: readonly number[]) => OrtTensor;
}

const FEATURE = 'the ONNX sentence encoder (KEFU_BOT_ENCODER=onnx:<dir>)';

/** Texts per model run: padding makes every text as long as the batch's longest, so batches stay modest. */
const BATCH = 32;

/** Output names under which sentence-transformers exports put the per-token vectors. */
const TOKEN_OUTPUTS = ['last_hidden_state', 'token_embeddings'];

export class OnnxEncoder implements Encoder {
  private constructor(
    private readonly ort: Ort,
    private readonly session: OrtSession,
    private readonly tokenizer: WordPieceTokenizer,
    readonly dimension: number,
  ) {}

  /**
   * Loads `<dir>/model.onnx` and `<dir>/vocab.txt` (and reads `do_lower_case` from
   * `tokenizer_config.json` when there is one), then embeds one probe text to learn the dimension.
   */
  static async load(dir: string): Promise<OnnxEncoder> {
    const model = path.join(dir, 'model.onnx');
    const vocab = path.join(dir, 'vocab.txt');
    for (const file of [model, vocab]) if (!existsSync(file)) throw new Error(`ONNX encoder: ${file} does not exist`);
    const ort = await importOptional<Ort>('onnxruntime-node', FEATURE);
    const tokenizer = new WordPieceTokenizer(readFileSync(vocab, 'utf8'), { lowercase: lowercaseOf(dir), maxTokens: 128 });
    const session = await ort.InferenceSession.create(model);
    const probe = new OnnxEncoder(ort, session, tokenizer, 0);
    const [v] = await probe.run(['dimension probe']);
    return new OnnxEncoder(ort, session, tokenizer, v?.length ?? 0);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) out.push(...(await this.run(texts.slice(i, i + BATCH))));
    return out;
  }

  private async run(texts: readonly string[]): Promise<Float32Array[]> {
    const encoded = texts.map((t) => this.tokenizer.encode(t));
    const width = Math.max(1, ...encoded.map((e) => e.length));
    const shape = [texts.length, width];
    const ids = new BigInt64Array(texts.length * width).fill(BigInt(this.tokenizer.pad));
    const mask = new BigInt64Array(texts.length * width);
    encoded.forEach((tokens, b) =>
      tokens.forEach((id, t) => {
        ids[b * width + t] = BigInt(id);
        mask[b * width + t] = 1n;
      }),
    );
    const feeds: Record<string, OrtTensor> = {};
    for (const name of this.session.inputNames) {
      if (name === 'input_ids') feeds[name] = new this.ort.Tensor('int64', ids, shape);
      else if (name === 'attention_mask') feeds[name] = new this.ort.Tensor('int64', mask, shape);
      else if (name === 'token_type_ids') feeds[name] = new this.ort.Tensor('int64', new BigInt64Array(ids.length), shape);
      else throw new Error(`ONNX encoder: the model wants an input "${name}"; supported are input_ids, attention_mask, token_type_ids`);
    }
    const results = await this.session.run(feeds);
    const name = this.session.outputNames.find((n) => TOKEN_OUTPUTS.includes(n)) ?? this.session.outputNames[0] ?? '';
    const output = results[name];
    if (!output || !(output.data instanceof Float32Array)) throw new Error(`ONNX encoder: output "${name}" is not a float tensor`);
    return pool(output.data, output.dims, mask, width).map(normalize);
  }
}

/** Mean over the tokens the mask keeps ([B, T, H]); an already pooled [B, H] output is taken as it is. */
function pool(data: Float32Array, dims: readonly number[], mask: BigInt64Array, width: number): Float32Array[] {
  const [batch = 0, second = 0, third] = dims;
  if (third === undefined) return Array.from({ length: batch }, (_, b) => data.slice(b * second, (b + 1) * second));
  if (second !== width) throw new Error(`ONNX encoder: expected ${width} token vectors per text, got ${second}`);
  const h = third;
  return Array.from({ length: batch }, (_, b) => {
    const sum = new Float32Array(h);
    let count = 0;
    for (let t = 0; t < width; t++) {
      if (mask[b * width + t] !== 1n) continue;
      count++;
      const base = (b * width + t) * h;
      for (let d = 0; d < h; d++) sum[d] = (sum[d] ?? 0) + (data[base + d] ?? 0);
    }
    return sum.map((x) => x / Math.max(1, count));
  });
}

function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  return v.map((x) => x / n);
}

/** Uncased unless the model's tokenizer_config.json says `"do_lower_case": false`. */
function lowercaseOf(dir: string): boolean {
  const file = path.join(dir, 'tokenizer_config.json');
  if (!existsSync(file)) return true;
  const config = JSON.parse(readFileSync(file, 'utf8')) as { do_lower_case?: unknown };
  return config.do_lower_case !== false;
}
