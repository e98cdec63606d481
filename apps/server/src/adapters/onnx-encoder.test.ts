import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OnnxEncoder } from './onnx-encoder.js';
import { WordPieceTokenizer } from './wordpiece-tokenizer.js';

// A protobuf writer just big enough for an ONNX ModelProto: varints and length-delimited fields.
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const field = {
  int: (no: number, v: number): number[] => [...varint(no << 3), ...varint(v)],
  bytes: (no: number, b: ArrayLike<number>): number[] => [...varint((no << 3) | 2), ...varint(b.length), ...Array.from(b)],
  str: (no: number, s: string): number[] => field.bytes(no, new TextEncoder().encode(s)),
  msg: (no: number, parts: number[][]): number[] => field.bytes(no, parts.flat()),
};
const INT64 = 7;
const FLOAT = 1;
/** ValueInfoProto with a tensor type whose dimensions are symbolic (dim_param). */
function valueInfo(name: string, elemType: number, dims: string[]): number[][] {
  const shape = dims.map((d) => field.msg(1, [field.str(2, d)]));
  return [field.str(1, name), field.msg(2, [field.msg(1, [field.int(1, elemType), field.msg(2, shape)])])];
}

/**
 * The smallest sentence "encoder": last_hidden_state = Gather(table, input_ids), a [vocab, dim]
 * table whose row i is token i's vector. attention_mask is declared as an input (as in BERT
 * exports) and left unused; the adapter's pooling applies the mask.
 */
function tinyModel(table: number[][]): Uint8Array {
  const rows = table.length;
  const dim = table[0]!.length;
  const raw = new Uint8Array(new Float32Array(table.flat()).buffer);
  const initializer = [field.int(1, rows), field.int(1, dim), field.int(2, FLOAT), field.str(8, 'table'), field.bytes(9, raw)];
  const node = [field.str(1, 'table'), field.str(1, 'input_ids'), field.str(2, 'last_hidden_state'), field.str(3, 'lookup'), field.str(4, 'Gather')];
  const graph = [
    field.msg(1, node),
    field.str(2, 'tiny'),
    field.msg(5, initializer),
    field.msg(11, valueInfo('input_ids', INT64, ['batch', 'tokens'])),
    field.msg(11, valueInfo('attention_mask', INT64, ['batch', 'tokens'])),
    field.msg(12, valueInfo('last_hidden_state', FLOAT, ['batch', 'tokens', 'dim'])),
  ];
  return new Uint8Array([...field.int(1, 7), ...field.msg(7, graph), ...field.msg(8, [field.str(1, ''), field.int(2, 13)])]);
}

const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'refund', 'money', 'back', 'card', 'lost', 'stolen', '##s', '?'];

/** Token i points along its own axis, so texts sharing tokens share directions; [CLS]/[SEP] share one. */
function modelDir(): string {
  const dim = vocab.length;
  const table = vocab.map((t, i) => Array.from({ length: dim }, (_, d) => (t === '[PAD]' ? 100 : d === (t === '[SEP]' ? 2 : i) ? 1 : 0)));
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-onnx-'));
  writeFileSync(path.join(dir, 'model.onnx'), tinyModel(table));
  writeFileSync(path.join(dir, 'vocab.txt'), `${vocab.join('\n')}\n`);
  return dir;
}

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('WordPieceTokenizer', () => {
  it('splits punctuation, lower-cases, strips accents and uses ## continuations', () => {
    const t = new WordPieceTokenizer(vocab.join('\n'));
    const ids = (s: string) => t.encode(s).map((i) => vocab[i]);
    expect(ids('Refünd cards?')).toEqual(['[CLS]', 'refund', 'card', '##s', '?', '[SEP]']);
    expect(ids('xyz card')).toEqual(['[CLS]', '[UNK]', 'card', '[SEP]']);
  });

  it('cuts long texts but keeps [SEP] last', () => {
    const t = new WordPieceTokenizer(vocab.join('\n'), { lowercase: true, maxTokens: 4 });
    expect(t.encode('card lost stolen money').map((i) => vocab[i])).toEqual(['[CLS]', 'card', 'lost', '[SEP]']);
  });
});

describe('OnnxEncoder', () => {
  it('returns unit vectors in which sentences sharing tokens are closer', async () => {
    const encoder = await OnnxEncoder.load(modelDir());
    expect(encoder.dimension).toBe(vocab.length);
    const [lost, stolen, refund, alsoRefund] = await encoder.embed(['lost card', 'stolen card', 'refund money back', 'money back?']);
    for (const v of [lost, stolen, refund, alsoRefund]) expect(Math.hypot(...v!)).toBeCloseTo(1, 5);
    expect(cosine(lost!, stolen!)).toBeGreaterThan(cosine(lost!, refund!));
    expect(cosine(refund!, alsoRefund!)).toBeGreaterThan(cosine(refund!, stolen!));
  });

  it('pools only real tokens, so padding in a batch changes nothing', async () => {
    const encoder = await OnnxEncoder.load(modelDir());
    const [alone] = await encoder.embed(['card']);
    const [padded] = await encoder.embed(['card', 'lost stolen refund money back card card']);
    expect(Array.from(padded!)).toEqual(Array.from(alone!));
  });

  it('names the missing file of a model directory', async () => {
    await expect(OnnxEncoder.load(path.join(tmpdir(), 'kefu-no-such-model'))).rejects.toThrow(/model\.onnx does not exist/);
  });
});
