import { describe, expect, it } from 'vitest';
import { translator } from '../lib/i18n.js';
import { duration } from '../dashboard/dashboard.js';
import { minutesToMs, msToMinutes } from './admin-kit.js';
import { embedSnippet } from './embed-snippet.js';
import { suggestId } from './kb-entry-form.js';
import { hashOfPage, pageOfHash } from './route.js';

describe('admin pages, the pure parts', () => {
  it('writes the one-tag embed snippet for this server and the inbox’s key', () => {
    expect(embedSnippet('https://kefu.example.com', 'wk_AbC123')).toBe('<script src="https://kefu.example.com/widget.js" data-key="wk_AbC123" async></script>');
    expect(embedSnippet('http://x', 'a"><img')).toBe('<script src="http://x/widget.js" data-key="a&quot;>&lt;img" async></script>');
  });

  it('reads the admin page from the address, and back', () => {
    expect(pageOfHash('#/dashboard')).toBe('dashboard');
    expect(pageOfHash('#/admin/kb')).toBe('kb');
    expect(pageOfHash('#/admin/nope')).toBeNull();
    expect(pageOfHash('#/c/abc')).toBeNull();
    expect(pageOfHash('')).toBeNull();
    for (const page of ['dashboard', 'agents', 'teams', 'inboxes', 'replies', 'kb', 'bot'] as const) expect(pageOfHash(hashOfPage(page))).toBe(page);
  });

  it('edits durations in minutes, empty meaning off', () => {
    expect(msToMinutes(null)).toBe('');
    expect(msToMinutes(900_000)).toBe('15');
    expect(minutesToMs(' 15 ')).toBe(900_000);
    expect(minutesToMs('')).toBeNull();
    expect(minutesToMs('-3')).toBeNull();
    expect(minutesToMs('abc')).toBeNull();
  });

  it('suggests a readable id from an English question, and a made-up one otherwise', () => {
    expect(suggestId('Do you ship to Canada?')).toBe('do-you-ship-to-canada');
    expect(suggestId('怎么退货')).toMatch(/^entry-[a-z0-9]+$/);
  });

  it('shows dashboard durations in seconds, minutes or hours', () => {
    const t = translator('en');
    expect(duration(null, t)).toBe('—');
    expect(duration(42_400, t)).toBe('42 s');
    expect(duration(150_000, t)).toBe('2.5 min');
    expect(duration(5_400_000, t)).toBe('1.5 h');
    expect(duration(90_000, translator('zh-CN'))).toBe('1.5 分钟');
  });
});
