import { describe, expect, it } from 'vitest';
import { pickLocale, translator } from './i18n.js';

describe('pickLocale', () => {
  it('follows the inbox setting, then the browser languages, then English', () => {
    expect(pickLocale('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLocale('en', ['zh-CN'])).toBe('en');
    expect(pickLocale(undefined, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale('auto', ['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLocale(null, ['fr-FR'])).toBe('en');
  });
});

describe('translator', () => {
  it('fills variables and leaves unknown ones visible', () => {
    expect(translator('en')('typing', { name: 'Alice' })).toBe('Alice is typing…');
    expect(translator('zh-CN')('typing', { name: '小王' })).toBe('小王正在输入…');
    expect(translator('en')('typing')).toBe('{name} is typing…');
  });
});
