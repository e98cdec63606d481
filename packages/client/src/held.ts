// Everything a client holds between sessions: conversations, identity and epoch, kept in storage.
import type { ConversationStatus } from '@kefu/protocol';
import { HeldConversation } from './conversation.js';
import { STORED_ENTRIES_PER_CONV, type ClientStore, type Identity } from './storage.js';

/** Timelines are written at most this often, in ms: a replay of 500 entries is one write, not 500. */
const PERSIST_DELAY_MS = 250;

export class Held {
  readonly convs = new Map<string, HeldConversation>();
  private identityValue: Identity | undefined;
  private epochValue: string | undefined;
  private readonly dirty = new Set<string>();
  private persistTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: ClientStore,
    /** Status of a conversation first heard of in an entry, before any summary. */
    private readonly newStatus: () => ConversationStatus,
    /** Told of every conversation whose held state changed. */
    private readonly changed: (conv: string) => void,
  ) {
    this.identityValue = store.identity;
    this.epochValue = store.epoch;
    for (const [id, record] of store.readConvs(this.epochValue)) {
      const c = new HeldConversation(id);
      this.convs.set(id, c);
      c.restore(record);
      c.load(store.readTimeline(id, this.epochValue));
    }
  }

  get identity(): Identity | undefined {
    return this.identityValue;
  }

  get epoch(): string | undefined {
    return this.epochValue;
  }

  get(id: string): HeldConversation | undefined {
    return this.convs.get(id);
  }

  /** The conversation, created empty when unknown. */
  conversation(id: string): HeldConversation {
    let c = this.convs.get(id);
    if (!c) {
      c = new HeldConversation(id);
      c.status = this.newStatus();
      this.convs.set(id, c);
    }
    return c;
  }

  /**
   * Takes the identity a welcome names. Another visitor or agent than the one whose
   * conversations are held (a reset widget, a different agent signing in) drops them all.
   */
  adoptIdentity(identity: Identity): void {
    const before = this.identityValue;
    if (before && (before.id !== identity.id || before.role !== identity.role)) {
      for (const id of this.convs.keys()) {
        this.store.removeTimeline(id);
        this.changed(id);
      }
      this.convs.clear();
      this.dirty.clear();
      if (this.epochValue !== undefined) this.store.writeConvs(this.epochValue, new Map(), { replace: true });
    }
    this.identityValue = this.store.identity = identity;
  }

  /**
   * Takes the epoch a welcome names; true when it differs from the one held. A new store
   * numbered the timelines, so what is held means nothing now: it is dropped (not the outbox).
   */
  adoptEpoch(epoch: string): boolean {
    if (this.epochValue === epoch) return false;
    const changed = this.epochValue !== undefined;
    this.epochValue = this.store.epoch = epoch;
    if (!changed) return false;
    this.clearAll();
    for (const c of this.convs.values()) this.store.removeTimeline(c.id);
    this.store.writeConvs(epoch, new Map(), { replace: true });
    return true;
  }

  markDirty(conv: string): void {
    this.dirty.add(conv);
    this.persistTimer ??= setTimeout(() => this.persist(), PERSIST_DELAY_MS);
  }

  /** Writes dirty timelines (their last entries) and every conversation record, merged with other tabs'. */
  persist(): void {
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    const epoch = this.epochValue;
    if (epoch === undefined || this.dirty.size === 0) return;
    for (const id of this.dirty) {
      const c = this.convs.get(id);
      if (c) this.store.writeTimeline(id, epoch, c.all().slice(-STORED_ENTRIES_PER_CONV));
    }
    this.dirty.clear();
    this.store.writeConvs(epoch, new Map([...this.convs].map(([id, c]) => [id, c.record()])));
  }

  /** Another tab wrote entries of `conv`: hold them too (they were announced in that tab). */
  mergeTimeline(conv: string): void {
    const entries = this.store.readTimeline(conv, this.epochValue);
    if (entries.length === 0) return;
    const c = this.conversation(conv);
    for (const e of entries) if (c.add(e)) this.changed(conv);
  }

  /** Another tab moved read cursors. */
  mergeCursors(): void {
    for (const [id, r] of this.store.readConvs(this.epochValue)) {
      const c = this.convs.get(id);
      if (c && r.readSeq > c.readSeq) {
        c.readSeq = r.readSeq;
        this.changed(id);
      }
    }
  }

  /** Another tab met a new epoch and dropped the stored timelines; true when this tab must refill. */
  mergeEpoch(): boolean {
    const epoch = this.store.epoch;
    if (epoch === undefined || epoch === this.epochValue) return false;
    this.epochValue = epoch;
    this.clearAll();
    return true;
  }

  private clearAll(): void {
    for (const c of this.convs.values()) {
      c.clear();
      this.changed(c.id);
    }
    this.dirty.clear();
  }
}
