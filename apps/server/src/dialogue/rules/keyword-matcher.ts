// Keyword rules: all keywords of all rules in one automaton, so the cost does not grow with the rule count.
import { PhraseMatcher } from './phrase-matcher.js';
import type { KeywordRule } from './rule.js';

export class KeywordMatcher {
  private readonly phrases: PhraseMatcher<{ rule: number; keyword: number }>;

  constructor(
    private readonly rules: readonly KeywordRule[],
    normalize: (text: string) => string,
  ) {
    const pairs: [string, { rule: number; keyword: number }][] = [];
    rules.forEach((r, rule) => r.keywords.forEach((k, keyword) => pairs.push([k, { rule, keyword }])));
    this.phrases = new PhraseMatcher(pairs, normalize);
  }

  /** Rules that hit, in rule order: 'any' needs one of its keywords, 'all' needs every one. */
  match(normalized: string): KeywordRule[] {
    const seen = new Map<number, Set<number>>();
    for (const m of this.phrases.findAll(normalized)) {
      const set = seen.get(m.value.rule) ?? new Set<number>();
      set.add(m.value.keyword);
      seen.set(m.value.rule, set);
    }
    const hits: KeywordRule[] = [];
    for (const [index, keywords] of [...seen].sort((a, b) => a[0] - b[0])) {
      const rule = this.rules[index];
      if (rule && ((rule.match ?? 'any') === 'any' || keywords.size === rule.keywords.length)) hits.push(rule);
    }
    return hits;
  }
}
