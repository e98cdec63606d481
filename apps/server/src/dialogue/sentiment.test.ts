import { describe, expect, it } from 'vitest';
import { basicNormalizer } from './normalize.js';
import { SentimentDetector } from './sentiment.js';

const detector = new SentimentDetector(basicNormalizer);
const negative = (text: string): boolean => detector.analyze(basicNormalizer.full(text), basicNormalizer.light(text)).negative;

describe('SentimentDetector', () => {
  it.each(['你们就是骗子', '垃圾服务，我要投诉', '太差了，气死我了', 'this is a scam', 'worst bank ever', 'I am not happy at all, this is terrible'])(
    'finds %s negative',
    (text) => expect(negative(text)).toBe(true),
  );

  it.each(['谢谢，很满意', '退款多久到账', '滚筒洗衣机怎么清洗', 'not bad, thanks', 'how do I change my address?', 'there is an issue with my card'])(
    'finds %s not negative',
    (text) => expect(negative(text)).toBe(false),
  );

  it('lets exclamation marks tip a mild complaint over', () => {
    expect(detector.analyze('terrible', 'terrible').negative).toBe(false);
    expect(detector.analyze('失望 terrible', '失望 terrible!!!').score).toBeGreaterThanOrEqual(2);
  });
});
