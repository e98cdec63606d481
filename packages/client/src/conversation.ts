// One conversation as a client holds it: entries by seq, cursors, and what others are doing.
import type { ConversationStatus, ConversationView, Sender } from '@kefu/protocol';
import type { ConvRecord, HeldEntry } from './storage.js';
import type { QueuePlace } from './types.js';

export class HeldConversation {
  status: ConversationStatus = 'open';
  /** Highest seq known from the server or held. */
  lastSeq = 0;
  readSeq = 0;
  readByOthersSeq = 0;
  assignee?: string | null;
  team?: string | null;
  view?: ConversationView;
  queue?: QueuePlace;
  /** Others typing, by participant id, with the time (client clock) the indicator lapses. */
  readonly typing = new Map<string, { sender: Sender; untilMs: number }>();

  private readonly entries = new Map<number, HeldEntry>();
  /**
   * Entries up to `base` are not expected: storage keeps only a window of each timeline, so a
   * reloaded client holds e.g. 501..1000 and must not mistake 1..500 for a gap.
   */
  private base = 0;
  private contiguous = 0;
  private sorted: HeldEntry[] | null = null;

  constructor(readonly id: string) {}

  /** Highest seq up to which every entry (after the window start) is held. */
  get top(): number {
    return this.contiguous;
  }

  /** Entries older than the held window exist on the server. */
  get hasOlder(): boolean {
    return this.base > 0;
  }

  get oldestHeld(): number {
    return this.base + 1;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Highest seq held, contiguous or not. */
  get highestHeld(): number {
    const all = this.all();
    return all.length > 0 ? all[all.length - 1]!.seq : 0;
  }

  /** A seq past `top` is held, so something between is missing. */
  get hasGap(): boolean {
    return this.highestHeld > this.contiguous;
  }

  has(seq: number): boolean {
    return this.entries.has(seq);
  }

  /** Holds an entry; false (and nothing changes) when its seq is held already. */
  add(entry: HeldEntry): boolean {
    if (this.entries.has(entry.seq)) return false;
    this.entries.set(entry.seq, entry);
    this.sorted = null;
    this.lastSeq = Math.max(this.lastSeq, entry.seq);
    while (this.base > 0 && this.entries.has(this.base)) this.base -= 1;
    while (this.entries.has(this.contiguous + 1)) this.contiguous += 1;
    return true;
  }

  /** Takes a stored window after a reload: its first seq becomes the window start. */
  load(entries: HeldEntry[]): void {
    if (this.entries.size === 0 && entries.length > 0) {
      const first = Math.min(...entries.map((e) => e.seq));
      this.base = first - 1;
      this.contiguous = this.base;
    }
    for (const e of entries) this.add(e);
  }

  /** Forgets every entry (a new epoch); the next sync starts from 0. */
  clear(): void {
    this.entries.clear();
    this.sorted = null;
    this.base = 0;
    this.contiguous = 0;
    this.lastSeq = 0;
    this.readSeq = 0;
    this.readByOthersSeq = 0;
  }

  /** Held entries in seq order. */
  all(): readonly HeldEntry[] {
    this.sorted ??= [...this.entries.values()].sort((a, b) => a.seq - b.seq);
    return this.sorted;
  }

  /** A `conv` frame (agents): the server's view replaces ours. */
  applyView(view: ConversationView): void {
    this.status = view.status;
    this.lastSeq = Math.max(this.lastSeq, view.lastSeq);
    this.assignee = view.assignee;
    this.team = view.team;
    this.view = view;
    if (this.status !== 'queued') delete this.queue;
  }

  /** A status learnt from a welcome summary or a timeline event. */
  applyStatus(status: ConversationStatus): void {
    this.status = status;
    if (status !== 'queued') delete this.queue;
  }

  applyQueue(position: number, etaSec: number, atMs: number): void {
    this.queue = { position, etaSec, at: atMs };
    this.status = 'queued';
  }

  /** True when the receipt moved the others' read cursor. */
  applyReceipt(read: number): boolean {
    if (read <= this.readByOthersSeq) return false;
    this.readByOthersSeq = read;
    return true;
  }

  applyTyping(from: Sender, on: boolean, untilMs: number): void {
    if (on) this.typing.set(from.id, { sender: from, untilMs });
    else this.typing.delete(from.id);
  }

  typingNow(nowMs: number): Sender[] {
    const out: Sender[] = [];
    for (const [id, t] of this.typing) {
      if (t.untilMs > nowMs) out.push(t.sender);
      else this.typing.delete(id);
    }
    return out;
  }

  record(): ConvRecord {
    const r: ConvRecord = { status: this.status, lastSeq: this.lastSeq, readSeq: this.readSeq };
    if (this.assignee !== undefined) r.assignee = this.assignee;
    if (this.team !== undefined) r.team = this.team;
    return r;
  }

  restore(r: ConvRecord): void {
    this.status = r.status;
    this.lastSeq = Math.max(this.lastSeq, r.lastSeq);
    this.readSeq = Math.max(this.readSeq, r.readSeq);
    if (r.assignee !== undefined) this.assignee = r.assignee;
    if (r.team !== undefined) this.team = r.team;
  }
}

/**
 * What a timeline event tells a visitor about the status of its conversation (visitors get no
 * `conv` frames). Undefined when the event changes nothing a visitor can know.
 */
export function statusAfterEvent(data: Record<string, unknown> | undefined): ConversationStatus | undefined {
  switch (data?.event) {
    case 'assigned':
    case 'assignee.changed':
      return 'open';
    case 'transferred':
      return typeof data.to === 'string' ? 'open' : 'queued';
    case 'reopened':
      return typeof data.agentId === 'string' ? 'open' : 'queued';
    case 'requeued':
    case 'unanswered':
      return 'queued';
    case 'resolved':
      return 'resolved';
    default:
      return undefined;
  }
}
