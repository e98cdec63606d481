// Where the visitor writes: Enter sends (never while an IME is composing), Shift+Enter is a new
// line; typing is signalled while the visitor types; the clip button picks a file.
import { h, icon } from '../dom.js';
import type { Translate } from '../i18n.js';

/** Typing stops being signalled after this long without a keystroke, in ms. */
const TYPING_IDLE_MS = 3_000;
const MAX_TEXT_CHARS = 8_000;

export interface ComposerActions {
  send: (text: string) => void;
  typing: (on: boolean) => void;
  attach: (files: File[]) => void;
}

export class Composer {
  readonly el: HTMLElement;
  readonly input: HTMLTextAreaElement;
  readonly uploads = h('div', { class: 'kf-uploads', 'aria-live': 'polite' });
  private readonly sendButton: HTMLButtonElement;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private typingOn = false;

  constructor(
    t: Translate,
    private readonly actions: ComposerActions,
    accept: string,
  ) {
    this.input = h('textarea', { rows: 1, placeholder: t('placeholder'), 'aria-label': t('placeholder'), maxlength: MAX_TEXT_CHARS, enterkeyhint: 'send' });
    this.input.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.input.addEventListener('input', () => this.onInput());
    const file = h('input', { type: 'file', multiple: true, accept, hidden: true, tabindex: '-1', 'aria-hidden': 'true' });
    file.addEventListener('change', () => {
      const files = Array.from(file.files ?? []);
      file.value = '';
      if (files.length) actions.attach(files);
    });
    const attach = h('button', { type: 'button', class: 'kf-attach', 'aria-label': t('attach'), title: t('attach'), onclick: () => file.click() }, icon('attach'));
    this.sendButton = h('button', { type: 'button', class: 'kf-send', 'aria-label': t('send'), title: t('send'), disabled: true, onclick: () => this.submit() }, icon('send'));
    this.el = h('div', {}, this.uploads, h('div', { class: 'kf-composer' }, this.input, file, attach, this.sendButton));
  }

  focus(): void {
    this.input.focus();
  }

  private onKeyDown(e: KeyboardEvent): void {
    // keyCode 229 is what Safari reports for the Enter that confirms an IME candidate.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    this.submit();
  }

  private onInput(): void {
    this.sendButton.disabled = this.input.value.trim() === '';
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
    if (this.input.value === '') return this.stopTyping();
    // Said on every keystroke: the client sends at most one `on` per 2 s, which keeps the
    // agent's indicator (it lapses after 6 s) alive through a long message.
    this.typingOn = true;
    this.actions.typing(true);
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    clearTimeout(this.typingTimer);
    if (!this.typingOn) return;
    this.typingOn = false;
    this.actions.typing(false);
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (text === '') return;
    this.stopTyping();
    this.input.value = '';
    this.onInput();
    this.actions.send(text);
  }
}
