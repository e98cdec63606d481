// KefuClient: the protocol as the widget and workbench need it, with reconnects, resume and an outbox.
import {
  CloseCode,
  type ClientFrame,
  type HiddenMsgFrame,
  type MsgFrame,
  type SentFrame,
  type ServerFrame,
  type SyncedFrame,
  type WelcomeFrame,
} from '@kefu/protocol';
import { Backoff } from './backoff.js';
import { decideAfterClose } from './close-policy.js';
import { Connection } from './connection.js';
import { statusAfterEvent, type HeldConversation } from './conversation.js';
import { Emitter } from './emitter.js';
import { Held } from './held.js';
import { planHello } from './hello.js';
import { hostWebSocket, listenHost } from './host.js';
import { Outbox } from './outbox.js';
import { SendQueue } from './send-queue.js';
import { ClientStore, MemoryStorage, type HeldEntry, type OutboxRecord } from './storage.js';
import type { PendingSync, SyncTracker } from './sync-tracker.js';
import { TypingThrottle } from './typing-throttle.js';
import type { ClientEvents, ClientStatus, ConversationState, KefuClientOptions, SendOptions, TimelineItem } from './types.js';
import { conversationStates, isMine, latestUnresolved, PENDING_CONV, pendingItem, storedItem } from './views.js';

export const DEFAULT_PING_MS = 20_000;
/** Entries asked for per `sync` page; the server allows up to 1000. */
const SYNC_PAGE = 500;
/** An indicator of someone typing lapses after this long without a refresh, in ms. */
const TYPING_TTL_MS = 6_000;

/** What belongs to one connection and is forgotten with it. */
interface Session {
  role: 'visitor' | 'agent';
  welcomed: boolean;
  syncs: SyncTracker;
  acked: Map<string, number>;
}

export class KefuClient {
  private readonly store: ClientStore;
  private readonly held: Held;
  private readonly queue: SendQueue;
  private readonly emitter = new Emitter<ClientEvents>((error) => queueMicrotask(() => { throw error; }));
  private readonly backoff: Backoff;
  private readonly pingMs: number;
  private readonly now: () => number;
  private currentStatus: ClientStatus = 'idle';
  private conn: Connection | null = null;
  private session: Session | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private serverDelayMs: number | undefined;
  private lastRetryAfterMs: number | undefined;
  private authRetried = false;
  /** Conversations asked for by the app (agents): resumed on every connect even when empty. */
  private readonly wanted = new Set<string>();
  /** Conversations being filled from nothing: their history is not news, so no 'message'. */
  private readonly quiet = new Set<string>();
  private readonly pendingReads = new Set<string>();
  private readonly typingThrottle: TypingThrottle;
  /**
   * Sends with attachments the server stored, by `conv:seq`, shown as `sending` until their entry
   * arrives: only the server's entry has the files' kind and links.
   */
  private readonly landing = new Map<string, OutboxRecord>();
  private readonly changed = new Set<string>();
  private flushQueued = false;
  private unlisten: Array<() => void> = [];

  constructor(private readonly options: KefuClientOptions) {
    this.store = new ClientStore(options.storage ?? new MemoryStorage(), options.storageKey ?? 'kefu');
    this.backoff = new Backoff(options.backoff);
    this.pingMs = options.pingMs ?? DEFAULT_PING_MS;
    this.now = options.now ?? Date.now;
    this.typingThrottle = new TypingThrottle(this.now);
    // A visitor's new conversation waits in the queue until someone takes it.
    this.held = new Held(this.store, () => (this.role() === 'visitor' ? 'queued' : 'open'), (conv) => this.touch(conv));
    this.queue = new SendQueue(new Outbox(this.store), (frame) => this.frame(frame), this.backoff);
  }

  get status(): ClientStatus {
    return this.currentStatus;
  }
  get visitorId(): string | undefined {
    return this.held.identity?.role === 'visitor' ? this.held.identity.id : undefined;
  }
  get agentId(): string | undefined {
    return this.held.identity?.role === 'agent' ? this.held.identity.id : undefined;
  }
  get epoch(): string | undefined {
    return this.held.epoch;
  }

