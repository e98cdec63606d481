import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Encoder } from '../ports/encoder.js';
import { TableEncoder, embedCached } from './embedding-cache.js';

/** Vectors from the text's characters, counting every text it is asked to embed. */
function countingEncoder(): Encoder & { calls: string[] } {
  const calls: string[] = [];
  return {
    dimension: 3,
    calls,
    async embed(texts) {
      calls.push(...texts);
      return texts.map((t) => Float32Array.from([t.length, t.charCodeAt(0) || 0, 1]));
    },
  };
}

describe('embedCached', () => {
  it('embeds each distinct text once, then reads a second run from the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-emb-'));
    const first = countingEncoder();
    const a = await embedCached(first, 'fake@1', ['hi', 'there', 'hi'], { dir });
    expect(first.calls).toEqual(['hi', 'there']);
    expect(readdirSync(dir)).toHaveLength(1);

    const second = countingEncoder();
    const b = await embedCached(second, 'fake@1', ['hi', 'there', 'hi'], { dir });
    expect(second.calls).toEqual([]);
    expect(Array.from(b.get('there')!)).toEqual(Array.from(a.get('there')!));
  });

  it('keys the file by encoder and texts, so another model or dataset is embedded afresh', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-emb-'));
    await embedCached(countingEncoder(), 'fake@1', ['hi'], { dir });
    const other = countingEncoder();
    await embedCached(other, 'fake@2', ['hi'], { dir });
    await embedCached(other, 'fake@1', ['hi', 'new'], { dir });
    expect(other.calls).toEqual(['hi', 'hi', 'new']);
    expect(readdirSync(dir)).toHaveLength(3);
  });
});

describe('TableEncoder', () => {
  it('answers known texts from the table and asks the encoder for the rest, in order', async () => {
    const inner = countingEncoder();
    const table = new Map([['known', Float32Array.from([9, 9, 9])]]);
    const vectors = await new TableEncoder(inner, table).embed(['new', 'known']);
    expect(inner.calls).toEqual(['new']);
    expect(vectors.map((v) => Array.from(v))).toEqual([[3, 110, 1], [9, 9, 9]]);
  });
});
