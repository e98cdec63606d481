// The visitor's side of the protocol for the widget: one KefuClient, connected when first needed
// (a returning visitor at once), with the host page's identity and `reset`.
import { KefuClient, PENDING_CONV, type KeyValueStorage, type StoredItem } from '@kefu/client';
import type { VisitorIdentity } from '@kefu/protocol';
import { browserStorage, clearPrefix, memoryStorage } from './storage.js';

/** `prechat`: the pre-chat form was answered; `leftMessage`: the email of a message left offline. */
export type WidgetFlag = 'prechat' | 'leftMessage';

export interface SessionOptions {
  widgetKey: string;
  /** `ws(s)://host/ws` of the server that served the frame. */
  wsUrl: string;
}

export class ChatSession {
  readonly storagePrefix: string;
  private storage: KeyValueStorage;
  /** The browser lets the frame keep data; else the loader keeps the visitor token for us. */
  readonly persistent: boolean;
  private tokenListeners = new Set<(token: string | null) => void>();
  private user: VisitorIdentity | undefined;
  /** A token the REST API gave (leave-a-message) before any hello; the client keeps it after welcome. */
  private seedToken: string | undefined;
  private listeners = new Set<() => void>();
  private messageListeners = new Set<(item: StoredItem) => void>();
  private tokenWaiters: Array<(token: string) => void> = [];
  private offClient: Array<() => void> = [];
  /** Stopped because the browser went offline; started again when it is back. */
  private suspended = false;
  client!: KefuClient;

  constructor(private readonly options: SessionOptions) {
    // One prefix per widget key: two inboxes embedded on one site keep separate visitors.
    this.storagePrefix = `kefu:${options.widgetKey}`;
    ({ storage: this.storage, persistent: this.persistent } = browserStorage());
    this.createClient();
    // A socket can outlive the network by the whole ping deadline (40 s) and swallow what is sent
    // meanwhile; when the browser says it is offline, close at once and keep sends in the outbox.
    window.addEventListener('offline', () => {
      if (this.client.status === 'idle') return;
      this.suspended = true;
      this.client.stop();
      this.changed();
    });
    window.addEventListener('online', () => {
      if (!this.suspended) return;
      this.suspended = false;
      this.client.start();
    });
  }

  /** The browser is offline, or the connection is down and being retried. */
  get offline(): boolean {
    return this.suspended || this.client.status === 'waiting';
  }

  /** The visitor token from the last welcome (kept by the client), if this browser has one. */
  get visitorToken(): string | null {
    return this.storage.getItem(`${this.storagePrefix}:visitorToken`);
  }

  get pendingConv(): string {
    return PENDING_CONV;
  }

  /** Connects (once); a new visitor is created by the server on the first hello. */
  start(): void {
    if (!this.suspended) this.client.start();
  }

  /** Connects if needed and resolves with the visitor token once welcomed. */
  async token(): Promise<string> {
    this.start();
    const known = this.client.status === 'open' ? this.visitorToken : null;
    if (known) return known;
    return new Promise((resolve) => this.tokenWaiters.push(resolve));
  }

  /** The host page says who the visitor is; a change reconnects so the server sees the new hello. */
  identify(user: VisitorIdentity): void {
    const same = JSON.stringify(user) === JSON.stringify(this.user);
    this.user = user;
    if (same || this.client.status === 'idle') return;
    this.client.stop();
    this.client.start();
  }

  /**
   * Takes a visitor token from elsewhere (a REST answer, or the loader's copy) when this browser
   * has none, and connects as that visitor.
   */
  adoptToken(token: string): void {
    if (this.visitorToken) return;
    this.seedToken = token;
    this.start();
  }

  /** Told each new visitor token, and null on reset: for the loader's copy when storage is memory. */
  onToken(fn: (token: string | null) => void): void {
    this.tokenListeners.add(fn);
  }

  /** Forgets this visitor: a new, anonymous one starts with the next message. */
  reset(): void {
    this.client.stop();
    for (const off of this.offClient) off();
    clearPrefix(this.storage, this.storagePrefix);
    if (!this.persistent) this.storage = memoryStorage();
    for (const fn of this.tokenListeners) fn(null);
    this.user = undefined;
    this.seedToken = undefined;
    this.createClient();
    this.changed();
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Someone else wrote: an agent, the bot, the system. */
  onMessage(fn: (item: StoredItem) => void): () => void {
    this.messageListeners.add(fn);
    return () => this.messageListeners.delete(fn);
  }

  /** The widget's own facts about this visitor, kept beside the client's (and cleared by reset). */
  flag(name: WidgetFlag): string | null {
    return this.storage.getItem(`${this.storagePrefix}:widget:${name}`);
  }

  setFlag(name: WidgetFlag, value: string): void {
    this.storage.setItem(`${this.storagePrefix}:widget:${name}`, value);
  }

  /**
   * The visitor has a conversation (or a message on its way): the widget shows the chat rather
   * than a form. A token from the loader counts until the welcome tells what it holds.
   */
  hasConversations(): boolean {
    if (this.client.conversations().length > 0 || this.client.timeline(PENDING_CONV).length > 0) return true;
    return this.seedToken !== undefined && this.client.status !== 'open';
  }

  /** True when this browser has talked to us before: connect at once to show unread messages. */
  hasHistory(): boolean {
    return this.visitorToken !== null || this.seedToken !== undefined || this.client.timeline(PENDING_CONV).length > 0;
  }

  private createClient(): void {
    this.client = new KefuClient({
      url: this.options.wsUrl,
      storage: this.storage,
      storageKey: this.storagePrefix,
      hello: () => ({
        role: 'visitor',
        widgetKey: this.options.widgetKey,
        ...(this.user ? { user: this.user } : {}),
        ...(this.seedToken && !this.visitorToken ? { visitorToken: this.seedToken } : {}),
      }),
    });
    this.offClient = [
      this.client.on('change', () => this.changed()),
      this.client.on('status', () => this.changed()),
      this.client.on('message', (item) => {
        for (const fn of this.messageListeners) fn(item);
      }),
      this.client.on('welcome', (w) => {
        const token = w.visitorToken ?? this.visitorToken;
        if (!token) return;
        for (const fn of this.tokenListeners) fn(token);
        for (const resolve of this.tokenWaiters.splice(0)) resolve(token);
      }),
    ];
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}
