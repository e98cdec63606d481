// The scrolling message log (role=log, aria-live): rows are kept by key and only the changed
// ones are rebuilt, so screen readers announce additions, not the whole history.
import { h } from '../dom.js';
import type { Translate } from '../i18n.js';
import { richText } from '../rich-text.js';
import type { Row } from '../rows.js';
import { avatar } from './avatar.js';
import { rowSignature, rowView, type RowActions } from './message-view.js';

/** Within this many px of the bottom, the log follows new rows. */
const STICKY_PX = 80;

export class MessageLog {
  readonly el: HTMLElement;
  private readonly log: HTMLElement;
  private readonly typing = h('div', { class: 'kf-typing', 'aria-live': 'polite' });
  private readonly greeting: HTMLElement;
  private readonly rendered = new Map<string, { signature: string; el: HTMLElement }>();
  private typingText = '';

  constructor(
    private readonly t: Translate,
    private readonly actions: RowActions,
    private readonly csat: (conv: string) => HTMLElement,
    greeting: { text: string; name: string },
  ) {
    this.greeting = h('div', { class: 'kf-row kf-first kf-greeting' }, avatar(greeting.name, true), h('div', { class: 'kf-stack' }, h('div', { class: 'kf-bubble' }, richText(greeting.text))));
    this.log = h('div', { class: 'kf-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': t('messageLog') }, this.greeting);
    this.el = h('div', { class: 'kf-body', tabindex: '-1' }, this.log, this.typing);
  }

  render(rows: Row[]): void {
    const follow = this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < STICKY_PX;
    const wanted: HTMLElement[] = [this.greeting];
    const keys = new Set<string>();
    let newMine = false;
    for (const row of rows) {
      keys.add(row.key);
      const signature = rowSignature(row);
      let entry = this.rendered.get(row.key);
      if (!entry || entry.signature !== signature) {
        if (!entry && row.type === 'message' && row.mine) newMine = true;
        entry = { signature, el: rowView(row, this.t, this.actions, this.csat) };
        this.rendered.set(row.key, entry);
      }
      wanted.push(entry.el);
    }
    for (const key of [...this.rendered.keys()]) if (!keys.has(key)) this.rendered.delete(key);
    this.place(wanted);
    if (follow || newMine) this.scrollToEnd();
  }

  /** `name` is typing, or nobody when null. */
  setTyping(name: string | null): void {
    const text = name ? this.t('typing', { name }) : '';
    if (text === this.typingText) return;
    this.typingText = text;
    this.typing.replaceChildren(...(name ? [h('span', { class: 'kf-dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')), h('span', {}, text)] : []));
    if (name) this.scrollToEnd();
  }

  scrollToEnd(): void {
    this.el.scrollTop = this.el.scrollHeight;
  }

  /** Puts the wanted elements in order, moving only those out of place. */
  private place(wanted: HTMLElement[]): void {
    let cursor = this.log.firstChild;
    for (const el of wanted) {
      if (cursor === el) {
        cursor = cursor.nextSibling;
        continue;
      }
      this.log.insertBefore(el, cursor);
    }
    while (cursor) {
      const next = cursor.nextSibling;
      this.log.removeChild(cursor);
      cursor = next;
    }
  }
}
