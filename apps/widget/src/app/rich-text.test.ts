import { describe, expect, it } from 'vitest';
import { safeHref, segments } from './rich-text.js';

describe('segments', () => {
  it('keeps markup as text', () => {
    expect(segments('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)>' }]);
  });

  it('turns a markdown link into a link with its label as text', () => {
    expect(segments('see [the docs](https://example.com/a?b=1) now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'the docs', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ' now' },
    ]);
  });

  it('leaves a markdown link to another scheme as text', () => {
    expect(segments('[click](javascript:alert(1))')).toEqual([{ kind: 'text', text: '[click](javascript:alert(1))' }]);
  });

  it('links bare http(s) URLs without trailing punctuation', () => {
    expect(segments('Go to https://example.com/x. Or (http://a.io/b).')).toEqual([
      { kind: 'text', text: 'Go to ' },
      { kind: 'link', text: 'https://example.com/x', href: 'https://example.com/x' },
      { kind: 'text', text: '. Or (' },
      { kind: 'link', text: 'http://a.io/b', href: 'http://a.io/b' },
      { kind: 'text', text: ').' },
    ]);
  });

  it('ends a URL where Chinese text begins', () => {
    expect(segments('请访问https://kefu.example/help查看')).toEqual([
      { kind: 'text', text: '请访问' },
      { kind: 'link', text: 'https://kefu.example/help', href: 'https://kefu.example/help' },
      { kind: 'text', text: '查看' },
    ]);
  });

  it('does not link other schemes', () => {
    expect(segments('javascript:alert(1) data:text/html,x')).toEqual([{ kind: 'text', text: 'javascript:alert(1) data:text/html,x' }]);
  });
});

describe('safeHref', () => {
  it('accepts http and https only', () => {
    expect(safeHref('https://a.b/c')).toBe('https://a.b/c');
    expect(safeHref('HTTP://A.B')).toBe('http://a.b/');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});
