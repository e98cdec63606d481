// The decision stage: from rule hits, semantic scores and conversation state to answer, clarify, fallback or handoff.
import type { RuleHit } from './rules/rule.js';

export interface DecisionConfig {
  /** Top score at or above which the bot answers (if the ratio and margin allow). Default 0.3. */
  answerThreshold: number;
  /** Top score at or above which the bot asks "did you mean"; below it, fallback. Default 0.1. */
  clarifyThreshold: number;
  /**
   * An answer needs top ≥ ratio × second, else the bot clarifies between them. A ratio of scores
   * means the same with 10 entries as with 500 (spreading mass over more entries lowers both),
   * and it predicted a right answer far better than the difference did. Default 11; 1 turns it off.
   */
  ambiguityRatio: number;
  /** An answer also needs top − second ≥ margin. Default 0 (the ratio decides). */
  ambiguityMargin: number;
  /** Options offered when clarifying (the best ones). Default 3. */
  clarifyOptions: number;
  /** Options scoring below this are not offered, however few remain. Default 0.05. */
  minOptionScore: number;
  /** The fallback that would be the Nth in a row hands off instead. Default 2; 0 turns it off. */
  maxConsecutiveFallbacks: number;
  /** Entries carrying one of these tags are never answered by the bot; a person takes over. Default none. */
  restrictedTags: readonly string[];
}

/**
 * Calibrated by 5-fold cross-validation over the similar questions of two knowledge bases (each
 * held-out question scored by a model trained without it; held-out off-topic sentences as
 * negatives): the most right answers with wrong answers at most 3 % of the questions and off-topic
 * answers at most 3 % (docs/bot-quality.md, "Decision thresholds").
 */
export const defaultDecisionConfig: Readonly<DecisionConfig> = Object.freeze({
  answerThreshold: 0.3,
  clarifyThreshold: 0.1,
  ambiguityRatio: 11,
  ambiguityMargin: 0,
  clarifyOptions: 3,
  minOptionScore: 0.05,
  maxConsecutiveFallbacks: 2,
  restrictedTags: [],
});

export type HandoffReason = 'asked_for_human' | 'negative_sentiment' | 'restricted_topic' | 'repeated_fallback' | 'rule';

export interface ScoredEntry {
  readonly entryId: string;
  readonly score: number;
}

export type Decision =
  | {
      readonly kind: 'answer';
      readonly entryId: string;
      readonly score: number;
      /** The LLM stage's reply, written from this entry's answer; without it the entry's own answer is the reply. */
      readonly text?: string;
    }
  | { readonly kind: 'clarify'; readonly options: readonly ScoredEntry[] }
  | { readonly kind: 'fallback' }
  | { readonly kind: 'handoff'; readonly reason: HandoffReason; readonly detail?: string };

/** What the caller keeps per conversation between messages. */
export interface DialogueState {
  readonly consecutiveFallbacks: number;
}

export const initialDialogueState: DialogueState = Object.freeze({ consecutiveFallbacks: 0 });

/** Everything the earlier stages found about one message. */
export interface DecisionInput {
  /** The phrase with which the visitor asked for a person, if any. */
  readonly humanRequest?: string;
  /** The restricted-topic phrase found in the text, if any. */
  readonly restrictedPhrase?: string;
  readonly negativeSentiment?: boolean;
  readonly ruleHit?: RuleHit;
  /** Entries by semantic score, best first. */
  readonly ranked: readonly ScoredEntry[];
  readonly tagsOf: (entryId: string) => readonly string[];
}

export interface DecisionOutcome {
  readonly decision: Decision;
  readonly stage: 'handoff' | 'rule' | 'semantic';
  readonly state: DialogueState;
}

/**
 * Decides in a fixed order: the visitor's own request for a person, restricted topics and anger
 * come first because no answer helps then; a rule hit is next (it is what an admin wrote down);
 * then the semantic scores. Pure: the new state is returned, never stored.
 */
export function decide(input: DecisionInput, state: DialogueState, config: DecisionConfig = defaultDecisionConfig): DecisionOutcome {
  const handoff = (reason: HandoffReason, stage: DecisionOutcome['stage'], detail?: string): DecisionOutcome => ({
    decision: { kind: 'handoff', reason, ...(detail !== undefined ? { detail } : {}) },
    stage,
    state: initialDialogueState,
  });
  const restricted = (entryId: string): boolean => input.tagsOf(entryId).some((t) => config.restrictedTags.includes(t));

  if (input.humanRequest !== undefined) return handoff('asked_for_human', 'handoff', input.humanRequest);
  if (input.restrictedPhrase !== undefined) return handoff('restricted_topic', 'handoff', input.restrictedPhrase);
  if (input.negativeSentiment) return handoff('negative_sentiment', 'handoff');

  const hit = input.ruleHit;
  if (hit) {
    if (hit.target.kind === 'handoff') return handoff('rule', 'rule', hit.target.reason ?? hit.ruleId);
    if (restricted(hit.target.entryId)) return handoff('restricted_topic', 'rule', hit.target.entryId);
    return { decision: { kind: 'answer', entryId: hit.target.entryId, score: 1 }, stage: 'rule', state: initialDialogueState };
  }

  const [first, second] = input.ranked;
  const top = first?.score ?? 0;
  const runnerUp = second?.score ?? 0;
  if (first && top >= config.answerThreshold && top >= config.ambiguityRatio * runnerUp && top - runnerUp >= config.ambiguityMargin) {
    if (restricted(first.entryId)) return handoff('restricted_topic', 'semantic', first.entryId);
    return { decision: { kind: 'answer', entryId: first.entryId, score: top }, stage: 'semantic', state: initialDialogueState };
  }
  if (first && top >= config.clarifyThreshold) {
    const options = input.ranked.slice(0, config.clarifyOptions).filter((r, i) => i === 0 || r.score >= config.minOptionScore);
    return { decision: { kind: 'clarify', options }, stage: 'semantic', state: initialDialogueState };
  }
  const fallbacks = state.consecutiveFallbacks + 1;
  if (config.maxConsecutiveFallbacks > 0 && fallbacks >= config.maxConsecutiveFallbacks) {
    return handoff('repeated_fallback', 'semantic', `${fallbacks} fallbacks in a row`);
  }
  return { decision: { kind: 'fallback' }, stage: 'semantic', state: { consecutiveFallbacks: fallbacks } };
}
