// Word tokens for features and BM25: jieba for Chinese, Porter-stemmed words for the rest.
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { stem } from './stemmer.js';

const require = createRequire(import.meta.url);
let jieba: Jieba | undefined;

// The jieba dictionary costs about half a second and 30 MB to load, so a knowledge base
// without Chinese never pays for it. The native addon is CommonJS, hence require.
function segmenter(): Jieba {
  if (!jieba) {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
}

/** Segments a run of Chinese text with jieba (HMM on, so names absent from the dictionary hold together). */
export function segmentChinese(text: string): string[] {
  return segmenter().cut(text, true);
}

const SURROGATE_RE = /[\uD800-\uDFFF]/;
const RUN_RE = /(\p{Script=Han}+)|([\p{L}\p{N}]+)/gu;

/**
 * Splits normalized text (see `Normalizer.full`) into tokens: Chinese runs segmented by jieba,
 * other letters and digits as words, English words stemmed. Order is kept, for bigrams.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(RUN_RE)) {
    const [, han, word] = match;
    if (han !== undefined) {
      for (const piece of segmentChinese(han)) if (piece.trim() !== '') tokens.push(piece);
    } else if (word !== undefined) {
      tokens.push(stem(word));
    }
  }
  return tokens;
}

/** True when the text holds at least one Chinese character. */
export function hasChinese(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/**
 * Character n-grams of normalized text, padded with a space at both ends so that word
 * starts and ends are features of their own. They carry typos ("recieve"), inflections
 * the stemmer misses, and Chinese words jieba cut differently.
 */
export function charNgrams(text: string, minN: number, maxN: number): string[] {
  if (text === '') return [];
  const padded = ` ${text} `;
  // Surrogate pairs (emoji, rare ideographs) are rare; only then pay for splitting into code points.
  const chars = SURROGATE_RE.test(padded) ? Array.from(padded) : undefined;
  const length = chars ? chars.length : padded.length;
  const grams: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= length; i++) {
      const gram = chars ? chars.slice(i, i + n).join('') : padded.substring(i, i + n);
      if (gram !== ' ') grams.push(gram); // normalized text holds single spaces only
    }
  }
  return grams;
}
