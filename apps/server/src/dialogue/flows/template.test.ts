import { describe, expect, it } from 'vitest';
import { display, parseRef, placeholders, render, type Scope } from './template.js';

const scope: Scope = {
  slots: { orderId: 'KF10001', sneaky: '{{secrets.token}}' },
  vars: { order: { items: ['耳机', '充电器'], eta: null, total: 99.5, meta: { a: 1 } } },
  contact: { name: '王小明', email: null, attributes: { level: 'vip' } },
  env: { baseUrl: 'http://localhost:8080' },
  secrets: { token: 's3cret' },
};

describe('templates', () => {
  it('fills slots, vars (with paths), contact and env', () => {
    expect(render('{{ contact.name }}：{{slots.orderId}} {{vars.order.items.1}} {{contact.attributes.level}} {{env.baseUrl}}', scope)).toBe(
      '王小明：KF10001 充电器 vip http://localhost:8080',
    );
  });

  it('shows absent values as nothing, lists joined, numbers plainly and objects as JSON', () => {
    expect(render('[{{contact.email}}][{{vars.order.eta}}][{{vars.missing}}]', scope)).toBe('[][][]');
    expect(display(scope.vars.order)).toMatch(/^\{"items"/);
    expect(render('{{vars.order.items}} {{vars.order.total}} {{vars.order.meta}}', scope)).toBe('耳机, 充电器 99.5 {"a":1}');
  });

  it('never expands a placeholder that arrives inside a value', () => {
    expect(render('您输入的是 {{slots.sneaky}}', scope)).toBe('您输入的是 {{secrets.token}}');
  });

  it('escapes each value for where it goes', () => {
    expect(render('/find/{{slots.sneaky}}', scope, (t) => encodeURIComponent(t))).toBe('/find/%7B%7Bsecrets.token%7D%7D');
  });

  it('leaves HTML as text: the widget shows replies as text, so escaping it here would show "&lt;"', () => {
    expect(render('{{slots.x}}', { ...scope, slots: { x: '<b>hi</b>' } })).toBe('<b>hi</b>');
  });

  it('parses references and explains a bad one', () => {
    expect(parseRef('vars.order.items.0')).toEqual({ ns: 'vars', path: ['order', 'items', '0'] });
    expect(parseRef('slots.a.b')).toEqual({ error: '"slots.a.b" must be slots.<name>' });
    expect(parseRef('session.id')).toMatchObject({ error: expect.stringMatching(/unknown namespace/) });
    expect(placeholders('a {{slots.x}} {{ vars.y }} {{oops')).toEqual({ refs: ['slots.x', 'vars.y'], unclosed: true });
  });
});
