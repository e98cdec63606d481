import { describe, expect, it } from 'vitest';
import { formatKnowledgeBaseCsv, parseKnowledgeBaseCsv } from './kb-csv.js';
import type { KnowledgeEntry } from './knowledge-base.js';

describe('knowledge base CSV', () => {
  it('round-trips entries, with similar questions one per line in their cell', () => {
    const entries: KnowledgeEntry[] = [
      { id: 'refund', question: '退款多久到账', similar: ['退款要几天', 'refund, how long?'], answer: '1–3 个工作日', tags: ['refund', 'money'] },
      { id: 'old', question: 'old question', similar: [], answer: 'gone', enabled: false },
    ];
    const parsed = parseKnowledgeBaseCsv(formatKnowledgeBaseCsv(entries));
    expect(parsed).toEqual({ ok: true, entries });
  });

  it('points at the file line of a bad row, past multi-line cells', () => {
    const csv = 'id,question,similar,answer\nrefund,退款多久到账,"退款要几天\n退款几天到",1–3 天\ninvoice,,,\n';
    const parsed = parseKnowledgeBaseCsv(csv);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues[0]).toMatchObject({ position: 4, id: 'invoice', field: 'question' });
  });

  it('names missing and unknown columns', () => {
    expect(parseKnowledgeBaseCsv('id,question\n')).toMatchObject({ ok: false, issues: [{ message: 'lacks column(s) similar, answer' }] });
    expect(parseKnowledgeBaseCsv('id,question,similar,answer,colour\n')).toMatchObject({ ok: false, issues: [{ message: 'has unknown column(s) colour' }] });
  });
});
