import { describe, expect, it } from 'vitest';
import { initials } from './avatar.js';

describe('initials', () => {
  it('takes first letters of Latin names and the given name of Chinese ones', () => {
    expect(initials('Alice Wang')).toBe('AW');
    expect(initials('bo')).toBe('BO');
    expect(initials('王小明')).toBe('小明');
    expect(initials('  ')).toBe('?');
  });
});
