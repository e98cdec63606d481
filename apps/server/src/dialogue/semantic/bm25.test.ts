import { describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25.js';
import { topK } from './top-k.js';

describe('Bm25Index', () => {
  const index = new Bm25Index([
    ['退款', '多久', '到账', '原路', '退回'],
    ['怎么', '开', '发票', '电子', '发票', '邮箱'],
    ['怎么', '修改', '地址'],
  ]);

  it('ranks the document sharing the rare term first', () => {
    const scores = index.score(['发票', '怎么']);
    expect(topK(scores, 1)[0]?.index).toBe(1);
  });

  it('scores zero where no term is shared', () => {
    expect(Array.from(index.score(['天气']))).toEqual([0, 0, 0]);
  });
});

describe('topK', () => {
  it('returns the best k, best first, earlier index on ties', () => {
    expect(topK([0.1, 0.5, 0.5, 0.9, 0.2], 3)).toEqual([
      { index: 3, score: 0.9 },
      { index: 1, score: 0.5 },
      { index: 2, score: 0.5 },
    ]);
  });

  it('scores sparsely exactly as it scores densely, only the documents sharing a term', () => {
    const index = new Bm25Index([['refund', 'order', 'money'], ['ship', 'order'], ['password', 'reset'], ['refund', 'refund', 'policy']]);
    for (const query of [['refund', 'order'], ['password'], ['nothing'], ['order', 'order', 'policy']]) {
      const dense = index.score(query);
      const sparse = new Map<number, number>();
      index.visitScores(query, (d, s) => sparse.set(d, s));
      expect([...sparse.keys()].sort()).toEqual([...dense.keys()].filter((i) => (dense[i] ?? 0) > 0));
      for (const [d, s] of sparse) expect(s).toBe(dense[d]);
    }
  });
});