  on<E extends keyof ClientEvents>(event: E, fn: (arg: ClientEvents[E]) => void): () => void {
    return this.emitter.on(event, fn);
  }

  /** Connects, and keeps reconnecting until stop(). Calling it again while running does nothing. */
  start(): void {
    if (this.currentStatus !== 'idle') return;
    this.unlisten = [
      listenHost('storage', (event) => this.onStorage(event)),
      listenHost('pagehide', () => this.held.persist()),
      listenHost('online', () => this.currentStatus === 'waiting' && this.connect()),
    ];
    this.connect();
  }

  /** Closes with 1000 and does not reconnect; what is held and the outbox stay in storage. */
  stop(): void {
    clearTimeout(this.reconnectTimer);
    this.queue.cancelRetries();
    this.conn?.close(CloseCode.Normal, 'stop');
    this.conn = null;
    this.session = null;
    for (const off of this.unlisten) off();
    this.unlisten = [];
    this.held.persist();
    this.setStatus('idle');
  }

  /**
   * Queues a message and returns its client message id. It is written to storage first, then
   * sent, and resent with the same id after every reconnect until the server answers `sent`.
   */
  send(text: string, opts: SendOptions = {}): string {
    const role = this.role();
    if (role === 'agent' && opts.conv === undefined) throw new TypeError('an agent must name the conversation (conv)');
    const owner = role === 'agent' ? this.held.identity?.id : undefined;
    const record = this.queue.add(text, opts, owner, new Date(this.now()).toISOString());
    this.touch(this.placeOf(record));
    return record.id;
  }

  /** Moves my read cursor forward (never back) and tells the server; also acks what is held. */
  read(conv: string, seq: number): void {
    const c = this.held.conversation(conv);
    if (seq <= c.readSeq) return;
    c.readSeq = seq;
    this.held.markDirty(conv);
    this.touch(conv);
    if (!this.sendRead(c)) this.pendingReads.add(conv);
  }

  /** Tells the others I am typing: at most one `on` per 2 s per conversation; `off` at once. */
  typing(conv: string, on: boolean): void {
    if (on) {
      if (this.typingThrottle.mayTurnOn(conv) && this.frame({ t: 'typing', conv, on: true })) this.typingThrottle.sentOn(conv);
    } else if (this.typingThrottle.takeOff(conv)) {
      this.frame({ t: 'typing', conv, on: false });
    }
  }

  /** Fetches what is missing after what is held; an agent also follows the conversation from now on. */
  sync(conv: string): void {
    const c = this.held.conversation(conv);
    this.wanted.add(conv);
    if (c.size === 0) this.quiet.add(conv);
    this.requestSync(conv);
  }

  /** Asks for the page of entries before the oldest held; false when there is none or no connection. */
  loadOlder(conv: string): boolean {
    const c = this.held.get(conv);
    if (!c?.hasOlder) return false;
    const end = c.oldestHeld - 1;
    const after = Math.max(0, end - SYNC_PAGE);
    return this.requestSync(conv, { after, side: true, highest: c.highestHeld }, end - after);
  }

  /** Held entries by seq, then the outbox items that belong here. */
  timeline(conv: string): TimelineItem[] {
    const c = this.held.get(conv);
    const me = this.held.identity;
    const items: TimelineItem[] = c ? c.all().map((e) => storedItem(c, e, me)) : [];
    for (const [key, r] of this.landing) if (key.startsWith(`${conv}:`)) items.push(pendingItem(r));
    for (const r of this.queue.outbox.list()) if (this.placeOf(r) === conv) items.push(pendingItem(r));
    return items;
  }

  /** Every conversation known, most recent activity first. */
  conversations(): ConversationState[] {
    return conversationStates(this.held.convs.values(), this.held.identity, this.now());
  }

  /** Visitor: the conversation a send without `conv` goes to (the latest not resolved), if any. */
  openConversation(): string | undefined {
    return this.role() === 'visitor' ? latestUnresolved(this.held.convs.values()) : undefined;
  }

