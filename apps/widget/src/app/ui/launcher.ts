// The round button that opens and closes the chat, with the unread count.
import { h, icon } from '../dom.js';
import type { Translate } from '../i18n.js';

export class Launcher {
  readonly el: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly label: HTMLSpanElement;
  private readonly openIcon = icon('chat', 'kf-icon kf-chat-icon');
  private readonly closeIcon = icon('down');

  constructor(
    private readonly t: Translate,
    onClick: () => void,
  ) {
    this.badge = h('span', { class: 'kf-badge', 'aria-hidden': 'true', hidden: true });
    this.label = h('span', { class: 'kf-sr' });
    this.el = h('button', { type: 'button', class: 'kf-launcher', 'aria-expanded': 'false', onclick: onClick }, this.openIcon, this.label, this.badge);
    this.update(false, 0);
  }

  update(open: boolean, unread: number): void {
    this.el.setAttribute('aria-expanded', String(open));
    this.el.replaceChildren(open ? this.closeIcon : this.openIcon, this.label, this.badge);
    const label = open ? this.t('closeChat') : this.t('openChat');
    this.label.textContent = unread > 0 && !open ? `${label}, ${this.t('unreadLabel', { count: unread })}` : label;
    this.badge.textContent = unread > 99 ? '99+' : String(unread);
    this.badge.hidden = open || unread === 0;
  }
}
