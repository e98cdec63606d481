// The chat app: the launcher and the panel, kept in step with the session; the host page's
// commands; what the loader is told (open, unread) and the events the host page listens to.
import type { StoredItem } from '@kefu/client';
import type { WidgetApi, WidgetConfig } from './api.js';
import type { HostCommand, HostPage } from '../shared/bridge.js';
import type { Bridge } from './bridge.js';
import { h } from './dom.js';
import { trapFocus } from './focus-trap.js';
import type { Translate } from './i18n.js';
import { buildRows, currentAgent, currentConversation, type Row } from './rows.js';
import type { ChatSession } from './session.js';
import { offersLeaveMessage, type WidgetLook } from './settings.js';
import { chime, soundPreference } from './sound.js';
import { tabStorage } from './storage.js';
import { Composer } from './ui/composer.js';
import { csatPrompt } from './ui/csat-prompt.js';
import { Header } from './ui/header.js';
import { Launcher } from './ui/launcher.js';
import { MessageLog } from './ui/message-log.js';
import { offlineForm } from './ui/offline-form.js';
import { preChatForm } from './ui/prechat-form.js';
import { Uploader } from './uploader.js';
import { visitReport } from './visit.js';

type View = 'chat' | 'prechat' | 'offline';
const OPEN_KEY = 'kefu:open';

export interface AppDeps {
  api: WidgetApi;
  bridge: Bridge;
  session: ChatSession;
  t: Translate;
  config: WidgetConfig;
  look: WidgetLook;
}

export class WidgetApp {
  readonly root: HTMLElement;
  private open = false;
  private soundOn = soundPreference.get();
  private readonly launcher: Launcher;
  private readonly header: Header;
  private readonly notice = h('div', { class: 'kf-notice', role: 'status', hidden: true });
  private readonly bodySlot = h('div', { class: 'kf-main' });
  private readonly panel: HTMLElement;
  private readonly log: MessageLog;
  private readonly composer: Composer;
  private readonly uploader: Uploader;
  private view: View | null = null;
  private lastState = '';
  private scheduled = false;
  /** The host page, from the loader; and the last visit reported (token and page), not to repeat it. */
  private page: HostPage | null = null;
  private reported = '';

