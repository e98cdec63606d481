import { describe, expect, it } from 'vitest';
import { charNgrams, segmentChinese, tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('segments a Chinese sentence into dictionary words with jieba', () => {
    expect(segmentChinese('我的银行卡丢了怎么办')).toEqual(['我', '的', '银行卡', '丢', '了', '怎么办']);
  });

  it('stems English words and keeps the Chinese words of mixed text in order', () => {
    expect(tokenize('my card was charged twice 银行卡')).toEqual(['my', 'card', 'wa', 'charg', 'twice', '银行卡']);
  });

  it('pads character n-grams with word boundaries', () => {
    expect(charNgrams('ab', 2, 3)).toEqual([' a', 'ab', 'b ', ' ab', 'ab ']);
  });

  it('counts a Chinese character as one character, not two code units', () => {
    expect(charNgrams('退款', 1, 1)).toEqual(['退', '款']);
  });
});