  /** Puts a failed item back in line; it is sent now if connected. */
  retry(id: string): void {
    const r = this.queue.retry(id);
    if (r) this.touch(this.placeOf(r));
  }

  /** Drops an outbox item, sending or failed. A send already on the wire may still be stored. */
  discard(id: string): void {
    const r = this.queue.discard(id);
    if (r) this.touch(this.placeOf(r));
  }

  // ---- connection lifecycle ----

  private connect(): void {
    clearTimeout(this.reconnectTimer);
    this.conn?.close(CloseCode.Normal, 'replaced');
    this.session = null;
    const WebSocketClass = this.options.WebSocket ?? hostWebSocket();
    if (!WebSocketClass) {
      this.emitter.emit('error', { code: 'unavailable', message: 'no WebSocket implementation; pass options.WebSocket' });
      return this.setStatus('idle');
    }
    this.setStatus('connecting');
    try {
      this.conn = new Connection(WebSocketClass, this.options.url, this.pingMs, {
        open: () => this.sendHello(),
        frame: (frame) => this.onFrame(frame),
        badFrame: (problem) => this.emitter.emit('error', { code: problem.code, message: problem.message }),
        closed: (code) => this.onClosed(code),
      });
    } catch (error) {
      // A malformed url: trying the same one again cannot help.
      this.conn = null;
      this.emitter.emit('error', { code: 'bad_frame', message: error instanceof Error ? error.message : String(error) });
      this.setStatus('idle');
    }
  }

  private sendHello(): void {
    const { hello, syncs } = planHello(this.options.hello(), this.store.visitorToken, this.held.convs.values(), this.wanted);
    this.session = { role: hello.role, welcomed: false, syncs, acked: new Map() };
    this.conn?.send(hello);
  }

  private onClosed(code: number): void {
    const role = this.session?.role ?? this.role();
    this.conn = null;
    this.session = null;
    this.queue.cancelRetries();
    const decision = decideAfterClose(code, {
      role,
      authRetried: this.authRetried,
      serverDelayMs: this.serverDelayMs,
      lastRetryAfterMs: this.lastRetryAfterMs,
      backoff: () => this.backoff.next(),
    });
    this.serverDelayMs = undefined;
    if (decision.error) this.emitter.emit('error', decision.error);
    if (decision.kind === 'stop') return this.stop();
    if (decision.kind === 'reconnect' && decision.newVisitor) {
      this.authRetried = true;
      this.store.visitorToken = undefined;
    }
    this.setStatus('waiting');
    this.reconnectTimer = setTimeout(() => this.connect(), decision.delayMs);
  }

  private setStatus(status: ClientStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.emitter.emit('status', status);
  }

  // ---- frames from the server ----

  private onFrame(f: ServerFrame): void {
    switch (f.t) {
      case 'welcome':
        return this.onWelcome(f);
      case 'sent':
        return this.onSent(f);
      case 'msg':
        return this.onMsg(f);
      case 'synced':
        return this.onSynced(f);
      case 'receipt':
        if (this.held.conversation(f.conv).applyReceipt(f.read)) this.touch(f.conv);
        return;
      case 'typing':
        this.held.conversation(f.conv).applyTyping(f.from, f.on, this.now() + TYPING_TTL_MS);
        // Re-render when the indicator lapses, so that it does not stay on screen.
        if (f.on) setTimeout(() => this.touch(f.conv), TYPING_TTL_MS + 1);
        return this.touch(f.conv);
      case 'conv':
        this.held.conversation(f.conv.id).applyView(f.conv);
        this.held.markDirty(f.conv.id);
        return this.touch(f.conv.id);
      case 'queue':
        this.held.conversation(f.conv).applyQueue(f.position, f.etaSec, this.now());
        return this.touch(f.conv);
      case 'reconnect':
        this.serverDelayMs = f.afterMs + this.backoff.jitter();
        return;
      case 'error': {
        if (f.retryAfterMs !== undefined) this.lastRetryAfterMs = f.retryAfterMs;
        const record = this.queue.refused(f);
        if (record) this.touch(this.placeOf(record));
        return this.emitter.emit('error', { code: f.code, message: f.message, ...(f.ref !== undefined ? { ref: f.ref } : {}) });
      }
      case 'pong':
        return;
      default:
        return assertNever(f);
    }
  }

