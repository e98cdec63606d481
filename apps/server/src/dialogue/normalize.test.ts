import { describe, expect, it } from 'vitest';
import { basicNormalizer, createNormalizer } from './normalize.js';

describe('normalize', () => {
  it('folds full-width letters, digits and punctuation to ASCII and lower case', () => {
    expect(basicNormalizer.light('ＲＥＦＵＮＤ　Ｏｒｄｅｒ　１２３！')).toBe('refund order 123!');
    expect(basicNormalizer.full('ＲＥＦＵＮＤ　Ｏｒｄｅｒ　１２３！')).toBe('refund order 123');
  });

  it('gives a Chinese question the same key whatever punctuation and spacing it was typed with', () => {
    const a = basicNormalizer.full('退款 多久到账？');
    expect(basicNormalizer.full('退款多久到账')).toBe(a);
    expect(basicNormalizer.full('「退款」多久到账。。。')).toBe(a);
  });

  it('joins contractions instead of splitting them', () => {
    expect(basicNormalizer.full("I can't log in")).toBe('i cant log in');
    expect(basicNormalizer.full('I can’t log in')).toBe('i cant log in');
  });

  it('keeps punctuation in the light form for regex rules', () => {
    expect(basicNormalizer.light('Order #A-12,  please')).toBe('order #a-12, please');
  });

  it('drops zero-width characters that hide in pasted text', () => {
    expect(basicNormalizer.full('re\u200bfund')).toBe('re fund');
  });

  it('converts traditional Chinese to simplified only when configured', async () => {
    expect(basicNormalizer.full('優惠券怎麼使用')).toBe('優惠券怎麼使用');
    const n = await createNormalizer({ traditionalToSimplified: true });
    expect(n.full('優惠券怎麼使用？')).toBe('优惠券怎么使用');
  });
});
