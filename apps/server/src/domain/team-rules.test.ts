import { describe, expect, it } from 'vitest';
import { asTeamId } from './ids.js';
import { chooseTeam } from './team-rules.js';

const billing = asTeamId('billing');
const vip = asTeamId('vip');
const support = asTeamId('support');
const rules = [
  { attribute: 'plan', equals: 'Enterprise', teamId: vip },
  { attribute: 'department', equals: 'billing', teamId: billing },
];

describe('chooseTeam', () => {
  it('takes the first rule the attributes match, case-insensitively', () => {
    expect(chooseTeam(rules, { plan: 'enterprise', department: 'billing' }, support)).toBe(vip);
    expect(chooseTeam(rules, { department: 'BILLING ' }, support)).toBe(billing);
  });

  it('falls back to the inbox default when no rule matches', () => {
    expect(chooseTeam(rules, { department: 'sales' }, support)).toBe(support);
    expect(chooseTeam(rules, {}, null)).toBeNull();
  });

  it('compares numbers and booleans as text', () => {
    expect(chooseTeam([{ attribute: 'tier', equals: '3', teamId: vip }], { tier: 3 }, null)).toBe(vip);
  });
});