  private onWelcome(w: WelcomeFrame): void {
    const session = this.session;
    if (!session || !this.conn) return;
    session.welcomed = true;
    this.conn.welcomed();
    this.backoff.reset();
    this.authRetried = false;
    this.lastRetryAfterMs = undefined;

    if (w.visitorId !== undefined) this.held.adoptIdentity({ role: 'visitor', id: w.visitorId });
    else if (w.agentId !== undefined) this.held.adoptIdentity({ role: 'agent', id: w.agentId });
    if (w.visitorToken !== undefined) this.store.visitorToken = w.visitorToken;
    const epochChanged = this.held.adoptEpoch(w.epoch);
    if (epochChanged) session.syncs.markStale();
    for (const summary of w.conversations) {
      const c = this.held.conversation(summary.id);
      c.applyStatus(summary.status);
      c.lastSeq = Math.max(c.lastSeq, summary.lastSeq);
      this.held.markDirty(c.id);
      this.touch(c.id);
    }
    this.setStatus('open');
    this.emitter.emit('welcome', w);

    for (const c of this.held.convs.values()) {
      if (epochChanged) this.refill(c.id);
      else if (!session.syncs.has(c.id) && (c.lastSeq > c.top || c.hasGap) && (session.role === 'visitor' || this.wanted.has(c.id))) {
        if (c.size === 0) this.quiet.add(c.id);
        this.requestSync(c.id);
      }
    }
    for (const conv of this.pendingReads) {
      const c = this.held.get(conv);
      if (c) this.sendRead(c);
    }
    this.pendingReads.clear();
    for (const r of this.queue.flush(this.held.identity)) this.touch(this.placeOf(r));
  }

  private onSent(f: SentFrame): void {
    const record = this.queue.sent(f.id);
    const c = this.held.conversation(f.conv);
    if (record?.attachments !== undefined && !c.has(f.seq)) {
      this.touch(this.placeOf(record));
      this.landing.set(`${f.conv}:${f.seq}`, { ...record, conv: f.conv });
      this.requestSync(f.conv, { after: f.seq - 1, side: true, highest: c.highestHeld }, 1);
    } else if (record) {
      this.touch(this.placeOf(record));
      const me = this.held.identity ?? { role: this.role(), id: '' };
      const entry: HeldEntry = { seq: f.seq, msgId: f.msgId, at: f.at, from: { role: me.role, id: me.id }, kind: record.kind, text: record.text };
      this.hold(c, entry, false);
    } else if (!c.has(f.seq)) {
      // Another tab sent it and took it off the shared outbox; the server has the text.
      this.requestSync(f.conv);
    }
    this.touch(f.conv);
  }

  private onMsg(f: MsgFrame | HiddenMsgFrame): void {
    const c = this.held.conversation(f.conv);
    if (f.kind === 'hidden') {
      this.hold(c, { seq: f.seq, msgId: '', at: '', from: { role: 'system', id: '' }, kind: 'hidden', text: '' }, false);
      return;
    }
    const entry: HeldEntry = { seq: f.seq, msgId: f.msgId, at: f.at, from: f.from, kind: f.kind, text: f.text };
    if (f.data !== undefined) entry.data = f.data;
    if (!this.hold(c, entry, true)) return;
    c.typing.delete(f.from.id);
    const status = f.kind === 'event' ? statusAfterEvent(f.data) : undefined;
    if (status !== undefined) c.applyStatus(status);
  }

  /** Holds an entry unless its seq is held already (then false); asks for a gap. */
  private hold(c: HeldConversation, entry: HeldEntry, announce: boolean): boolean {
    if (!c.add(entry)) return false;
    this.landing.delete(`${c.id}:${entry.seq}`);
    this.held.markDirty(c.id);
    this.touch(c.id);
    if (c.hasGap) this.requestSync(c.id);
    if (announce && !isMine(entry, this.held.identity) && !this.quiet.has(c.id)) {
      this.emitter.emit('message', storedItem(c, entry, this.held.identity));
    }
    return true;
  }

