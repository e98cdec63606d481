// Leave a message: when the inbox is closed or nobody is available, the visitor writes name,
// email and message; the server queues it and emails the team.
import { h } from '../dom.js';
import type { Translate } from '../i18n.js';
import { checkAll, FormField } from './form-field.js';

export interface LeftMessage {
  name: string;
  email: string;
  text: string;
}

export function offlineForm(t: Translate, submit: (message: LeftMessage) => Promise<void>): HTMLFormElement {
  const name = new FormField({ key: 'name', label: t('name'), type: 'text', required: true }, t);
  const email = new FormField({ key: 'email', label: t('email'), type: 'email', required: true }, t);
  const text = new FormField({ key: 'text', label: t('message'), type: 'textarea', required: true }, t);
  const fields = [name, email, text];
  const error = h('p', { class: 'kf-error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'kf-primary' }, t('sendMessage'));
  const form = h('form', { class: 'kf-form', novalidate: true, 'aria-labelledby': 'kf-offline-title' }, h('h2', { id: 'kf-offline-title' }, t('offlineTitle')), h('p', {}, t('offlineIntro')), ...fields.map((f) => f.el), error, button);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!checkAll(fields)) return;
    button.disabled = true;
    error.textContent = '';
    submit({ name: name.value, email: email.value, text: text.value }).catch(() => {
      error.textContent = t('errorGeneric');
      button.disabled = false;
    });
  });
  return form;
}
