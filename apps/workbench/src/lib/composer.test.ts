import { describe, expect, it } from 'vitest';
import { fillVariables, slashQuery } from './canned.js';
import { composerKeyAction, type KeyInfo } from './composer-keys.js';
import { insertAt } from './emoji.js';
import { shortDuration } from './format.js';
import { translator } from './i18n.js';

const key = (over: Partial<KeyInfo>): KeyInfo => ({ key: 'Enter', shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, isComposing: false, keyCode: 13, ...over });

describe('composer keys', () => {
  it('sends on Enter, breaks the line on Shift+Enter', () => {
    expect(composerKeyAction(key({}), false)).toBe('send');
    expect(composerKeyAction(key({ shiftKey: true }), false)).toBe('newline');
    expect(composerKeyAction(key({ key: 'a' }), false)).toBe('none');
  });

  it('never sends on the Enter that confirms an IME composition', () => {
    expect(composerKeyAction(key({ isComposing: true }), false)).toBe('none');
    expect(composerKeyAction(key({ keyCode: 229 }), false)).toBe('none');
    expect(composerKeyAction(key({}), true)).toBe('none');
  });
});

describe('canned responses', () => {
  it('opens the picker only for a leading slash shortcut', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/gre')).toBe('gre');
    expect(slashQuery('hello /gre')).toBeNull();
    expect(slashQuery('/gre more')).toBeNull();
  });

  it('fills known variables, leaves unknown ones as written', () => {
    const vars = { contact: { name: 'Ann Lee', email: null }, agent: { name: 'Bo' } };
    expect(fillVariables('Hi {{contact.first_name}}, {{agent.name}} here. {{contact.email}}|{{x.y}}', vars)).toBe('Hi Ann, Bo here. |{{x.y}}');
  });
});

describe('small helpers', () => {
  it('inserts at the caret', () => {
    expect(insertAt('helo', 2, 2, 'l')).toEqual({ value: 'hello', caret: 3 });
    expect(insertAt('abc', 0, 3, '👍')).toEqual({ value: '👍', caret: 2 });
  });

  it('writes short durations', () => {
    const t = translator('en');
    expect(shortDuration(30_000, t)).toBe('now');
    expect(shortDuration(5 * 60_000, t)).toBe('5m');
    expect(shortDuration(3 * 3_600_000, t)).toBe('3h');
    expect(shortDuration(50 * 3_600_000, t)).toBe('2d');
  });
});
