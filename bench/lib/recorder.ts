// Measures one open-loop run inside a worker: send→sent at the visitor, visitor→agent at the agent,
// typing relay at the agent, and how late this process itself issued each frame.
import type { ErrorFrame, MsgFrame, SentFrame, ServerFrame, TypingRelayFrame } from '@kefu/protocol';
import type { Histogram } from 'hdr-histogram-js';
import { encode, newHistogram, recordMs } from './histogram.js';
import type { Pair, PairSink, Side } from './pair.js';
import type { RunReport } from './types.js';

/** The text of a measured message: its intended time and id, read back by the agent side. */
export function messageText(intendedMs: number, id: string): string {
  return `t=${intendedMs.toFixed(3)} i=${id}`;
}

const TEXT = /^t=([0-9.]+) i=(\S+)$/;

export class Recorder implements PairSink {
  readonly sendToSent: Histogram = newHistogram();
  readonly endToEnd: Histogram = newHistogram();
  readonly typingLatency: Histogram = newHistogram();
  readonly issueLag: Histogram = newHistogram();
  /** Measured sends not yet answered with `sent`, and not yet seen by the agent: id → intended ms. */
  readonly awaitingSent = new Map<string, number>();
  readonly awaitingDelivery = new Map<string, number>();
  offered = 0;
  answered = 0;
  delivered = 0;
  errors = 0;
  firstError: string | null = null;
  closes = 0;
  lastClose: string | null = null;
  /** Agents acknowledge at most once per this many ms per conversation (0: never). */
  ackEveryMs = 0;
  /** A scenario's own listener, told of every frame after the recorder has seen it. */
  extra: Partial<PairSink> | null = null;
  private windowStartMs = Number.POSITIVE_INFINITY;
  private windowEndMs = Number.NEGATIVE_INFINITY;

  /** Starts a run: frames intended within [startMs, endMs) are measured. */
  reset(windowStartMs: number, windowEndMs: number, ackEveryMs: number): void {
    for (const h of [this.sendToSent, this.endToEnd, this.typingLatency, this.issueLag]) h.reset();
    this.awaitingSent.clear();
    this.awaitingDelivery.clear();
    this.offered = this.answered = this.delivered = this.errors = 0;
    this.firstError = null;
    this.windowStartMs = windowStartMs;
    this.windowEndMs = windowEndMs;
    this.ackEveryMs = ackEveryMs;
  }

  inWindow(intendedMs: number): boolean {
    return intendedMs >= this.windowStartMs && intendedMs < this.windowEndMs;
  }

  issued(intendedMs: number, id: string | null): void {
    if (!this.inWindow(intendedMs)) return;
    this.offered += 1;
    recordMs(this.issueLag, performance.now() - intendedMs);
    if (id !== null) {
      this.awaitingSent.set(id, intendedMs);
      this.awaitingDelivery.set(id, intendedMs);
    }
  }

  notIssued(intendedMs: number, why: string): void {
    if (!this.inWindow(intendedMs)) return;
    this.offered += 1;
    this.noteError(why);
  }

  sent(pair: Pair, frame: SentFrame): void {
    this.extra?.sent?.(pair, frame);
    const intended = this.awaitingSent.get(frame.id);
    if (intended === undefined) return;
    this.awaitingSent.delete(frame.id);
    this.answered += 1;
    recordMs(this.sendToSent, performance.now() - intended);
  }

  msg(pair: Pair, side: Side, frame: MsgFrame): void {
    this.extra?.msg?.(pair, side, frame);
    if (side !== 'agent') return;
    const now = performance.now();
    const m = TEXT.exec(frame.text);
    if (m) {
      const intended = this.awaitingDelivery.get(m[2]!);
      if (intended !== undefined) {
        this.awaitingDelivery.delete(m[2]!);
        this.delivered += 1;
        recordMs(this.endToEnd, now - intended);
      }
    }
    if (this.ackEveryMs > 0) this.scheduleAck(pair, frame.seq);
  }

  typing(pair: Pair, side: Side, _frame: TypingRelayFrame): void {
    if (side !== 'agent') return;
    const intended = pair.typingInFlight.shift();
    if (intended === undefined || intended < 0) return;
    this.delivered += 1;
    this.answered += 1;
    recordMs(this.typingLatency, performance.now() - intended);
  }

  error(pair: Pair, frame: ErrorFrame): void {
    this.extra?.error?.(pair, frame);
    if (frame.ref !== undefined) {
      this.awaitingSent.delete(frame.ref);
      this.awaitingDelivery.delete(frame.ref);
    }
    this.noteError(`${frame.code}: ${frame.message}`);
  }

  closed(pair: Pair, side: Side, why: string): void {
    this.closes += 1;
    this.lastClose = `${side} closed: ${why}`;
    this.extra?.closed?.(pair, side, why);
  }

  other(pair: Pair, side: Side, frame: ServerFrame): void {
    this.extra?.other?.(pair, side, frame);
  }

  /** Frames still unanswered now: recorded at their age, so they weigh in the percentiles. */
  settleLate(pairs: readonly Pair[]): number {
    const now = performance.now();
    for (const intended of this.awaitingSent.values()) recordMs(this.sendToSent, now - intended);
    for (const intended of this.awaitingDelivery.values()) recordMs(this.endToEnd, now - intended);
    let late = Math.max(this.awaitingSent.size, this.awaitingDelivery.size);
    for (const pair of pairs) {
      for (const intended of pair.typingInFlight) {
        if (intended < 0) continue;
        late += 1;
        recordMs(this.typingLatency, now - intended);
      }
      pair.typingInFlight.length = 0;
    }
    this.awaitingSent.clear();
    this.awaitingDelivery.clear();
    return late;
  }

  report(late: number, cpu: NodeJS.CpuUsage): RunReport {
    return {
      histograms: {
        sendToSent: encode(this.sendToSent),
        endToEnd: encode(this.endToEnd),
        typing: encode(this.typingLatency),
        issueLag: encode(this.issueLag),
      },
      offered: this.offered,
      answered: this.answered,
      delivered: this.delivered,
      late,
      errors: this.errors,
      firstError: this.firstError,
      cpuUserUs: cpu.user,
      cpuSystemUs: cpu.system,
    };
  }

  private noteError(message: string): void {
    this.errors += 1;
    this.firstError ??= message;
  }

  // Cumulative acks, coalesced per conversation as a client that acks on every frame but batches
  // within a short delay would; each ack is a durable cursor write on the server.
  private scheduleAck(pair: Pair, seq: number): void {
    if (seq <= pair.ackedSeq || pair.ackTimer || !pair.conv) return;
    const conv = pair.conv;
    pair.ackTimer = setTimeout(() => {
      pair.ackTimer = null;
      const upTo = pair.held.agent;
      if (upTo <= pair.ackedSeq) return;
      pair.ackedSeq = upTo;
      pair.send('agent', { t: 'ack', conv, seq: upTo });
    }, this.ackEveryMs);
  }
}
