// B8's clients in the generator: pairs that reconnect by themselves (with backoff and jitter)
// through a drain or a kill -9 of the server, keep sending, and then check their timelines seq
// by seq for gaps and duplicates.
import type { MsgFrame, SentFrame } from '@kefu/protocol';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { encode, newHistogram, recordMs } from './histogram.js';
import { Pair, type Side } from './pair.js';
import { pool, sleep } from './pool.js';
import type { StormCheck, StormStatus } from './types.js';
import { errorText, type WorkerState } from './worker-state.js';

const RETRY_FIRST_MS = 250;
const RETRY_CAP_MS = 2_000;

/** Close → welcome again, per phase; the socket's own reconnect logic. */
export class Storm {
  private current = 0;
  private disconnected = 0;
  private welcomed = 0;
  private welcomedWithin = 0;
  private welcomedAtMs: number[] = [];
  private deadlineMs = Number.POSITIVE_INFINITY;
  private attempts = 0;
  private helloRefused = 0;
  private maxToldMs = 0;
  private histogram = newHistogram();
  private firstError: string | null = null;
  /** This generator's own event-loop delay in the phase: when it is long, clients answered late, not the server. */
  private loopDelay: IntervalHistogram | null = null;
  private armed = true;
  private sending = true;
  private sends = 0;
  private answered = 0;
  private readonly told = new Map<string, number>();
  private readonly reconnecting = new Set<string>();
  /** Per pair: client message ids not yet answered (resent after every reconnect), and answered ones → seq. */
  private readonly outbox = new Map<Pair, Map<string, string>>();
  private readonly answeredSeq = new Map<Pair, Map<string, number>>();
  /** Per pair: what the agent received of the visitor's messages, id → seqs. */
  private readonly agentGot = new Map<Pair, Map<string, number[]>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly state: WorkerState,
    ratePerSec: number,
    private readonly baseMs: number,
  ) {
    const live = state.pairs.filter((p) => p.conv);
    for (const p of live) {
      p.resumeFromContiguous = true;
      this.outbox.set(p, new Map());
      this.answeredSeq.set(p, new Map());
      this.agentGot.set(p, new Map());
    }
    state.recorder.extra = {
      sent: (pair, frame) => this.onSent(pair, frame),
      msg: (pair, side, frame) => this.onMsg(pair, side, frame),
      other: (pair, side, frame) => {
        if (frame.t !== 'reconnect') return;
        this.told.set(`${pair.key}/${side}`, frame.afterMs);
        this.maxToldMs = Math.max(this.maxToldMs, frame.afterMs);
      },
      closed: (pair, side) => this.onClosed(pair, side),
    };
    // Visitors' messages on a fixed schedule, round-robin over the pairs, whatever the sockets do:
    // a message written while its socket is down waits in the outbox, as in the widget.
    let n = 0;
    const prefix = `s${state.workerIndex}.`;
    const started = performance.now();
    this.timer = setInterval(() => {
      if (!this.sending || live.length === 0) return;
      const due = Math.floor(((performance.now() - started) * ratePerSec) / 1000);
      for (; n < due; n++) {
        const pair = live[n % live.length]!;
        const id = prefix + n;
        const text = `storm ${id}`;
        this.outbox.get(pair)!.set(id, text);
        this.sends += 1;
        pair.send('visitor', { t: 'send', id, conv: pair.conv!, text });
      }
    }, 20);
  }

  disarm(): void {
    this.armed = false;
    clearInterval(this.timer);
    this.state.recorder.extra = null;
    for (const p of this.state.pairs) p.resumeFromContiguous = false;
  }

  phase(phase: number, deadlineMs: number): null {
    this.current = phase;
    this.deadlineMs = deadlineMs;
    this.disconnected = this.welcomed = this.welcomedWithin = this.attempts = this.helloRefused = this.maxToldMs = 0;
    this.welcomedAtMs = [];
    this.histogram = newHistogram();
    this.firstError = null;
    this.loopDelay?.disable();
    this.loopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.loopDelay.enable();
    return null;
  }

  status(): StormStatus {
    return {
      phase: this.current,
      disconnected: this.disconnected,
      welcomed: this.welcomed,
      welcomedWithinDeadline: this.welcomedWithin,
      welcomedAtMs: this.welcomedAtMs,
      histogram: encode(this.histogram),
      maxToldMs: this.maxToldMs,
      attempts: this.attempts,
      helloRefused: this.helloRefused,
      generatorLoopP99Ms: (this.loopDelay?.percentile(99) ?? 0) / 1e6,
      generatorLoopMaxMs: (this.loopDelay?.max ?? 0) / 1e6,
      sends: this.sends,
      answered: this.answered,
      firstError: this.firstError,
    };
  }

  private onSent(pair: Pair, frame: SentFrame): void {
    const box = this.outbox.get(pair);
    if (!box?.delete(frame.id)) {
      // A resend of a stored message answers again; the seq must be the same.
      const before = this.answeredSeq.get(pair)?.get(frame.id);
      if (before !== undefined && before !== frame.seq) this.answeredSeq.get(pair)!.set(`${frame.id}#again`, frame.seq);
      return;
    }
    this.answered += 1;
    this.answeredSeq.get(pair)!.set(frame.id, frame.seq);
  }

  private onMsg(pair: Pair, side: Side, frame: MsgFrame): void {
    if (side !== 'agent' || frame.conv !== pair.conv) return;
    const m = /^storm (\S+)$/.exec(frame.text);
    if (!m) return;
    const got = this.agentGot.get(pair);
    if (!got) return;
    const seqs = got.get(m[1]!) ?? [];
    if (!seqs.includes(frame.seq)) seqs.push(frame.seq);
    got.set(m[1]!, seqs);
  }

  private onClosed(pair: Pair, side: Side): void {
    if (!this.armed || !pair.conv) return;
    const key = `${pair.key}/${side}`;
    if (this.reconnecting.has(key)) return;
    this.reconnecting.add(key);
    this.disconnected += 1;
    const since = performance.now();
    const phase = this.current;
    // After a `reconnect` frame: its afterMs (the server added the jitter). After a lost
    // connection: a random share of the base delay, so that clients do not come back in lockstep.
    const told = this.told.get(key);
    this.told.delete(key);
    const delay = told ?? Math.random() * this.baseMs;
    let tries = 0;
    const attempt = () => {
      if (!this.armed) return;
      this.attempts += 1;
      tries += 1;
      pair.connect(side, true, () => {
        if (phase !== this.current) return;
        this.welcomed += 1;
        const tookMs = performance.now() - since;
        if (tookMs <= this.deadlineMs) this.welcomedWithin += 1;
        this.welcomedAtMs.push(Date.now());
        recordMs(this.histogram, tookMs);
      }).then(
        () => {
          this.reconnecting.delete(key);
          if (side === 'visitor') for (const [id, text] of this.outbox.get(pair) ?? []) pair.send('visitor', { t: 'send', id, conv: pair.conv!, text });
        },
        (error: unknown) => {
          const text = errorText(error);
          this.firstError ??= text;
          // PROTOCOL.md: 4401 means "get a new token"; the bench's tokens are valid, so it counts
          // the refusal (a server too slow to finish hellos) and tries again as for any other close.
          if (/\b4401\b/.test(text)) this.helloRefused += 1;
          pair[side]?.destroy();
          // Refused (the server is not up yet) or cut off mid-hello: try again with exponential
          // backoff and jitter (250 ms, 500 ms, 1 s, then every 2 s at most), as PROTOCOL.md asks;
          // a fixed short retry from every client at once would compete with the restarting server.
          setTimeout(attempt, Math.min(RETRY_CAP_MS, RETRY_FIRST_MS * 2 ** (tries - 1)) * (0.5 + Math.random() / 2));
        },
      );
    };
    setTimeout(attempt, delay);
  }

  async check(waitMs: number): Promise<StormCheck> {
    this.sending = false;
    const live = [...this.outbox.keys()];
    const deadline = performance.now() + waitMs;
    const busy = () => this.reconnecting.size > 0 || live.some((p) => this.outbox.get(p)!.size > 0);
    while (busy() && performance.now() < deadline) await sleep(50);
    const out: StormCheck = {
      sides: 0,
      unchecked: 0,
      duplicates: 0,
      firstDuplicate: null,
      recoveredBySync: 0,
      gaps: 0,
      unanswered: 0,
      lost: 0,
      storedTwice: 0,
      answeredSends: 0,
      firstProblem: null,
    };
    const problem = (text: string) => (out.firstProblem ??= text);
    await pool(live, 50, async (pair) => {
      for (const side of ['visitor', 'agent'] as const) {
        out.sides += 1;
        const timeline = pair.timeline(side);
        if (!pair[side]?.isOpen) {
          out.unchecked += 1;
          problem(`${side} ${pair.key} not connected at the end`);
          continue;
        }
        timeline.startFinalSync();
        const conv = pair.conv!;
        const synced = pair.expect(side, (f) => f.t === 'synced' && f.conv === conv, 15_000);
        pair.send(side, { t: 'sync', conv, after: timeline.contiguous, limit: 1000 });
        try {
          const frame = await synced;
          if (frame.t === 'synced') {
            const gaps = timeline.gaps(frame.upTo);
            out.gaps += gaps;
            if (gaps > 0) problem(`${side} ${pair.key}: ${gaps} seqs missing up to ${frame.upTo}`);
          }
        } catch (error) {
          out.unchecked += 1;
          problem(errorText(error));
        }
        out.duplicates += timeline.duplicates;
        if (timeline.duplicates > 0) out.firstDuplicate ??= `${side} ${pair.key}: ${timeline.firstDuplicate}`;
        out.recoveredBySync += timeline.recoveredBySync;
        if (timeline.recoveredBySync > 0) problem(`${side} ${pair.key}: ${timeline.recoveredBySync} entries only from the final sync`);
      }
      const unanswered = this.outbox.get(pair)!.size;
      out.unanswered += unanswered;
      if (unanswered > 0) problem(`visitor ${pair.key}: ${unanswered} sends never answered`);
      const got = this.agentGot.get(pair)!;
      for (const [id, seq] of this.answeredSeq.get(pair)!) {
        if (id.endsWith('#again')) {
          out.storedTwice += 1;
          problem(`visitor ${pair.key}: ${id} answered with two seqs`);
          continue;
        }
        out.answeredSends += 1;
        const seqs = got.get(id);
        if (!seqs) {
          out.lost += 1;
          problem(`visitor ${pair.key}: ${id} answered (seq ${seq}) but never seen by the agent`);
        } else if (seqs.length > 1) {
          out.storedTwice += 1;
          problem(`agent ${pair.key}: ${id} under seqs ${seqs.join(', ')}`);
        }
      }
    });
    this.disarm();
    return out;
  }
}
