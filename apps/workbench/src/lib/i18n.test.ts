import { describe, expect, it } from 'vitest';
import { DICTIONARIES, detectLang, LANGS, translator } from './i18n.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('has every key in both languages, none empty, with the same placeholders', () => {
    const keys = Object.keys(DICTIONARIES.en).sort();
    for (const lang of LANGS) {
      const dict = DICTIONARIES[lang] as Record<string, string>;
      expect(Object.keys(dict).sort()).toEqual(keys);
      for (const key of keys) {
        expect(dict[key]!.trim(), `${lang}.${key}`).not.toBe('');
        expect(placeholders(dict[key]!), `${lang}.${key}`).toEqual(placeholders((DICTIONARIES.en as Record<string, string>)[key]!));
      }
    }
  });

  it('picks Chinese for any zh browser language, else English', () => {
    expect(detectLang(['zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLang(['en-GB', 'zh-CN'])).toBe('en');
    expect(detectLang(['fr-FR'])).toBe('en');
    expect(detectLang([])).toBe('en');
  });

  it('fills placeholders and leaves unknown ones alone', () => {
    const t = translator('en');
    expect(t('typing', { name: 'Ann' })).toBe('Ann is typing…');
    expect(t('typing')).toBe('{name} is typing…');
    expect(translator('zh-CN')('unread', { count: 3 })).toBe('3 条未读');
  });
});
