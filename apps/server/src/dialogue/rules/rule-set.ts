// The rule stage: exact-question cache, keyword automaton and regex rules; the highest priority hit decides.
import type { KnowledgeEntry } from '../knowledge-base.js';
import type { Normalizer } from '../normalize.js';
import { ExactQuestionCache } from './exact-cache.js';
import { KeywordMatcher } from './keyword-matcher.js';
import { EXACT_PRIORITY, type KeywordRule, type RegexRule, type Rule, type RuleHit } from './rule.js';

/** A rule that cannot apply, and why; `index` is its 0-based position in the list. */
export interface RuleIssue {
  readonly index: number;
  readonly id?: string;
  readonly message: string;
}

// Regex rules are written by admins, but the text comes from anyone: capping its length
// bounds the cost of a pattern that backtracks badly.
const MAX_REGEX_INPUT_CHARS = 1_000;

/** Checks rules against the entries they point to before they are built. */
export function validateRules(rules: readonly Rule[], entryIds: ReadonlySet<string>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const ids = new Set<string>();
  rules.forEach((r, index) => {
    const add = (message: string): void => void issues.push({ index, id: r.id, message });
    if (typeof r.id !== 'string' || r.id === '') add('id must be a non-empty string');
    else if (ids.has(r.id)) add(`id ${JSON.stringify(r.id)} is used twice`);
    ids.add(r.id);
    if (r.target.kind === 'entry' && !entryIds.has(r.target.entryId)) add(`target entry ${JSON.stringify(r.target.entryId)} does not exist`);
    if (r.kind === 'keyword' && (r.keywords.length === 0 || r.keywords.some((k) => k.trim() === ''))) {
      add('keywords must be a non-empty list of non-empty strings');
    }
    if (r.kind === 'regex') {
      try {
        new RegExp(r.pattern, 'iu');
      } catch (error) {
        add(`pattern does not compile: ${(error as Error).message}`);
      }
    }
  });
  return issues;
}

export class RuleSet {
  private readonly cache: ExactQuestionCache;
  private readonly keywords: KeywordMatcher;
  private readonly regexes: { rule: RegexRule; re: RegExp }[];

  /** Rules must have passed `validateRules`; a bad regex throws here. */
  constructor(entries: readonly KnowledgeEntry[], rules: readonly Rule[], normalizer: Normalizer) {
    this.cache = new ExactQuestionCache(entries, normalizer.full);
    this.keywords = new KeywordMatcher(rules.filter((r): r is KeywordRule => r.kind === 'keyword'), normalizer.full);
    this.regexes = rules.filter((r): r is RegexRule => r.kind === 'regex').map((rule) => ({ rule, re: new RegExp(rule.pattern, 'iu') }));
  }

  /**
   * The winning hit for a message given in both normalized forms, or undefined when nothing hits.
   * Ties in priority go to the earlier stage (exact, keyword, regex), then to the earlier rule.
   */
  match(light: string, full: string): RuleHit | undefined {
    const hits: RuleHit[] = [];
    const entryId = this.cache.lookup(full);
    if (entryId !== undefined) hits.push({ stage: 'exact', ruleId: 'exact', target: { kind: 'entry', entryId }, priority: EXACT_PRIORITY });
    for (const r of this.keywords.match(full)) hits.push({ stage: 'keyword', ruleId: r.id, target: r.target, priority: r.priority ?? 0 });
    const input = light.slice(0, MAX_REGEX_INPUT_CHARS);
    for (const { rule, re } of this.regexes) {
      if (re.test(input)) hits.push({ stage: 'regex', ruleId: rule.id, target: rule.target, priority: rule.priority ?? 0 });
    }
    let best: RuleHit | undefined;
    for (const h of hits) if (!best || h.priority > best.priority) best = h;
    return best;
  }
}
