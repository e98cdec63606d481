// Phrase lookup over an Aho–Corasick automaton: whole words for alphabetic phrases, anywhere for Chinese.
import { AhoCorasick, type KeywordMatch } from './aho-corasick.js';

const WORD_CHAR = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;

/** "human" must not hit inside "humanitarian"; Chinese has no spaces to respect. */
function atBoundary(text: string, start: number, end: number): boolean {
  const startOk = HAN.test(text[start] ?? '') || !WORD_CHAR.test(text[start - 1] ?? ' ');
  const endOk = HAN.test(text[end - 1] ?? '') || !WORD_CHAR.test(text[end] ?? ' ');
  return startOk && endOk;
}

export class PhraseMatcher<T> {
  private readonly automaton: AhoCorasick<T>;

  /** Phrases are normalized with the same function as the text they will be found in. */
  constructor(phrases: Iterable<readonly [phrase: string, value: T]>, normalize: (text: string) => string) {
    this.automaton = new AhoCorasick([...phrases].map(([p, v]) => [normalize(p), v] as const));
  }

  /** Every occurrence at word boundaries, overlapping ones included. */
  findAll(normalized: string): KeywordMatch<T>[] {
    return this.automaton.findAll(normalized).filter((m) => atBoundary(normalized, m.start, m.end));
  }

  /** Occurrences with overlaps resolved: leftmost first, the longer one on a tie ("不满意" over "满意"). */
  findLongest(normalized: string): KeywordMatch<T>[] {
    const all = this.findAll(normalized).sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: KeywordMatch<T>[] = [];
    let until = 0;
    for (const m of all) {
      if (m.start < until) continue;
      kept.push(m);
      until = m.end;
    }
    return kept;
  }
}
