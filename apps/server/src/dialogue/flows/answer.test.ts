import { describe, expect, it } from 'vitest';
import { checkAnswer } from './answer.js';

const value = (text: string, validate: Parameters<typeof checkAnswer>[1]) => {
  const a = checkAnswer(text, validate);
  return a.ok ? a.value : null;
};

describe('checkAnswer', () => {
  it('takes any non-empty text when nothing is checked', () => {
    expect(value('  随便 ', undefined)).toBe('随便');
    expect(value('   ', undefined)).toBeNull();
    expect(value('x'.repeat(501), undefined)).toBeNull();
  });

  it('finds an order id inside a sentence, in full-width or with a hyphen', () => {
    expect(value('我的订单号是 kf-10001，谢谢', { type: 'orderId' })).toBe('KF10001');
    expect(value('ＫＦ１０００２', { type: 'orderId' })).toBe('KF10002');
    expect(value('20240501123', { type: 'orderId' })).toBe('20240501123');
    expect(value('不知道', { type: 'orderId' })).toBeNull();
    expect(value('KF12', { type: 'orderId' })).toBeNull();
  });

  it('normalizes numbers, emails and phone numbers', () => {
    expect(value('1,200', { type: 'number' })).toBe('1200');
    expect(value('１２.５0', { type: 'number' })).toBe('12.5');
    expect(value('twelve', { type: 'number' })).toBeNull();
    expect(value('Ming@Example.com', { type: 'email' })).toBe('ming@example.com');
    expect(value('ming@', { type: 'email' })).toBeNull();
    expect(value('138 0013-8000', { type: 'phone' })).toBe('13800138000');
    expect(value('+86 (10) 6552 9988', { type: 'phone' })).toBe('+861065529988');
    expect(value('12345', { type: 'phone' })).toBeNull();
  });

  it('accepts an option by name in any case or by its number', () => {
    const options = { options: ['质量问题', 'Wrong size', '其他'] };
    expect(value('wrong SIZE', options)).toBe('Wrong size');
    expect(value('1', options)).toBe('质量问题');
    expect(value('4', options)).toBeNull();
    expect(value('不喜欢', options)).toBeNull();
  });

  it('applies a pattern to the whole normalized answer', () => {
    expect(value('kf10001', { type: 'orderId', pattern: 'KF\\d{5}' })).toBe('KF10001');
    expect(value('KF100011', { pattern: 'KF\\d{5}' })).toBeNull();
  });
});
