// Okapi BM25 over each entry's question, similar questions and answer: finds an entry by the words of its answer.

export interface Bm25Options {
  /** Term-frequency saturation. Default 1.2. */
  k1: number;
  /** Length normalization, 0 (none) to 1 (full). Default 0.75. */
  b: number;
}

export interface Bm25Snapshot {
  readonly options: Bm25Options;
  readonly documents: readonly (readonly string[])[];
}

/** An inverted index: a query touches only the postings of its own terms. */
export class Bm25Index {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: Float64Array;
  private readonly averageLength: number;
  private readonly options: Bm25Options;
  private scratch: { sums: Float64Array; touched: Int32Array } | undefined;

  constructor(documents: readonly (readonly string[])[], options: Partial<Bm25Options> = {}) {
    this.options = { k1: 1.2, b: 0.75, ...options };
    this.lengths = Float64Array.from(documents, (d) => d.length);
    this.averageLength = documents.length ? this.lengths.reduce((a, n) => a + n, 0) / documents.length : 0;
    documents.forEach((tokens, doc) => {
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, tf] of counts) {
        const list = this.postings.get(term) ?? [];
        list.push({ doc, tf });
        this.postings.set(term, list);
      }
    });
  }

  get size(): number {
    return this.lengths.length;
  }

  /**
   * The indexed documents as bags of terms (each term repeated tf times, order lost, which BM25
   * never reads): rebuilding from them skips the tokenizing that made the index costly.
   */
  snapshot(): Bm25Snapshot {
    const documents: string[][] = Array.from({ length: this.lengths.length }, () => []);
    for (const [term, list] of this.postings) for (const { doc, tf } of list) for (let i = 0; i < tf; i++) documents[doc]?.push(term);
    return { options: this.options, documents };
  }

  static restore(s: Bm25Snapshot): Bm25Index {
    return new Bm25Index(s.documents, s.options);
  }

  /**
   * The same scores as `score`, handed to `visit` for the documents sharing a term with the query
   * only: a query allocates nothing as long as the index (the scratch arrays are made once), and
   * `visit` must not score another query.
   */
  visitScores(query: readonly string[], visit: (doc: number, score: number) => void): void {
    const n = this.lengths.length;
    this.scratch ??= { sums: new Float64Array(n), touched: new Int32Array(n) };
    const { sums, touched } = this.scratch;
    const { k1, b } = this.options;
    let count = 0;
    for (const term of new Set(query)) {
      const list = this.postings.get(term);
      if (!list) continue;
      // The "plus one" idf of Lucene: a term in most documents still counts a little, never negatively.
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const norm = k1 * (1 - b + (b * (this.lengths[doc] ?? 0)) / (this.averageLength || 1));
        // Every added term is positive, so a touched document's sum is never 0 again.
        if (sums[doc] === 0) touched[count++] = doc;
        sums[doc] = (sums[doc] ?? 0) + (idf * tf * (k1 + 1)) / (tf + norm);
      }
    }
    for (let i = 0; i < count; i++) {
      const doc = touched[i] ?? 0;
      const score = sums[doc] ?? 0;
      sums[doc] = 0;
      visit(doc, score);
    }
  }

  /** Score of every document for the query tokens; 0 where no term is shared. */
  score(query: readonly string[]): Float64Array {
    const scores = new Float64Array(this.lengths.length);
    this.visitScores(query, (doc, score) => (scores[doc] = score));
    return scores;
  }
}
