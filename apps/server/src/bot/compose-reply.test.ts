import { describe, expect, it } from 'vitest';
import { DEFAULT_BOT_SETTINGS, type KbEntry } from '../domain/bot.js';
import { HUMAN_BUTTON, repliesFor } from './compose-reply.js';

const entries = new Map<string, KbEntry>([
  ['shipping-fee', { id: 'shipping-fee', question: '运费怎么算？', similar: [], answer: '{{contact.name|亲}}，满 99 元包邮。' }],
  ['shipping-time', { id: 'shipping-time', question: '多久发货？', similar: [], answer: '48 小时内发货。' }],
]);
const ctx = {
  entry: (id: string) => entries.get(id),
  settings: DEFAULT_BOT_SETTINGS,
  lookup: (path: string) => (path === 'contact.name' ? '小王' : undefined),
};

describe('repliesFor', () => {
  it("answers with the entry's answer, its variables filled", () => {
    expect(repliesFor({ kind: 'answer', entryId: 'shipping-fee', score: 0.9 }, ctx)).toEqual([{ text: '小王，满 99 元包邮。' }]);
  });

  it("says the LLM stage's grounded wording when it answered", () => {
    expect(repliesFor({ kind: 'answer', entryId: 'shipping-fee', score: 0.5, text: '满 99 元免运费哦。' }, ctx)).toEqual([{ text: '满 99 元免运费哦。' }]);
  });

  it('offers the candidate questions as buttons that send the question, and a way to a person', () => {
    const [reply] = repliesFor({ kind: 'clarify', options: [{ entryId: 'shipping-time', score: 0.3 }, { entryId: 'shipping-fee', score: 0.25 }] }, ctx);
    expect(reply!.text).toBe(DEFAULT_BOT_SETTINGS.clarifyText);
    expect(reply!.quickReplies).toEqual([
      { label: '多久发货？', text: '多久发货？' },
      { label: '运费怎么算？', text: '运费怎么算？' },
      HUMAN_BUTTON,
    ]);
  });

  it('says the fallback and the handoff lines of the settings', () => {
    expect(repliesFor({ kind: 'fallback' }, ctx)).toEqual([{ text: DEFAULT_BOT_SETTINGS.fallbackText }]);
    expect(repliesFor({ kind: 'handoff', reason: 'asked_for_human' }, ctx)).toEqual([{ text: DEFAULT_BOT_SETTINGS.handoffText }]);
  });
});
