import { describe, expect, it } from 'vitest';
import { formatIssue, parseKnowledgeBaseJson, validateKnowledgeBase } from './knowledge-base.js';

const good = { id: 'refund', question: '退款多久到账', similar: ['退款要几天'], answer: '1–3 个工作日', tags: ['refund'] };

describe('knowledge base import', () => {
  it('accepts a valid array and freezes the entries', () => {
    const result = validateKnowledgeBase([good, { id: 'invoice', question: '怎么开发票', similar: [], answer: '订单页申请' }]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.isFrozen(result.entries[0])).toBe(true);
  });

  it('names the entry and the field of every problem', () => {
    const result = validateKnowledgeBase([good, { id: 'x', question: '', similar: 'not a list', answer: 'a' }, { id: 'y', question: 'q', similar: [], simlar: [] }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => formatIssue(i))).toEqual([
      'entry 2 (id "x"): question must be a non-empty string',
      'entry 2 (id "x"): similar must be an array of strings',
      'entry 3 (id "y"): answer must be a non-empty string',
      'entry 3 (id "y"): simlar is not a known field',
    ]);
  });

  it('refuses repeated ids and a question claimed by two entries', () => {
    const result = validateKnowledgeBase([good, { ...good }, { id: 'other', question: '退款多久到账？', similar: [], answer: 'b' }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.position}:${i.field}`)).toEqual(['2:id', '3:question']);
  });

  it('reports a JSON syntax error and a non-array as issues, not exceptions', () => {
    expect(parseKnowledgeBaseJson('[{')).toMatchObject({ ok: false, issues: [{ field: 'JSON' }] });
    expect(parseKnowledgeBaseJson('{}')).toMatchObject({ ok: false, issues: [{ message: 'must be an array of entries' }] });
  });
});
