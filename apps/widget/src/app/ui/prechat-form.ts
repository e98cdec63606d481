// The pre-chat form of the inbox (`settings.preChat`): its answers go to the visitor's contact,
// `name` and `email` as such, the other fields as attributes that routing rules may read.
import type { PreChatField } from '../api.js';
import { h } from '../dom.js';
import type { Translate } from '../i18n.js';
import { checkAll, FormField } from './form-field.js';

export interface PreChatAnswers {
  name?: string;
  email?: string;
  attributes: Record<string, string>;
}

export function answersOf(fields: Array<{ key: string; value: string }>): PreChatAnswers {
  const answers: PreChatAnswers = { attributes: {} };
  for (const { key, value } of fields) {
    if (value === '') continue;
    if (key === 'name' || key === 'email') answers[key] = value;
    else answers.attributes[key] = value;
  }
  return answers;
}

export function preChatForm(defs: PreChatField[], t: Translate, submit: (answers: PreChatAnswers) => Promise<void>): HTMLFormElement {
  const fields = defs.map((d) => new FormField(d, t));
  const error = h('p', { class: 'kf-error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'kf-primary' }, t('startChat'));
  const form = h('form', { class: 'kf-form', novalidate: true, 'aria-labelledby': 'kf-prechat-title' }, h('h2', { id: 'kf-prechat-title' }, t('prechatTitle')), h('p', {}, t('prechatIntro')), ...fields.map((f) => f.el), error, button);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!checkAll(fields)) return;
    button.disabled = true;
    error.textContent = '';
    submit(answersOf(fields.map((f) => ({ key: f.def.key, value: f.value })))).catch(() => {
      error.textContent = t('errorGeneric');
      button.disabled = false;
    });
  });
  return form;
}
