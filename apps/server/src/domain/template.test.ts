import { describe, expect, it } from 'vitest';
import { asConversationId } from './ids.js';
import { leadingShortcut, renderTemplate, templateLookup, type TemplateSubjects } from './template.js';

const subjects = (over: Partial<TemplateSubjects['contact']> = {}): TemplateSubjects => ({
  contact: { name: '王小明', email: 'xm@example.com', attributes: { plan: 'pro', seats: 12, vip: true, tags: ['a', 'b'] }, ...over },
  agent: { name: 'Lina' },
  conversation: { id: asConversationId('conv-1') },
});
const render = (text: string, s: TemplateSubjects = subjects()) => renderTemplate(text, templateLookup(s));

describe('renderTemplate', () => {
  it('fills contact, agent and conversation variables', () => {
    expect(render('您好 {{contact.name}}，我是 {{agent.name}}。({{conversation.id}}, {{contact.email}})')).toBe(
      '您好 王小明，我是 Lina。(conv-1, xm@example.com)',
    );
  });

  it('reads contact attributes by key, as text', () => {
    expect(render('{{contact.attributes.plan}} / {{contact.attributes.seats}} / {{contact.attributes.vip}} / {{contact.attributes.tags}}')).toBe(
      'pro / 12 / true / a, b',
    );
  });

  it('allows spaces inside the braces', () => {
    expect(render('Hi {{  contact.name  }}!')).toBe('Hi 王小明!');
  });

  it('uses the default when the value is missing or empty', () => {
    expect(render('您好 {{contact.name | 顾客}}', subjects({ name: null }))).toBe('您好 顾客');
    expect(render('您好 {{contact.name | 顾客}}', subjects({ name: '' }))).toBe('您好 顾客');
    expect(render('您好 {{contact.name | 顾客}}')).toBe('您好 王小明');
  });

  it('renders unknown variables and missing attributes as empty', () => {
    expect(render('[{{contact.phone}}][{{contact.attributes.nope}}][{{order.total}}]')).toBe('[][][]');
  });

  it('does not reach inherited properties through attributes', () => {
    expect(render('[{{contact.attributes.constructor}}][{{contact.attributes.__proto__}}]')).toBe('[][]');
  });

  it('inserts values as plain text, never as templates again', () => {
    const sneaky = subjects({ name: '{{agent.name}}', attributes: { note: '{{conversation.id}}' } });
    expect(render('{{contact.name}} {{contact.attributes.note}}', sneaky)).toBe('{{agent.name}} {{conversation.id}}');
  });

  it('keeps dollar signs in values literally', () => {
    expect(render('{{contact.name}}', subjects({ name: "$& $' $1" }))).toBe("$& $' $1");
  });

  it('leaves text that is not a variable as written', () => {
    expect(render('{{ two words }} {single} {{contact.name')).toBe('{{ two words }} {single} {{contact.name');
  });
});

describe('leadingShortcut', () => {
  it('finds a shortcut at the start and keeps what follows', () => {
    expect(leadingShortcut('/refund-policy see above')).toEqual({ shortcut: 'refund-policy', rest: ' see above' });
    expect(leadingShortcut('/thanks')).toEqual({ shortcut: 'thanks', rest: '' });
  });

  it('finds none elsewhere or in a path', () => {
    expect(leadingShortcut('please /thanks')).toBeNull();
    expect(leadingShortcut('/a/b')).toBeNull();
    expect(leadingShortcut('/')).toBeNull();
    expect(leadingShortcut('/退款')).toBeNull();
  });
});
