import { describe, expect, it } from 'vitest';
import { HumanRequestDetector } from './handoff-phrases.js';
import { basicNormalizer } from './normalize.js';

const detector = new HumanRequestDetector(basicNormalizer);
const detect = (text: string): string | undefined => detector.detect(basicNormalizer.full(text));

describe('HumanRequestDetector', () => {
  it.each(['人工', '转人工！', '我要人工客服', '请帮我转接人工', '找个真人跟我说', '人工啊'])('hears a request for a person in %s', (text) => {
    expect(detect(text)).toBeDefined();
  });

  it.each(['Can I talk to a human?', 'AGENT please', 'I want a real person', 'let me speak to someone'])('hears a request for a person in %s', (text) => {
    expect(detect(text)).toBeDefined();
  });

  it.each(['人工智能能做什么', '人工费怎么算', 'humanitarian aid', 'how long does a refund take'])('does not mistake %s for one', (text) => {
    expect(detect(text)).toBeUndefined();
  });
});
