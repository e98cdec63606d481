// What a rule is: a condition on the visitor's text and the outcome it decides when it hits.

/** What a hit decides: answer an entry, or hand the conversation to a person. */
export type RuleTarget =
  | { readonly kind: 'entry'; readonly entryId: string }
  | { readonly kind: 'handoff'; readonly reason?: string };

interface RuleBase {
  readonly id: string;
  readonly target: RuleTarget;
  /** Higher wins when several rules hit. Default 0; the exact-question cache has `EXACT_PRIORITY`. */
  readonly priority?: number;
}

/** Hits when any (or all) of its keywords occur in the normalized text. */
export interface KeywordRule extends RuleBase {
  readonly kind: 'keyword';
  readonly keywords: readonly string[];
  /** Default 'any'. */
  readonly match?: 'any' | 'all';
}

/** Hits when the pattern matches the lightly normalized text (punctuation kept, lower case). */
export interface RegexRule extends RuleBase {
  readonly kind: 'regex';
  readonly pattern: string;
}

export type Rule = KeywordRule | RegexRule;

/** The exact-question cache outranks rules of default priority: an exact question is unambiguous. */
export const EXACT_PRIORITY = 100;

/** A rule (or the cache) that hit, with what it decides. */
export interface RuleHit {
  readonly stage: 'exact' | 'keyword' | 'regex';
  readonly ruleId: string;
  readonly target: RuleTarget;
  readonly priority: number;
}
