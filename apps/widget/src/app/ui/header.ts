// The panel's header: who the visitor talks to, their availability or queue place, sound and close.
import { h, icon } from '../dom.js';
import type { Translate } from '../i18n.js';
import { avatar } from './avatar.js';

export interface HeaderState {
  title: string;
  subtitle: string;
  available: boolean;
  soundOn: boolean;
}

export class Header {
  readonly el: HTMLElement;
  readonly titleId = 'kf-title';
  private readonly avatarSlot = h('span');
  private readonly title = h('h1', { class: 'kf-title', id: this.titleId });
  private readonly dot = h('span', { class: 'kf-dot', 'aria-hidden': 'true' });
  private readonly subtitleText = h('span');
  private readonly sound: HTMLButtonElement;
  private last = '';

  constructor(
    private readonly t: Translate,
    actions: { toggleSound: () => void; close: () => void },
  ) {
    this.sound = h('button', { type: 'button', class: 'kf-sound', 'aria-pressed': 'true', onclick: actions.toggleSound });
    const close = h('button', { type: 'button', class: 'kf-close', 'aria-label': t('minimize'), title: t('minimize'), onclick: actions.close }, icon('close'));
    this.el = h(
      'header',
      { class: 'kf-header' },
      this.avatarSlot,
      h('div', { class: 'kf-header-text' }, this.title, h('p', { class: 'kf-subtitle' }, this.dot, this.subtitleText)),
      this.sound,
      close,
    );
  }

  update(s: HeaderState): void {
    const key = JSON.stringify(s);
    if (key === this.last) return;
    this.last = key;
    this.avatarSlot.replaceChildren(avatar(s.title));
    this.title.textContent = s.title;
    this.subtitleText.textContent = s.subtitle;
    this.dot.className = s.available ? 'kf-dot' : 'kf-dot kf-away';
    // A toggle keeps one name; its state is aria-pressed (the tooltip says it in words).
    this.sound.setAttribute('aria-pressed', String(s.soundOn));
    this.sound.setAttribute('aria-label', this.t('sound'));
    this.sound.title = s.soundOn ? this.t('soundOn') : this.t('soundOff');
    this.sound.replaceChildren(icon(s.soundOn ? 'soundOn' : 'soundOff'));
  }
}
