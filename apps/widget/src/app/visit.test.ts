import { describe, expect, it } from 'vitest';
import { MAX_TITLE_CHARS, MAX_URL_CHARS, visitReport } from './visit.js';

const page = (over: Partial<{ url: string; title: string; referrer: string }> = {}) => ({ url: 'https://shop.example/cart', title: 'Cart', referrer: '', ...over });

describe('visitReport', () => {
  it('reports an http(s) page with its title, referrer and language', () => {
    expect(visitReport(page({ title: '  Cart  ', referrer: 'https://www.google.com/' }), 'zh-CN')).toEqual({
      url: 'https://shop.example/cart',
      title: 'Cart',
      referrer: 'https://www.google.com/',
      language: 'zh-CN',
    });
  });

  it('reports nothing for a page that is not on http(s)', () => {
    expect(visitReport(page({ url: 'file:///home/ann/shop.html' }), 'en')).toBeNull();
    expect(visitReport(page({ url: 'about:blank' }), 'en')).toBeNull();
  });

  it('leaves out an empty title, a referrer that is not http(s), and a language that is not a tag', () => {
    expect(visitReport(page({ title: ' ', referrer: 'android-app://com.example/' }), 'not a tag')).toEqual({ url: 'https://shop.example/cart', title: null, referrer: null, language: null });
    expect(visitReport(page(), undefined)?.language).toBeNull();
  });

  it('shortens a long URL to its path and a long title to the limit', () => {
    const long = `https://shop.example/search?q=${'x'.repeat(MAX_URL_CHARS)}#top`;
    const report = visitReport(page({ url: long, referrer: long, title: '标'.repeat(MAX_TITLE_CHARS + 5) }), 'en');
    expect(report).toMatchObject({ url: 'https://shop.example/search', referrer: 'https://shop.example/search' });
    expect(report?.title).toHaveLength(MAX_TITLE_CHARS);
    expect(visitReport(page({ url: `https://shop.example/${'p'.repeat(MAX_URL_CHARS)}` }), 'en')).toBeNull();
  });
});
