import { describe, expect, it } from 'vitest';
import { handoffSummary } from './handoff-summary.js';

describe('handoffSummary', () => {
  const entry = (id: string) => (id === 'refund-request' ? { id, question: '怎么申请退款？', similar: [], answer: '…' } : undefined);

  it('tells the agent why, what was asked, what the bot guessed and who is asking', () => {
    const summary = handoffSummary({
      reason: 'repeated_fallback',
      question: '我的钱什么时候退回来',
      guesses: [{ entryId: 'refund-request', score: 0.31234 }],
      entry,
      contact: { name: '李雷', email: 'li@example.com', identityVerified: true, attributes: { plan: 'vip', orders: 3 } },
    });
    expect(summary.text.split('\n')).toEqual([
      'Bot handoff: the bot did not understand several times',
      'Question: 我的钱什么时候退回来',
      "Bot's guesses: 怎么申请退款？ (0.312)",
      'Contact: 李雷 <li@example.com>, identity verified',
      'Attributes: plan=vip, orders=3',
    ]);
    expect(summary.data).toMatchObject({ event: 'bot_handoff', reason: 'repeated_fallback', guesses: [{ entryId: 'refund-request', score: 0.312 }] });
  });

  it('carries a flow summary and leaves out what is unknown', () => {
    const summary = handoffSummary({ reason: 'flow', question: '质量问题', guesses: [], entry, contact: null, flowSummary: '订单 KF10002 申请退款' });
    expect(summary.text).toBe('Bot handoff: a flow hands this over\nQuestion: 质量问题\nFlow: 订单 KF10002 申请退款');
  });
});
