// What the client keeps in storage, under one key prefix; shared safely by tabs of one origin.
import type { ConversationStatus, EntryKind, Sender, SendKind } from '@kefu/protocol';
import type { KeyValueStorage } from './types.js';

/** Entries of each conversation kept in storage; older ones are fetched again when asked. */
export const STORED_ENTRIES_PER_CONV = 500;

export interface HeldEntry {
  seq: number;
  msgId: string;
  at: string;
  from: Sender;
  kind: EntryKind | 'hidden';
  text: string;
  data?: Record<string, unknown>;
}

export interface OutboxRecord {
  id: string;
  conv: string | null;
  text: string;
  kind: SendKind;
  attachments?: string[];
  createdAt: string;
  state: 'sending' | 'failed';
  error?: string;
  /** The agent who wrote it, so another agent signing in on this browser does not send it. */
  owner?: string;
}

export interface ConvRecord {
  status: ConversationStatus;
  lastSeq: number;
  readSeq: number;
  assignee?: string | null;
  team?: string | null;
}

export interface Identity {
  role: 'visitor' | 'agent';
  id: string;
}

export type KeyKind =
  | { kind: 'outbox' }
  | { kind: 'convs' }
  | { kind: 'epoch' }
  | { kind: 'timeline'; conv: string }
  | { kind: 'other' };

/** The default storage: a Map, so nothing survives the page. */
export class MemoryStorage implements KeyValueStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/**
 * Typed access to the stored state. Every write of shared state re-reads what is stored and
 * merges (the outbox by id, timelines by seq, read cursors by max), because another tab may have
 * written since this one read: a blind overwrite would lose that tab's messages.
 * Storage that throws (quota, private mode) costs persistence, never the running session.
 */
export class ClientStore {
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly prefix: string,
  ) {}

  classify(key: string): KeyKind {
    const p = `${this.prefix}:`;
    if (!key.startsWith(p)) return { kind: 'other' };
    const rest = key.slice(p.length);
    if (rest === 'outbox') return { kind: 'outbox' };
    if (rest === 'convs') return { kind: 'convs' };
    if (rest === 'epoch') return { kind: 'epoch' };
    if (rest.startsWith('tl:')) return { kind: 'timeline', conv: rest.slice(3) };
    return { kind: 'other' };
  }

  get visitorToken(): string | undefined {
    return this.get('visitorToken') ?? undefined;
  }
  set visitorToken(token: string | undefined) {
    this.set('visitorToken', token);
  }

  get epoch(): string | undefined {
    return this.get('epoch') ?? undefined;
  }
  set epoch(epoch: string | undefined) {
    this.set('epoch', epoch);
  }

  get identity(): Identity | undefined {
    const v = this.json('identity');
    if (!isObject(v) || (v.role !== 'visitor' && v.role !== 'agent') || typeof v.id !== 'string') return undefined;
    return { role: v.role, id: v.id };
  }
  set identity(identity: Identity | undefined) {
    this.set('identity', identity && JSON.stringify(identity));
  }

  readOutbox(): OutboxRecord[] {
    const v = this.json('outbox');
    return Array.isArray(v) ? v.filter(isOutboxRecord) : [];
  }

  /** Applies `change` to the outbox as stored now, writes it, and returns the result. */
  mutateOutbox(change: (items: OutboxRecord[]) => OutboxRecord[]): OutboxRecord[] {
    const next = change(this.readOutbox());
    this.set('outbox', next.length > 0 ? JSON.stringify(next) : undefined);
    return next;
  }

  /** Conversation records numbered by `epoch` (read cursors are seqs, so they belong to one epoch). */
  readConvs(epoch: string | undefined): Map<string, ConvRecord> {
    const v = this.json('convs');
    const out = new Map<string, ConvRecord>();
    if (!isObject(v) || v.epoch !== epoch || !isObject(v.convs)) return out;
    for (const [id, r] of Object.entries(v.convs)) if (isConvRecord(r)) out.set(id, r);
    return out;
  }

  /**
   * Writes `mine` over what is stored, keeping the higher read cursor of the two; with
   * `replace`, drops what is stored (a new epoch or identity).
   */
  writeConvs(epoch: string, mine: Map<string, ConvRecord>, options: { replace?: boolean } = {}): void {
    if (this.epoch !== epoch) return;
    const stored = options.replace ? new Map<string, ConvRecord>() : this.readConvs(epoch);
    for (const [id, record] of mine) {
      const other = stored.get(id);
      stored.set(id, { ...record, readSeq: Math.max(record.readSeq, other?.readSeq ?? 0) });
    }
    this.set('convs', JSON.stringify({ epoch, convs: Object.fromEntries(stored) }));
  }

  /** The stored window of a conversation, when it was numbered by `epoch`. */
  readTimeline(conv: string, epoch: string | undefined): HeldEntry[] {
    const v = this.json(`tl:${conv}`);
    if (!isObject(v) || v.epoch !== epoch || !Array.isArray(v.entries)) return [];
    return v.entries.filter(isHeldEntry);
  }

  /** Merges `entries` into the stored window by seq and keeps the last STORED_ENTRIES_PER_CONV. */
  writeTimeline(conv: string, epoch: string, entries: Iterable<HeldEntry>): void {
    // Another tab that has moved to a newer epoch owns the storage now.
    if (this.epoch !== epoch) return;
    const bySeq = new Map<number, HeldEntry>();
    for (const e of this.readTimeline(conv, epoch)) bySeq.set(e.seq, e);
    for (const e of entries) bySeq.set(e.seq, e);
    const kept = [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-STORED_ENTRIES_PER_CONV);
    this.set(`tl:${conv}`, JSON.stringify({ epoch, entries: kept }));
  }

  removeTimeline(conv: string): void {
    this.set(`tl:${conv}`, undefined);
  }

  private get(name: string): string | null {
    try {
      return this.storage.getItem(`${this.prefix}:${name}`);
    } catch {
      return null;
    }
  }

  private json(name: string): unknown {
    const text = this.get(name);
    if (text === null) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }

  private set(name: string, value: string | undefined): void {
    const key = `${this.prefix}:${name}`;
    try {
      if (value === undefined) this.storage.removeItem(key);
      else this.storage.setItem(key, value);
    } catch {
      // Quota exceeded or storage disabled: the session goes on from memory.
    }
  }
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isOutboxRecord(v: unknown): v is OutboxRecord {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    (v.conv === null || typeof v.conv === 'string') &&
    typeof v.text === 'string' &&
    (v.kind === 'text' || v.kind === 'note') &&
    typeof v.createdAt === 'string' &&
    (v.state === 'sending' || v.state === 'failed')
  );
}

function isConvRecord(v: unknown): v is ConvRecord {
  return isObject(v) && typeof v.status === 'string' && typeof v.lastSeq === 'number' && typeof v.readSeq === 'number';
}

function isHeldEntry(v: unknown): v is HeldEntry {
  return (
    isObject(v) &&
    Number.isSafeInteger(v.seq) &&
    typeof v.msgId === 'string' &&
    typeof v.text === 'string' &&
    typeof v.kind === 'string' &&
    isObject(v.from)
  );
}
