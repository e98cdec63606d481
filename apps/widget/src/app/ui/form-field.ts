// A labelled form field with its error line, as the pre-chat and leave-a-message forms use them.
import type { PreChatField } from '../api.js';
import { h } from '../dom.js';
import type { Translate } from '../i18n.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
let nextId = 0;

export class FormField {
  readonly el: HTMLLabelElement;
  readonly input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  private readonly error: HTMLSpanElement;

  constructor(
    readonly def: PreChatField,
    private readonly t: Translate,
  ) {
    const id = `kf-f${++nextId}`;
    this.error = h('span', { class: 'kf-error', id: `${id}-error`, 'aria-live': 'polite' });
    const common = { id, name: def.key, required: def.required === true, 'aria-describedby': `${id}-error` };
    if (def.type === 'textarea') this.input = h('textarea', { ...common, maxlength: 8000 });
    else if (def.type === 'select') {
      this.input = h('select', common, h('option', { value: '' }, t('selectOne')), ...(def.options ?? []).map((o) => h('option', { value: o }, o)));
    } else {
      const autocomplete = def.key === 'name' ? 'name' : def.key === 'email' ? 'email' : def.type === 'tel' ? 'tel' : 'off';
      this.input = h('input', { ...common, type: def.type, autocomplete, maxlength: 320 });
    }
    this.el = h('label', { class: 'kf-field', for: id }, h('span', {}, def.label, def.required ? h('span', { 'aria-hidden': 'true' }, ' *') : null), this.input, this.error);
  }

  get value(): string {
    return this.input.value.trim();
  }

  /** Shows what is wrong, if anything; true when the value may be sent. */
  check(): boolean {
    let message = '';
    if (this.def.required && this.value === '') message = this.t('fieldRequired', { label: this.def.label });
    else if (this.def.type === 'email' && this.value !== '' && !EMAIL.test(this.value)) message = this.t('invalidEmail');
    this.error.textContent = message;
    this.input.setAttribute('aria-invalid', String(message !== ''));
    return message === '';
  }
}

/** Checks every field, focuses the first wrong one; true when all may be sent. */
export function checkAll(fields: FormField[]): boolean {
  const wrong = fields.filter((f) => !f.check());
  wrong[0]?.input.focus();
  return wrong.length === 0;
}
