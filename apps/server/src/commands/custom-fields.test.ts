import { describe, expect, it } from 'vitest';
import { checkAttribute, type FieldType } from './custom-fields.js';

const field = (type: FieldType, options: string[] = []) => ({ key: 'k', type, options });

describe('checkAttribute', () => {
  it('takes a number, or a numeric string stored as a number', () => {
    expect(checkAttribute(field('number'), 42)).toEqual({ ok: true, value: 42 });
    expect(checkAttribute(field('number'), ' 3.5 ')).toEqual({ ok: true, value: 3.5 });
    expect(checkAttribute(field('number'), 'abc')).toMatchObject({ ok: false, problem: 'attributes.k must be a number' });
    expect(checkAttribute(field('number'), '')).toMatchObject({ ok: false });
    expect(checkAttribute(field('number'), true)).toMatchObject({ ok: false });
  });

  it('takes only true or false for a boolean', () => {
    expect(checkAttribute(field('boolean'), false)).toEqual({ ok: true, value: false });
    expect(checkAttribute(field('boolean'), 'true')).toMatchObject({ ok: false });
  });

  it('takes real calendar dates and ISO instants with a zone', () => {
    expect(checkAttribute(field('date'), '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(checkAttribute(field('date'), '2024-05-01T08:30:00+08:00')).toMatchObject({ ok: true });
    expect(checkAttribute(field('date'), '2023-02-29')).toMatchObject({ ok: false });
    expect(checkAttribute(field('date'), '2024-05-01T08:30:00')).toMatchObject({ ok: false });
    expect(checkAttribute(field('date'), 'tomorrow')).toMatchObject({ ok: false });
  });

  it('takes one of the options for a list', () => {
    const plan = field('list', ['free', 'pro']);
    expect(checkAttribute(plan, 'pro')).toEqual({ ok: true, value: 'pro' });
    expect(checkAttribute(plan, 'gold')).toMatchObject({ ok: false, problem: 'attributes.k must be one of free, pro' });
  });

  it('takes a string for text', () => {
    expect(checkAttribute(field('text'), '你好')).toEqual({ ok: true, value: '你好' });
    expect(checkAttribute(field('text'), 7)).toMatchObject({ ok: false });
  });
});
