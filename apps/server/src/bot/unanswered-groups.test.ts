import { describe, expect, it } from 'vitest';
import type { UnansweredQuestion } from '../domain/bot.js';
import { asConversationId, asTenantId } from '../domain/ids.js';
import { groupUnanswered } from './unanswered-groups.js';

let n = 0;
const q = (text: string, minute: number, conversation = 'c1'): UnansweredQuestion => ({
  id: `q${++n}`,
  tenantId: asTenantId('t'),
  conversationId: asConversationId(conversation),
  text,
  scores: [{ entryId: 'refund', score: minute / 100 }],
  createdAt: `2025-03-01T08:${String(minute).padStart(2, '0')}:00.000Z`,
});

describe('groupUnanswered', () => {
  it('puts rewordings of one question together and keeps different questions apart', () => {
    const groups = groupUnanswered([
      q('能开发票吗', 1, 'c1'),
      q('可以开发票吗？', 2, 'c2'),
      q('能开发票吗', 3, 'c3'),
      q('发票抬头写错了', 4),
      q('How do I get an invoice?', 5),
      q('how can I get an invoice', 6),
      q('几点下班', 7),
    ]);
    expect(groups.map((g) => [g.text, g.count])).toEqual([
      ['能开发票吗', 3],
      ['how can I get an invoice', 2],
      ['几点下班', 1],
      ['发票抬头写错了', 1],
    ]);
    const invoice = groups[0]!;
    expect(invoice.variants).toEqual(['能开发票吗', '可以开发票吗？']);
    expect(invoice.conversationIds).toEqual(['c3', 'c2', 'c1']);
    expect(invoice.lastAskedAt).toBe('2025-03-01T08:03:00.000Z');
    expect(invoice.bestGuess).toEqual({ entryId: 'refund', score: 0.03 });
    expect(invoice.questionIds).toHaveLength(3);
  });

  it('treats the same words in another width or case as the same question', () => {
    const groups = groupUnanswered([q('ＷＩＦＩ密码多少', 1), q('wifi密码多少', 2), q('WiFi 密码多少?', 3)]);
    expect(groups.map((g) => g.count)).toEqual([3]);
  });
});
