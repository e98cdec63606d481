import { describe, expect, it } from 'vitest';
import type { HeldConversation } from '../src/conversation.js';
import { MAX_RESUME, planHello } from '../src/hello.js';

/** Only what the plan reads of a held conversation. */
const held = (id: string, size: number, top: number, highestHeld = top) => ({ id, size, top, highestHeld }) as unknown as HeldConversation;

describe('planHello', () => {
  it('resumes a visitor at the contiguous top of every held conversation, with the stored token', () => {
    const { hello, syncs } = planHello({ role: 'visitor', widgetKey: 'wk' }, 'tok', [held('a', 3, 3), held('b', 4, 2, 6)], new Set());
    expect(hello).toEqual({ t: 'hello', v: 1, role: 'visitor', widgetKey: 'wk', visitorToken: 'tok', resume: { a: 3, b: 2 } });
    expect(syncs.forwardPending('b')).toBe(true);
  });

  it('resumes for an agent only what it holds or asked for, and sends no empty resume', () => {
    const wanted = new Set(['asked']);
    expect(planHello({ role: 'agent', token: 't' }, undefined, [held('empty', 0, 0), held('asked', 0, 0), held('kept', 2, 2)], wanted).hello.resume).toEqual({ asked: 0, kept: 2 });
    expect(planHello({ role: 'agent', token: 't' }, undefined, [held('empty', 0, 0)], wanted).hello).not.toHaveProperty('resume');
  });

  it('resumes at most as many conversations as a server takes', () => {
    const many = Array.from({ length: MAX_RESUME + 5 }, (_, i) => held(`c${i}`, 1, 1));
    expect(Object.keys(planHello({ role: 'visitor', widgetKey: 'wk' }, undefined, many, new Set()).hello.resume ?? {})).toHaveLength(MAX_RESUME);
  });
});
