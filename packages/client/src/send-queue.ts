// Sending what the outbox holds: in order, with the same ids, retrying what the server could not take yet.
import { DEFAULT_MAX_FRAME_BYTES, type ErrorFrame, type SendFrame } from '@kefu/protocol';
import type { Backoff } from './backoff.js';
import { newMessageId } from './host.js';
import type { Outbox } from './outbox.js';
import type { Identity, OutboxRecord } from './storage.js';
import type { SendOptions } from './types.js';

/** Error codes after which a send is tried again rather than marked failed. */
const RETRYABLE = new Set(['rate_limited', 'unavailable', 'internal']);

export class SendQueue {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly attempts = new Map<string, number>();

  constructor(
    readonly outbox: Outbox,
    /** Puts a frame on the current connection; false when there is none. */
    private readonly transmitFrame: (frame: SendFrame) => boolean,
    private readonly backoff: Backoff,
  ) {}

  /** Writes a new item to the outbox (storage first) and sends it when connected. */
  add(text: string, opts: SendOptions, owner: string | undefined, createdAt: string): OutboxRecord {
    const record: OutboxRecord = { id: newMessageId(), conv: opts.conv ?? null, text, kind: opts.kind ?? 'text', createdAt, state: 'sending' };
    if (opts.attachments !== undefined) record.attachments = [...opts.attachments];
    if (owner !== undefined) record.owner = owner;
    // A frame over the server's limit would close the connection with 4400 on every resend.
    if (new TextEncoder().encode(JSON.stringify(sendFrame(record))).length > DEFAULT_MAX_FRAME_BYTES) {
      record.state = 'failed';
      record.error = 'too_large';
    }
    this.outbox.add(record);
    this.transmit(record);
    return record;
  }

  /**
   * Sends every waiting item in the order written (after each welcome). Returns the items it
   * failed instead: an agent's items written by another agent on this browser, which sending
   * now would sign with the wrong name.
   */
  flush(me: Identity | undefined): OutboxRecord[] {
    const failed: OutboxRecord[] = [];
    for (const r of this.outbox.list()) {
      if (r.state !== 'sending') continue;
      if (me?.role === 'agent' && r.owner !== undefined && r.owner !== me.id) {
        this.outbox.update(r.id, { state: 'failed', error: 'forbidden' });
        failed.push(r);
      } else this.transmit(r);
    }
    return failed;
  }

  /** The server stored `id`: off the outbox. Returns the item when this tab held it. */
  sent(id: string): OutboxRecord | undefined {
    const record = this.outbox.get(id);
    this.clearRetry(id);
    if (record) this.outbox.remove(id);
    return record;
  }

  /**
   * An error naming one of our sends: `rate_limited`, `unavailable` and `internal` are tried
   * again later on the same connection; anything else fails the item. Returns the item, if ours.
   */
  refused(f: ErrorFrame): OutboxRecord | undefined {
    const record = f.ref === undefined ? undefined : this.outbox.get(f.ref);
    if (!record) return undefined;
    if (RETRYABLE.has(f.code)) this.scheduleRetry(record.id, f.code === 'rate_limited' ? f.retryAfterMs : undefined);
    else this.outbox.update(record.id, { state: 'failed', error: f.code });
    return record;
  }

  /** A failed item back in line, sent now when connected. */
  retry(id: string): OutboxRecord | undefined {
    const r = this.outbox.get(id);
    if (!r || r.state !== 'failed') return undefined;
    this.outbox.update(id, { state: 'sending' });
    const updated = this.outbox.get(id);
    if (updated) this.transmit(updated);
    return r;
  }

  discard(id: string): OutboxRecord | undefined {
    const r = this.outbox.get(id);
    if (!r) return undefined;
    this.outbox.remove(id);
    this.clearRetry(id);
    return r;
  }

  /** The connection is gone: the next welcome resends everything anyway. */
  cancelRetries(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private transmit(record: OutboxRecord): void {
    if (record.state === 'sending') this.transmitFrame(sendFrame(record));
  }

  private scheduleRetry(id: string, afterMs: number | undefined): void {
    const attempt = this.attempts.get(id) ?? 0;
    this.attempts.set(id, attempt + 1);
    const delay = afterMs ?? Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** Math.min(attempt, 20));
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        const r = this.outbox.get(id);
        if (r) this.transmit(r);
      }, delay),
    );
  }

  private clearRetry(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.attempts.delete(id);
  }
}

export function sendFrame(r: OutboxRecord): SendFrame {
  const frame: SendFrame = { t: 'send', id: r.id, text: r.text };
  if (r.conv !== null) frame.conv = r.conv;
  if (r.kind !== 'text') frame.kind = r.kind;
  if (r.attachments !== undefined) frame.attachments = [...r.attachments];
  return frame;
}
