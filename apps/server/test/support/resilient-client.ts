// A protocol client that behaves as the widget and workbench must: it keeps an outbox of sends
// without `sent`, reconnects with backoff, resumes from the last seq it holds, resends with the
// same ids, and holds each conversation's timeline by seq (so a repeat is dropped, not shown).
import WebSocket from 'ws';
import type { HelloFrame, ServerFrame } from '@kefu/protocol';

export interface Ack {
  conv: string;
  seq: number;
  msgId: string;
}

type HelloBase = Omit<Extract<HelloFrame, { role: 'visitor' }>, 'resume'> | Omit<Extract<HelloFrame, { role: 'agent' }>, 'resume'>;

export class ResilientClient {
  /** conv → seq → msgId ('hidden' for a note seen by a visitor). */
  readonly held = new Map<string, Map<number, string>>();
  readonly outbox = new Map<string, { conv?: string; text: string }>();
  readonly acks = new Map<string, Ack>();
  /** Problems a correct server never causes: a seq shown with two different msgIds, an id acked with two seqs. */
  readonly violations: string[] = [];
  visitorToken: string | undefined;
  epoch: string | undefined;
  connects = 0;
  private socket: WebSocket | null = null;
  private ready = false;
  private stopped = false;
  private backoffMs = 20;
  private readonly ackWaiters = new Map<string, (ack: Ack) => void>();

  constructor(
    private readonly url: string,
    private readonly hello: HelloBase,
    /** Conversations to resume even before anything is held (agents who claimed one). */
    readonly watch: Set<string> = new Set(),
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  /** Sends now if connected; otherwise it waits in the outbox for the next welcome. */
  send(id: string, text: string, conv?: string): void {
    this.outbox.set(id, { ...(conv ? { conv } : {}), text });
    if (this.ready) this.transmit(id);
  }

  /** Resolves when `id` has its `sent`. */
  acked(id: string): Promise<Ack> {
    const ack = this.acks.get(id);
    if (ack) return Promise.resolve(ack);
    return new Promise((resolve) => this.ackWaiters.set(id, resolve));
  }

  /** Drops the connection as a flaky network would: no close handshake. */
  drop(): void {
    this.socket?.terminate();
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close(1000);
  }

  /** The highest seq up to which this client holds every entry of `conv`. */
  contiguous(conv: string): number {
    const seqs = this.held.get(conv);
    let n = 0;
    while (seqs?.has(n + 1)) n += 1;
    return n;
  }

  private open(): void {
    if (this.stopped) return;
    const socket = new WebSocket(this.url, 'kefu.v1.json');
    this.socket = socket;
    socket.on('open', () => {
      const resume: Record<string, number> = {};
      for (const conv of new Set([...this.watch, ...this.held.keys()])) resume[conv] = this.contiguous(conv);
      const hello = { ...this.hello, ...(this.visitorToken ? { visitorToken: this.visitorToken } : {}), resume };
      socket.send(JSON.stringify(hello));
    });
    socket.on('message', (data) => this.receive(JSON.parse((data as Buffer).toString('utf8')) as ServerFrame));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.ready = false;
      if (this.socket !== socket || this.stopped) return;
      const wait = this.backoffMs + Math.random() * this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, 400);
      setTimeout(() => this.open(), wait);
    });
  }

  private transmit(id: string): void {
    const item = this.outbox.get(id);
    if (!item || !this.socket) return;
    this.socket.send(JSON.stringify({ t: 'send', id, text: item.text, ...(item.conv ? { conv: item.conv } : {}) }));
  }

  private hold(conv: string, seq: number, msgId: string): void {
    let seqs = this.held.get(conv);
    if (!seqs) this.held.set(conv, (seqs = new Map()));
    const before = seqs.get(seq);
    if (before !== undefined && before !== msgId) this.violations.push(`conv ${conv} seq ${seq} shown as ${before} and ${msgId}`);
    seqs.set(seq, msgId);
  }

  private receive(frame: ServerFrame): void {
    switch (frame.t) {
      case 'welcome':
        if (this.epoch && frame.epoch !== this.epoch) this.violations.push(`epoch changed from ${this.epoch} to ${frame.epoch}`);
        this.epoch = frame.epoch;
        if (frame.visitorToken) this.visitorToken = frame.visitorToken;
        this.ready = true;
        this.connects += 1;
        this.backoffMs = 20;
        for (const id of this.outbox.keys()) this.transmit(id);
        return;
      case 'sent': {
        const before = this.acks.get(frame.id);
        if (before && (before.seq !== frame.seq || before.msgId !== frame.msgId)) {
          this.violations.push(`id ${frame.id} acked as seq ${before.seq} and ${frame.seq}`);
        }
        this.acks.set(frame.id, { conv: frame.conv, seq: frame.seq, msgId: frame.msgId });
        this.outbox.delete(frame.id);
        this.hold(frame.conv, frame.seq, frame.msgId);
        this.ackWaiters.get(frame.id)?.(this.acks.get(frame.id)!);
        this.ackWaiters.delete(frame.id);
        return;
      }
      case 'msg':
        this.hold(frame.conv, frame.seq, 'msgId' in frame ? frame.msgId : 'hidden');
        return;
      case 'error':
        if (frame.code !== 'rate_limited') this.violations.push(`error ${frame.code}: ${frame.message}`);
        return;
      default:
        return;
    }
  }
}
