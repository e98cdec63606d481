import { describe, expect, it } from 'vitest';
import { basicNormalizer } from '../normalize.js';
import { analyze } from '../analyze.js';
import { dot } from './sparse-vector.js';
import { TfidfVectorizer } from './tfidf-vectorizer.js';

const doc = (text: string) => analyze(basicNormalizer, text);

describe('TfidfVectorizer, single Chinese characters', () => {
  // "鞋子小了想换" and "能换货吗" share one character, 换, and no word or character pair.
  const train = ['鞋子小了想换', '能换货吗', '发票怎么开', '运费多少'].map(doc);

  it('lets two Chinese sentences that share only a character meet', () => {
    const v = TfidfVectorizer.fit(train);
    expect(dot(v.transform(doc('鞋子小了想换')), v.transform(doc('能换货吗')))).toBeGreaterThan(0);
    const off = TfidfVectorizer.fit(train, { hanUnigrams: false });
    expect(dot(off.transform(doc('鞋子小了想换')), off.transform(doc('能换货吗')))).toBe(0);
  });

  it('leaves text without Chinese exactly as before', () => {
    const english = ['how do I get a refund', 'where is my parcel', 'can I pay by card'].map(doc);
    const on = TfidfVectorizer.fit(english);
    const off = TfidfVectorizer.fit(english, { hanUnigrams: false });
    expect(on.snapshot().terms).toEqual(off.snapshot().terms);
    expect(on.transform(doc('refund to my card'))).toEqual(off.transform(doc('refund to my card')));
  });

  it('adds nothing when character n-grams already start at 1', () => {
    const v = TfidfVectorizer.fit([doc('换货')], { charNgramMin: 1, charNgramMax: 1, wordNgramMax: 0 });
    expect([...v.snapshot().terms].sort()).toEqual(['c换', 'c货']);
  });
});
