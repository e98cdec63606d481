import { describe, expect, it } from 'vitest';
import { ExampleIndex, TopK } from './example-index.js';
import { dot, norm, type SparseVector } from './sparse-vector.js';

const v = (pairs: Array<[number, number]>): SparseVector => ({ indices: Int32Array.from(pairs, (p) => p[0]), values: Float32Array.from(pairs, (p) => p[1]) });
const cosine = (a: SparseVector, b: SparseVector): number => dot(a, b) / (norm(a) * norm(b));

// Feature 0 is in every example (a common word); the others tell the labels apart.
const vectors = [
  v([[0, 1], [1, 2], [2, 1]]),
  v([[0, 1], [1, 1], [3, 1]]),
  v([[0, 1], [4, 2], [5, 1]]),
  v([[0, 1], [5, 2], [6, 1]]),
  v([[0, 1], [7, 3]]),
];
const labels = [0, 0, 1, 1, 2];

/** Best cosine per label over the examples sharing with the query a feature held by at most `common` examples. */
function bruteForce(query: SparseVector, common: number): Map<number, number> {
  const df = (f: number): number => vectors.filter((x) => x.indices.includes(f)).length;
  const best = new Map<number, number>();
  vectors.forEach((x, j) => {
    if (!x.indices.some((f) => query.indices.includes(f) && df(f) <= common)) return;
    best.set(labels[j] ?? 0, Math.max(best.get(labels[j] ?? 0) ?? 0, cosine(query, x)));
  });
  return best;
}

describe('ExampleIndex', () => {
  it('gives each label its best example cosine, exactly, common features included', () => {
    for (const common of [2, 100]) {
      const index = ExampleIndex.build(vectors, labels, 3, 8, common);
      const query = v([[0, 1], [1, 1], [5, 1]]);
      const seen = new Map<number, number>();
      index.visitLabels(query, (label, s) => seen.set(label, s));
      const expected = bruteForce(query, common);
      expect([...seen.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [label, s] of expected) expect(seen.get(label)).toBeCloseTo(s, 6);
    }
  });

  it('finds no candidate through a feature held by more examples than the threshold', () => {
    const index = ExampleIndex.build(vectors, labels, 3, 8, 2);
    expect(index.nearest(v([[0, 1]]), 5)).toEqual([]);
    // Below the threshold the same feature finds every example.
    expect(ExampleIndex.build(vectors, labels, 3, 8, 100).nearest(v([[0, 1]]), 5)).toHaveLength(3);
  });

  it('ranks labels by similarity, best first, and leaves the excluded example out', () => {
    const index = ExampleIndex.build(vectors, labels, 3, 8, 2);
    const query = vectors[0] as SparseVector;
    const top = index.nearest(query, 3);
    expect(top[0]).toMatchObject({ index: 0 });
    expect(top[0]?.score).toBeCloseTo(1, 6);
    const without = index.nearest(query, 3, 0);
    expect(without[0]?.index).toBe(0);
    expect(without[0]?.score).toBeCloseTo(cosine(query, vectors[1] as SparseVector), 6);
  });

  it('leaves its scratch clean: the same query twice scores the same', () => {
    const index = ExampleIndex.build(vectors, labels, 3, 8, 2);
    const query = v([[0, 2], [5, 1], [7, 1]]);
    expect(index.nearest(query, 3)).toEqual(index.nearest(query, 3));
    expect(index.nearest(v([]), 3)).toEqual([]);
  });

  it('restores from its snapshot an index that answers the same', () => {
    const index = ExampleIndex.build(vectors, labels, 3, 8, 2);
    const restored = ExampleIndex.restore(structuredClone(index.snapshot()));
    const query = v([[1, 1], [4, 1], [7, 2]]);
    expect(restored.nearest(query, 3)).toEqual(index.nearest(query, 3));
    expect(restored.size).toBe(5);
  });
});

describe('TopK', () => {
  it('keeps the k best of a stream, best first, ties to the lower index', () => {
    const top = new TopK(3);
    [[5, 0.1], [2, 0.9], [7, 0.5], [1, 0.5], [9, 0.95], [3, 0.2]].forEach(([i, s]) => top.offer(i ?? 0, s ?? 0));
    expect(top.sorted()).toEqual([{ index: 9, score: 0.95 }, { index: 2, score: 0.9 }, { index: 1, score: 0.5 }]);
  });
});
