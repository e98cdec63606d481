// Sparse vectors: the feature space of text is large and each sentence touches a few hundred dimensions.

/** Indices ascending and unique; values aligned with them. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Builds a sorted sparse vector from an index → value map. */
export function fromMap(map: Map<number, number>): SparseVector {
  const indices = Int32Array.from(map.keys()).sort();
  const values = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) values[i] = map.get(indices[i] ?? 0) ?? 0;
  return { indices, values };
}

export function dot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const ai = a.indices[i] ?? 0;
    const bj = b.indices[j] ?? 0;
    if (ai === bj) sum += (a.values[i++] ?? 0) * (b.values[j++] ?? 0);
    else if (ai < bj) i++;
    else j++;
  }
  return sum;
}

export function norm(v: SparseVector): number {
  let s = 0;
  for (const x of v.values) s += x * x;
  return Math.sqrt(s);
}

/** Multiplies in place; returns the same vector. */
export function scale(v: SparseVector, factor: number): SparseVector {
  for (let i = 0; i < v.values.length; i++) v.values[i] = (v.values[i] ?? 0) * factor;
  return v;
}
