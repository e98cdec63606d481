import { describe, expect, it } from 'vitest';
import type { KnowledgeEntry } from '../knowledge-base.js';
import { basicNormalizer } from '../normalize.js';
import type { Rule } from './rule.js';
import { RuleSet, validateRules } from './rule-set.js';

const entries: KnowledgeEntry[] = [
  { id: 'refund', question: '退款多久到账', similar: ['How long does a refund take?'], answer: '1–3 days' },
  { id: 'invoice', question: '怎么开发票', similar: [], answer: 'In the order page' },
];

function match(rules: Rule[], text: string) {
  const set = new RuleSet(entries, rules, basicNormalizer);
  return set.match(basicNormalizer.light(text), basicNormalizer.full(text));
}

describe('RuleSet', () => {
  it('answers an exact question typed in another width, case and punctuation', () => {
    expect(match([], '退款 多久到账？')?.target).toEqual({ kind: 'entry', entryId: 'refund' });
    expect(match([], 'HOW LONG DOES A REFUND TAKE')?.stage).toBe('exact');
  });

  it('decides nothing when no rule hits', () => {
    expect(match([], '退款多久')).toBeUndefined();
  });

  it('hits a keyword rule on a whole word only', () => {
    const rules: Rule[] = [{ kind: 'keyword', id: 'inv', keywords: ['invoice'], target: { kind: 'entry', entryId: 'invoice' } }];
    expect(match(rules, 'I need an INVOICE please')?.ruleId).toBe('inv');
    expect(match(rules, 'invoices')).toBeUndefined();
  });

  it('needs every keyword of an "all" rule', () => {
    const rules: Rule[] = [{ kind: 'keyword', id: 'both', keywords: ['发票', '抬头'], match: 'all', target: { kind: 'entry', entryId: 'invoice' } }];
    expect(match(rules, '发票怎么开')).toBeUndefined();
    expect(match(rules, '发票抬头写错了')?.ruleId).toBe('both');
  });

  it('matches regex rules against text with its punctuation', () => {
    const rules: Rule[] = [{ kind: 'regex', id: 'order-no', pattern: '#\\d{6}', target: { kind: 'handoff', reason: 'order lookup' } }];
    expect(match(rules, 'Where is order #123456?')?.target).toEqual({ kind: 'handoff', reason: 'order lookup' });
  });

  it('lets the higher priority win, and the exact cache beat rules of default priority', () => {
    const rules: Rule[] = [
      { kind: 'keyword', id: 'low', keywords: ['退款'], target: { kind: 'entry', entryId: 'invoice' } },
      { kind: 'keyword', id: 'high', keywords: ['到账'], priority: 200, target: { kind: 'handoff' } },
    ];
    expect(match(rules.slice(0, 1), '退款多久到账')?.stage).toBe('exact');
    expect(match(rules, '退款多久到账')?.ruleId).toBe('high');
  });
});

describe('validateRules', () => {
  it('names each broken rule: unknown entry, bad regex, empty keywords, repeated id', () => {
    const rules: Rule[] = [
      { kind: 'keyword', id: 'a', keywords: ['x'], target: { kind: 'entry', entryId: 'nope' } },
      { kind: 'regex', id: 'b', pattern: '(', target: { kind: 'handoff' } },
      { kind: 'keyword', id: 'c', keywords: [], target: { kind: 'handoff' } },
      { kind: 'keyword', id: 'c', keywords: ['y'], target: { kind: 'handoff' } },
    ];
    const issues = validateRules(rules, new Set(['refund']));
    expect(issues.map((i) => i.index)).toEqual([0, 1, 2, 3]);
    expect(issues[0]?.message).toMatch(/entry "nope" does not exist/);
    expect(issues[1]?.message).toMatch(/does not compile/);
  });
});
