// TF-IDF features in two views, word 1..n-grams and character n-grams, each L2-normalized then weighted.
import { charNgrams } from '../tokenize.js';
import { fromMap, type SparseVector } from './sparse-vector.js';

/** A sentence after normalization (`Normalizer.full`) and tokenization. */
export interface AnalyzedText {
  readonly text: string;
  readonly tokens: readonly string[];
}

export interface VectorizerOptions {
  /** Longest word n-gram; 0 turns the word view off. Default 2. */
  wordNgramMax: number;
  /** Shortest and longest character n-gram; max 0 turns the view off. Default 2..5. */
  charNgramMin: number;
  charNgramMax: number;
  /** Take character n-grams inside each word (padded) rather than across word boundaries. Default false. */
  charWithinWords: boolean;
  /**
   * Add single Chinese characters to the character view when n-grams start at 2. A Chinese character
   * is often a word of its own (退, 换, 码) where a Latin letter says nothing, so text without
   * Chinese is unaffected. Default true.
   */
  hanUnigrams: boolean;
  /** Use 1 + ln(tf) instead of tf, so a repeated word does not dominate. Default true. */
  sublinearTf: boolean;
  /** Terms seen in fewer training sentences are dropped. Default 1. */
  minDf: number;
  /** Weight of each view after its own L2 normalization. Defaults 1 and 1. */
  wordWeight: number;
  charWeight: number;
}

export const defaultVectorizerOptions: Readonly<VectorizerOptions> = Object.freeze({
  wordNgramMax: 2,
  charNgramMin: 2,
  charNgramMax: 5,
  charWithinWords: false,
  hanUnigrams: true,
  sublinearTf: true,
  minDf: 1,
  wordWeight: 1,
  charWeight: 1,
});

const WORD = 0;
const CHAR = 1;
const HAN_RE = /\p{Script=Han}/gu;

/** Terms of a sentence, prefixed by view so that a word and a char n-gram never collide. */
function terms(doc: AnalyzedText, o: VectorizerOptions): string[] {
  const out: string[] = [];
  const toks = doc.tokens;
  for (let n = 1; n <= o.wordNgramMax; n++) {
    for (let i = 0; i + n <= toks.length; i++) out.push(`w${toks.slice(i, i + n).join(' ')}`);
  }
  if (o.charNgramMax > 0) {
    const pieces = o.charWithinWords ? doc.text.split(' ') : [doc.text];
    for (const piece of pieces) for (const g of charNgrams(piece, o.charNgramMin, o.charNgramMax)) out.push(`c${g}`);
    // Snapshots taken before the option existed lack it: undefined means off, as they were trained.
    if (o.hanUnigrams && o.charNgramMin > 1) for (const [ch] of doc.text.matchAll(HAN_RE)) out.push(`c${ch}`);
  }
  return out;
}

/** What a vectorizer learned, as plain data that crosses a worker boundary (terms in index order). */
export interface VectorizerSnapshot {
  readonly options: VectorizerOptions;
  readonly terms: readonly string[];
  readonly idf: Float32Array;
  readonly view: Uint8Array;
}

export class TfidfVectorizer {
  private constructor(
    private readonly options: VectorizerOptions,
    private readonly vocabulary: Map<string, number>,
    private readonly idf: Float32Array,
    private readonly view: Uint8Array,
  ) {}

  /** Learns the vocabulary and inverse document frequencies from training sentences. */
  static fit(docs: readonly AnalyzedText[], options: Partial<VectorizerOptions> = {}): TfidfVectorizer {
    const o = { ...defaultVectorizerOptions, ...options };
    const df = new Map<string, number>();
    for (const doc of docs) for (const t of new Set(terms(doc, o))) df.set(t, (df.get(t) ?? 0) + 1);
    const vocabulary = new Map<string, number>();
    const idfs: number[] = [];
    const views: number[] = [];
    for (const [term, count] of df) {
      if (count < o.minDf) continue;
      vocabulary.set(term, idfs.length);
      // Smoothed idf, as if one extra sentence held every term: no zero or negative weights.
      idfs.push(Math.log((1 + docs.length) / (1 + count)) + 1);
      views.push(term.startsWith('c') ? CHAR : WORD);
    }
    return new TfidfVectorizer(o, vocabulary, Float32Array.from(idfs), Uint8Array.from(views));
  }

  get dimension(): number {
    return this.idf.length;
  }

  snapshot(): VectorizerSnapshot {
    // The vocabulary was filled in index order, so its keys are the terms by index.
    return { options: this.options, terms: [...this.vocabulary.keys()], idf: this.idf, view: this.view };
  }

  static restore(s: VectorizerSnapshot): TfidfVectorizer {
    return new TfidfVectorizer(s.options, new Map(s.terms.map((t, i) => [t, i])), s.idf, s.view);
  }

  /** Maps a sentence to its TF-IDF vector; terms unseen in training are ignored. */
  transform(doc: AnalyzedText): SparseVector {
    const counts = new Map<number, number>();
    for (const t of terms(doc, this.options)) {
      const id = this.vocabulary.get(t);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const norms = [0, 0];
    for (const [id, tf] of counts) {
      const w = (this.options.sublinearTf ? 1 + Math.log(tf) : tf) * (this.idf[id] ?? 0);
      counts.set(id, w);
      const v = this.view[id] ?? WORD;
      norms[v] = (norms[v] ?? 0) + w * w;
    }
    const factor = [
      norms[WORD] ? this.options.wordWeight / Math.sqrt(norms[WORD]) : 0,
      norms[CHAR] ? this.options.charWeight / Math.sqrt(norms[CHAR]) : 0,
    ];
    for (const [id, w] of counts) counts.set(id, w * (factor[this.view[id] ?? WORD] ?? 0));
    return fromMap(counts);
  }
}