  private onSynced(f: SyncedFrame): void {
    const c = this.held.conversation(f.conv);
    const answered = this.session?.syncs.answer(f.conv);
    this.touch(f.conv);
    if (answered?.side || answered?.stale) return;
    // Ask again while there is more, or while a gap remains and the last answer moved something;
    // a gap no answer fills (a server bug) must not become a loop.
    const moved = answered === undefined || c.top > answered.after || c.highestHeld > answered.highest;
    if (f.more || (c.hasGap && moved)) this.requestSync(f.conv);
    else if (!c.hasGap) this.quiet.delete(f.conv);
  }

  // ---- frames to the server ----

  /** Sends on a welcomed connection; false when there is none. */
  private frame(frame: ClientFrame): boolean {
    return this.session?.welcomed === true && this.conn !== null && this.conn.send(frame);
  }

  private sendRead(c: HeldConversation): boolean {
    if (!this.frame({ t: 'read', conv: c.id, seq: c.readSeq })) return false;
    this.sendAck(c);
    return true;
  }

  private sendAck(c: HeldConversation): void {
    const session = this.session;
    if (!session?.welcomed || c.top <= (session.acked.get(c.id) ?? 0)) return;
    if (this.frame({ t: 'ack', conv: c.id, seq: c.top })) session.acked.set(c.id, c.top);
  }

  /** Asks for entries after `from.after` (default: the contiguous top); one forward sync per conversation at a time. */
  private requestSync(conv: string, from?: PendingSync, limit = SYNC_PAGE): boolean {
    const syncs = this.session?.welcomed ? this.session.syncs : undefined;
    if (!syncs) return false;
    const c = this.held.conversation(conv);
    const request = from ?? { after: c.top, side: false, highest: c.highestHeld };
    if (!request.side && syncs.forwardPending(conv)) return false;
    if (!this.frame({ t: 'sync', conv, after: request.after, limit })) return false;
    syncs.add(conv, request);
    return true;
  }

  /** Fills a conversation from 0 after its entries were dropped (a new epoch). */
  private refill(conv: string): void {
    this.quiet.add(conv);
    this.requestSync(conv, { after: 0, side: false, highest: 0 });
  }

  // ---- shared storage, change events ----

  private role(): 'visitor' | 'agent' {
    return this.held.identity?.role ?? this.options.hello().role;
  }

  /** Where an outbox item shows: its conversation, or (visitor) the open one, or PENDING_CONV. */
  private placeOf(r: OutboxRecord): string {
    return r.conv ?? this.openConversation() ?? PENDING_CONV;
  }

  /** Another tab wrote: take its outbox, entries, read cursors or epoch. */
  private onStorage(event: unknown): void {
    const key = (event as { key?: unknown } | null)?.key;
    if (typeof key !== 'string') return;
    const k = this.store.classify(key);
    switch (k.kind) {
      case 'outbox':
        for (const r of this.queue.outbox.list()) this.touch(this.placeOf(r));
        this.queue.outbox.reload();
        for (const r of this.queue.outbox.list()) this.touch(this.placeOf(r));
        return;
      case 'timeline':
        return this.held.mergeTimeline(k.conv);
      case 'convs':
        return this.held.mergeCursors();
      case 'epoch':
        if (this.held.mergeEpoch()) {
          this.session?.syncs.markStale();
          for (const id of this.held.convs.keys()) this.refill(id);
        }
        return;
      case 'other':
        return;
    }
  }

  /** Notes a change; listeners hear of all the changes of one task together, and acks go out then. */
  private touch(conv: string): void {
    this.changed.add(conv);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      const convs = [...this.changed];
      this.changed.clear();
      for (const id of convs) {
        const c = this.held.get(id);
        if (c) this.sendAck(c);
      }
      this.emitter.emit('change', { convs });
    });
  }
}

function assertNever(frame: never): never {
  throw new Error(`unhandled frame ${JSON.stringify(frame)}`);
}