  constructor(private readonly d: AppDeps) {
    const { t, look, session } = d;
    this.launcher = new Launcher(t, () => this.setOpen(!this.open));
    this.header = new Header(t, { toggleSound: () => this.toggleSound(), close: () => this.setOpen(false) });
    const maxBytes = d.config.limits?.uploadMaxBytes;
    this.uploader = new Uploader(d.api, session, t, typeof maxBytes === 'number' ? maxBytes : null);
    this.log = new MessageLog(
      t,
      { reply: (text) => this.send(text), retry: (id) => session.client.retry(id), upload: (id) => this.uploader.get(id) },
      (conv) => csatPrompt(t, (rating, comment) => this.rate(conv, rating, comment)),
      { text: look.greeting ?? t('greeting'), name: look.name },
    );
    this.composer = new Composer(t, {
      send: (text) => this.send(text),
      typing: (on) => this.typing(on),
      attach: (files) => void this.uploader.sendFiles(files, this.composer.uploads),
    }, Uploader.ACCEPT);
    this.panel = h(
      'div',
      { class: 'kf-panel', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': this.header.titleId, hidden: true },
      this.header.el,
      this.notice,
      this.bodySlot,
      h('div', { class: 'kf-footer' }, t('poweredBy')),
    );
    trapFocus(this.panel, () => this.setOpen(false));
    this.root = h('div', { class: look.position === 'left' ? 'kf kf-left' : 'kf' }, this.panel, this.launcher.el);

    session.onChange(() => this.schedule());
    session.onMessage((item) => this.onMessage(item));
    session.onToken((token) => {
      if (token) this.reportVisit(token);
    });
    document.addEventListener('visibilitychange', () => this.schedule());
    if (!d.bridge.framed) this.root.classList.add('kf-mobile', 'kf-standalone');
    if (session.hasHistory()) session.start();
    this.setOpen(!d.bridge.framed || tabStorage.get(OPEN_KEY) === '1', false);
  }

  setMobile(mobile: boolean): void {
    this.root.classList.toggle('kf-mobile', mobile || !this.d.bridge.framed);
  }

  /**
   * The loader tells where the visitor is on the host page. It is reported for a visitor who has a
   * token (has talked to us before, or does now): a page view alone creates no visitor.
   */
  setPage(page: HostPage): void {
    this.page = page;
    const token = this.d.session.visitorToken;
    if (token) this.reportVisit(token);
  }

  private reportVisit(token: string): void {
    const report = this.page && visitReport(this.page, navigator.language);
    const key = JSON.stringify([token, report]);
    if (!report || key === this.reported) return;
    this.reported = key;
    this.d.api.visit(token, report).catch((error: unknown) => {
      // Tried again with the next page or the next welcome.
      if (this.reported === key) this.reported = '';
      console.warn('[kefu] could not record the page', error);
    });
  }

  command(name: HostCommand, args: unknown[]): void {
    const arg = args[0];
    switch (name) {
      case 'open':
        return this.setOpen(true);
      case 'close':
        return this.setOpen(false);
      case 'toggle':
        return this.setOpen(!this.open);
      case 'identify':
        if (isRecord(arg) && typeof arg.id === 'string' && arg.id !== '') {
          this.d.session.identify({ id: arg.id, ...pickStrings(arg, ['name', 'email', 'hash']) });
          this.d.session.start();
        }
        return;
      case 'setAttributes':
        if (isRecord(arg)) void this.setAttributes(arg);
        return;
      case 'reset':
        this.d.session.reset();
        this.view = null;
        return this.schedule();
      default:
        return assertNever(name);
    }
  }

  private async setAttributes(attributes: Record<string, unknown>): Promise<void> {
    const token = await this.d.session.token();
    await this.d.api.contact(token, { attributes }).catch((error: unknown) => console.warn('[kefu] setAttributes failed', error));
  }

  private setOpen(open: boolean, focus = true): void {
    if (!this.d.bridge.framed) open = true;
    const changed = open !== this.open;
    this.open = open;
    tabStorage.set(OPEN_KEY, open ? '1' : '0');
    this.root.classList.toggle('kf-open', open);
    this.panel.hidden = !open;
    if (open) this.d.session.start();
    this.render();
    if (!changed || !focus) return;
    if (open) (this.panel.querySelector<HTMLElement>('.kf-main input, .kf-main textarea, .kf-main select') ?? this.composer.input).focus();
    else this.launcher.el.focus();
  }

  private toggleSound(): void {
    this.soundOn = !this.soundOn;
    soundPreference.set(this.soundOn);
    this.render();
  }

  private send(text: string): void {
    this.d.session.start();
    this.d.session.client.send(text);
  }

  private typing(on: boolean): void {
    const conv = currentConversation(this.d.session.client, this.d.session.pendingConv);
    if (conv) this.d.session.client.typing(conv.id, on);
  }

  private async rate(conv: string, rating: number, comment: string): Promise<void> {
    const token = await this.d.session.token();
    await this.d.api.csat({ visitorToken: token, conversationId: conv, rating, ...(comment ? { comment } : {}) });
  }

  private onMessage(item: StoredItem): void {
    if (item.kind === 'event' || item.kind === 'hidden') return;
    this.d.bridge.post({ type: 'message', message: { conv: item.conv, seq: item.seq, text: item.text, from: { role: item.from.role, ...(item.from.name ? { name: item.from.name } : {}) }, at: item.at } });
    if (this.soundOn && (!this.open || document.hidden)) chime();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.render();
    });
  }

  private chooseView(rows: Row[]): View {
    if (rows.length > 0 || this.d.session.hasConversations()) return 'chat';
    if (offersLeaveMessage(this.d.config, this.d.look) && !this.d.session.flag('leftMessage')) return 'offline';
    if (this.d.look.preChat.enabled && !this.d.session.flag('prechat')) return 'prechat';
    return 'chat';
  }

  private showView(view: View): void {
    if (view === this.view) return;
    this.view = view;
    const { t } = this.d;
    if (view === 'chat') this.bodySlot.replaceChildren(this.log.el, this.composer.el);
    else if (view === 'prechat') this.bodySlot.replaceChildren(h('div', { class: 'kf-body' }, preChatForm(this.d.look.preChat.fields, t, (a) => this.submitPreChat(a))));
    else this.bodySlot.replaceChildren(h('div', { class: 'kf-body' }, offlineForm(t, (m) => this.leaveMessage(m))));
    if (this.open && view === 'chat') this.composer.focus();
  }

  private async submitPreChat(answers: { name?: string; email?: string; attributes: Record<string, string> }): Promise<void> {
    const token = await this.d.session.token();
    await this.d.api.contact(token, answers);
    this.d.session.setFlag('prechat', '1');
    this.render();
  }

  private async leaveMessage(m: { name: string; email: string; text: string }): Promise<void> {
    const existing = this.d.session.visitorToken;
    const result = await this.d.api.leaveMessage({ id: crypto.randomUUID?.() ?? String(Date.now()), ...m, ...(existing ? { visitorToken: existing } : {}) });
    this.d.session.setFlag('leftMessage', m.email);
    this.d.session.adoptToken(result.visitorToken);
    this.render();
  }

  private render(): void {
    const { session, t, look, config } = this.d;
    const client = session.client;
    const rows = buildRows(client, session.pendingConv, t);
    const left = this.d.session.flag('leftMessage');
    if (left && !rows.some((r) => r.type === 'message' && !r.mine)) rows.push({ type: 'event', key: 'left', text: t('leftMessage', { email: left }) });
    this.showView(this.chooseView(rows));

    const conv = currentConversation(client, session.pendingConv);
    const visible = this.open && document.visibilityState === 'visible' && this.view === 'chat';
    const convs = client.conversations();
    if (visible) for (const c of convs) if (c.unread > 0) client.read(c.id, c.heldSeq);
    const unread = visible ? 0 : convs.reduce((n, c) => n + c.unread, 0);

    const agent = currentAgent(client, session.pendingConv);
    const queue = conv?.queue;
    const eta = queue ? (queue.etaSec < 60 ? t('lessThanMinute') : t('minutes', { n: Math.ceil(queue.etaSec / 60) })) : '';
    const available = (config.open && config.agentsAvailable) || config.botAvailable === true || agent !== null;
    this.header.update({
      title: agent ?? look.name,
      subtitle: queue ? t('queue', { position: queue.position, eta }) : available ? t('online') : t('away'),
      available,
      soundOn: this.soundOn,
    });
    const offline = session.offline;
    this.notice.hidden = !offline;
    this.notice.textContent = offline ? t('reconnecting') : '';
    this.log.render(rows);
    const typing = conv?.typing.find((s) => s.role !== 'visitor');
    this.log.setTyping(typing ? (typing.name ?? t('someone')) : null);
    this.launcher.update(this.open, unread);

    const state = JSON.stringify([this.open, unread]);
    if (state !== this.lastState) {
      this.lastState = state;
      this.d.bridge.post({ type: 'state', open: this.open, unread, blinkText: t('newMessage', { count: unread }) });
    }
  }
}

/** A new host command without a case here fails to compile. */
function assertNever(value: never): void {
  console.warn('[kefu] unknown command', value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pickStrings(v: Record<string, unknown>, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (typeof v[k] === 'string' && v[k] !== '') out[k] = v[k];
  return out;
}
