import { describe, expect, it } from 'vitest';
import { decide, defaultDecisionConfig, initialDialogueState, type DecisionInput, type ScoredEntry } from './decision.js';

const ranked = (...scores: [string, number][]): ScoredEntry[] => scores.map(([entryId, score]) => ({ entryId, score }));
const input = (over: Partial<DecisionInput>): DecisionInput => ({ ranked: [], tagsOf: () => [], ...over });
const config = { ...defaultDecisionConfig, answerThreshold: 0.5, clarifyThreshold: 0.2, ambiguityRatio: 1, ambiguityMargin: 0.1 };

describe('decide', () => {
  it('answers when the best score clears the answer threshold with a clear margin', () => {
    const out = decide(input({ ranked: ranked(['refund', 0.8], ['invoice', 0.1]) }), initialDialogueState, config);
    expect(out.decision).toEqual({ kind: 'answer', entryId: 'refund', score: 0.8 });
  });

  it('asks "did you mean" with the top three when two entries are too close to call', () => {
    const out = decide(input({ ranked: ranked(['a', 0.55], ['b', 0.5], ['c', 0.3], ['d', 0.2]) }), initialDialogueState, config);
    expect(out.decision).toEqual({ kind: 'clarify', options: ranked(['a', 0.55], ['b', 0.5], ['c', 0.3]) });
  });

  it('clarifies between the answer and clarify thresholds, and falls back below', () => {
    expect(decide(input({ ranked: ranked(['a', 0.3]) }), initialDialogueState, config).decision.kind).toBe('clarify');
    const low = decide(input({ ranked: ranked(['a', 0.15]) }), initialDialogueState, config);
    expect(low.decision.kind).toBe('fallback');
    expect(low.state.consecutiveFallbacks).toBe(1);
  });

  it('clarifies when the best score is not the given multiple of the second, whatever their difference', () => {
    const ratio = { ...config, ambiguityRatio: 4, ambiguityMargin: 0 };
    // 0.6 − 0.2 is a wide gap, but 0.6 is only three times 0.2.
    expect(decide(input({ ranked: ranked(['a', 0.6], ['b', 0.2]) }), initialDialogueState, ratio).decision.kind).toBe('clarify');
    expect(decide(input({ ranked: ranked(['a', 0.6], ['b', 0.15]) }), initialDialogueState, ratio).decision).toEqual({ kind: 'answer', entryId: 'a', score: 0.6 });
    // A lone candidate has no rival to be compared with.
    expect(decide(input({ ranked: ranked(['a', 0.6]) }), initialDialogueState, ratio).decision.kind).toBe('answer');
  });

  it('reads the ratio the same way on any scale: scores halved by a larger base decide alike', () => {
    const ratio = { ...config, answerThreshold: 0.1, ambiguityRatio: 4, ambiguityMargin: 0 };
    for (const scale of [1, 0.5, 0.25]) {
      const sure = decide(input({ ranked: ranked(['a', 0.8 * scale], ['b', 0.1 * scale]) }), initialDialogueState, ratio);
      const torn = decide(input({ ranked: ranked(['a', 0.8 * scale], ['b', 0.3 * scale]) }), initialDialogueState, ratio);
      expect([sure.decision.kind, torn.decision.kind]).toEqual(['answer', 'clarify']);
    }
  });

  it('keeps the margin as an extra condition when one is set', () => {
    const both = { ...config, answerThreshold: 0.05, clarifyThreshold: 0.01, ambiguityRatio: 4, ambiguityMargin: 0.1 };
    // Ratio 5 passes, difference 0.08 does not.
    expect(decide(input({ ranked: ranked(['a', 0.1], ['b', 0.02]) }), initialDialogueState, both).decision.kind).toBe('clarify');
  });

  it('by default answers a clear winner, clarifies a close call and falls back on a faint one', () => {
    const d = defaultDecisionConfig;
    const kind = (...scores: [string, number][]): string => decide(input({ ranked: ranked(...scores) }), initialDialogueState, d).decision.kind;
    expect(kind(['a', d.answerThreshold + 0.05], ['b', (d.answerThreshold + 0.05) / (d.ambiguityRatio + 1)])).toBe('answer');
    expect(kind(['a', 0.9], ['b', 0.9 / (d.ambiguityRatio - 1)])).toBe('clarify');
    expect(kind(['a', d.answerThreshold - 0.01])).toBe('clarify');
    expect(kind(['a', d.clarifyThreshold - 0.01])).toBe('fallback');
  });

  it('hands off instead of the second fallback in a row, and resets the count after an answer', () => {
    const second = decide(input({ ranked: ranked(['a', 0.05]) }), { consecutiveFallbacks: 1 }, config);
    expect(second.decision).toMatchObject({ kind: 'handoff', reason: 'repeated_fallback' });
    const answered = decide(input({ ranked: ranked(['a', 0.9]) }), { consecutiveFallbacks: 1 }, config);
    expect(answered.state.consecutiveFallbacks).toBe(0);
  });

  it('hands off when the visitor asks for a person, even with a confident answer at hand', () => {
    const out = decide(input({ humanRequest: '转人工', ranked: ranked(['a', 0.99]) }), initialDialogueState, config);
    expect(out.decision).toEqual({ kind: 'handoff', reason: 'asked_for_human', detail: '转人工' });
    expect(out.stage).toBe('handoff');
  });

  it('hands off on negative sentiment and on entries tagged as restricted', () => {
    expect(decide(input({ negativeSentiment: true }), initialDialogueState, config).decision).toMatchObject({ reason: 'negative_sentiment' });
    const restricted = { ...config, restrictedTags: ['legal'] };
    const out = decide(input({ ranked: ranked(['lawsuit', 0.9]), tagsOf: () => ['legal'] }), initialDialogueState, restricted);
    expect(out.decision).toMatchObject({ kind: 'handoff', reason: 'restricted_topic' });
  });

  it('lets a rule hit decide before the scores', () => {
    const out = decide(
      input({ ruleHit: { stage: 'keyword', ruleId: 'r1', target: { kind: 'entry', entryId: 'x' }, priority: 0 }, ranked: ranked(['y', 0.9]) }),
      initialDialogueState,
      config,
    );
    expect(out).toMatchObject({ stage: 'rule', decision: { kind: 'answer', entryId: 'x' } });
  });
});
