// The generator's side of B8–B12: slow readers and their flood, churn, new visitors starting
// conversations under the eyes of every agent, questions to the bot, and clients that reconnect by
// themselves through a restart and then check their timelines seq by seq.
import type { MsgFrame, SentFrame, ServerFrame } from '@kefu/protocol';
import { encode, newHistogram, recordMs } from './histogram.js';
import { runOpenLoop } from './open-loop.js';
import { Pair, type Side } from './pair.js';
import { pool, sleep } from './pool.js';
import type { Recorder } from './recorder.js';
import type { BotReport, ChurnReport, ConnectReport, ExtraCommand, FanoutReport, FloodReport, StormCheck, StormStatus, TargetInfo } from './types.js';

export interface WorkerState {
  workerIndex: number;
  localAddress: string;
  target: TargetInfo;
  pairs: Pair[];
  recorder: Recorder;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class ScenarioClients {
  /** New visitors opened by `prepareVisitors`: no agent, no conversation until they send. */
  private visitors: Pair[] = [];
  private storm: Storm | null = null;

  constructor(private readonly state: WorkerState) {}

  handle(command: ExtraCommand): unknown {
    const { pairs } = this.state;
    switch (command.cmd) {
      case 'reserve':
        pairs.forEach((p, i) => (p.reserved = i < command.count));
        return pairs.filter((p) => p.reserved).length;
      case 'pauseReserved':
        for (const p of pairs) {
          if (!p.reserved) continue;
          if (command.paused) p.agent?.pause();
          else p.agent?.resume();
        }
        return null;
      case 'flood':
        return this.flood(command);
      case 'churn':
        return this.churn(command);
      case 'prepareVisitors':
        return this.prepareVisitors(command.count, command.concurrency);
      case 'fanoutRun':
        return this.fanout(command);
      case 'botProbe':
        return this.botProbe(command.question, command.timeoutMs);
      case 'botRun':
        return this.botRun(command);
      case 'stormArm':
        this.storm?.disarm();
        this.storm = new Storm(this.state, command.ratePerSec, command.reconnectBaseMs);
        return null;
      case 'stormPhase':
        return this.requireStorm().phase(command.phase, command.deadlineMs);
      case 'stormStatus':
        return this.requireStorm().status();
      case 'stormCheck':
        return this.requireStorm().check(command.waitMs);
    }
  }

  private requireStorm(): Storm {
    if (!this.storm) throw new Error('stormArm first');
    return this.storm;
  }

  private async flood(o: Extract<ExtraCommand, { cmd: 'flood' }>): Promise<FloodReport> {
    const { pairs, recorder, workerIndex } = this.state;
    const heavy = pairs.filter((p) => p.reserved && p.conv);
    const report: FloodReport = { sent: 0, answered: 0, errors: 0, firstError: null, closedByServer: 0, firstClose: null };
    if (heavy.length === 0) return report;
    const body = 'x'.repeat(Math.max(0, o.bytes - 40));
    const prefix = `f${workerIndex}.${Date.now() % 1e6}.`;
    const waiting = new Set<string>();
    recorder.extra = {
      sent: (_pair, frame: SentFrame) => {
        if (waiting.delete(frame.id)) report.answered += 1;
      },
      closed: (pair, side, why) => {
        if (!pair.reserved || side !== 'agent') return;
        report.closedByServer += 1;
        report.firstClose ??= why;
      },
    };
    const clockOffset = Date.now() - performance.now();
    await runOpenLoop({
      startMs: o.startAtMs - clockOffset,
      ratePerSec: o.ratePerPair * heavy.length,
      endMs: o.startAtMs - clockOffset + o.durationMs,
      issue: (n) => {
        const pair = heavy[n % heavy.length]!;
        const id = prefix + n;
        if (!pair.send('visitor', { t: 'send', id, conv: pair.conv!, text: `flood ${id} ${body}` })) {
          report.errors += 1;
          report.firstError ??= 'visitor socket closed';
          return;
        }
        report.sent += 1;
        waiting.add(id);
      },
    });
    const deadline = performance.now() + 5_000;
    while (waiting.size > 0 && performance.now() < deadline) await sleep(20);
    recorder.extra = null;
    return report;
  }

  private async churn(o: Extract<ExtraCommand, { cmd: 'churn' }>): Promise<ChurnReport> {
    const cycling = this.state.pairs.filter((p) => p.reserved && p.conv);
    const report: ChurnReport = { cycles: 0, ok: 0, failed: 0, firstError: null };
    if (cycling.length === 0 || o.perSec <= 0) return report;
    await sleep(Math.max(0, o.startAtMs - Date.now()));
    const endAt = o.startAtMs + o.durationMs;
    let next = 0;
    const inFlight = new Set<Promise<void>>();
    while (Date.now() < endAt) {
      const tickAt = Date.now();
      report.cycles += 1;
      for (let k = 0; k < o.perSec; k++) {
        const pair = cycling[next++ % cycling.length]!;
        const job = (async () => {
          pair.destroy();
          try {
            await pair.connect('visitor', true);
            await pair.connect('agent', true);
            report.ok += 1;
          } catch (error) {
            report.failed += 1;
            report.firstError ??= errorText(error);
          }
        })();
        inFlight.add(job);
        void job.finally(() => inFlight.delete(job));
      }
      await sleep(Math.max(0, tickAt + 1_000 - Date.now()));
    }
    await Promise.all(inFlight);
    return report;
  }

  private async prepareVisitors(count: number, concurrency: number): Promise<ConnectReport> {
    const { workerIndex, target, localAddress, recorder } = this.state;
    for (const v of this.visitors) v.destroy();
    const base = this.visitors.length;
    this.visitors = Array.from({ length: count }, (_, i) => new Pair(i, `v${workerIndex}.${base + i}`, { agentToken: '' }, target, localAddress, recorder));
    const report: ConnectReport = { ok: 0, failed: 0, firstError: null, startedAtMs: Date.now(), endedAtMs: 0 };
    await pool(this.visitors, concurrency, async (v) => {
      try {
        await v.connect('visitor', false);
        report.ok += 1;
      } catch (error) {
        report.failed += 1;
        report.firstError ??= errorText(error);
      }
    });
    report.endedAtMs = Date.now();
    return report;
  }

  /**
   * B9: prepared visitor n starts a conversation at its intended time; every agent of this worker
   * times the first `conv` frame it gets for that conversation. Only conversations started by this
   * worker's visitors are timed (those of other workers are not known here), so each agent measures
   * its share of all it receives.
   */
  private async fanout(o: Extract<ExtraCommand, { cmd: 'fanoutRun' }>): Promise<FanoutReport> {
    const { pairs, recorder, workerIndex } = this.state;
    const agents = pairs.filter((p) => p.agent?.isOpen);
    const histogram = newHistogram();
    const issueLag = newHistogram();
    const report = { started: 0, agents: agents.length, expected: 0, received: 0, late: 0, errors: 0, firstError: null as string | null };
    const clockOffset = Date.now() - performance.now();
    const startMs = o.startAtMs - clockOffset;
    const windowStart = startMs + o.warmupMs;
    const windowEnd = windowStart + o.durationMs;
    /** Contact → intended time of its conversation's first send (measured ones only). */
    const byContact = new Map<string, number>();
    /** Conversation → agents (pair keys) that have had its update. */
    const seenBy = new Map<string, Set<string>>();
    const pending = new Map<string, number>();
    recorder.extra = {
      other: (pair: Pair, side: Side, frame: ServerFrame) => {
        if (side !== 'agent' || frame.t !== 'conv') return;
        const contact = typeof frame.conv.contact === 'string' ? frame.conv.contact : null;
        const intended = contact ? byContact.get(contact) : undefined;
        if (intended === undefined) return;
        let agentsSeen = seenBy.get(frame.conv.id);
        if (!agentsSeen) seenBy.set(frame.conv.id, (agentsSeen = new Set()));
        if (agentsSeen.has(pair.key)) return;
        agentsSeen.add(pair.key);
        report.received += 1;
        recordMs(histogram, performance.now() - intended);
        if (agentsSeen.size >= agents.length) pending.delete(contact!);
      },
      error: (_pair, frame) => {
        report.errors += 1;
        report.firstError ??= `${frame.code}: ${frame.message}`;
      },
    };
    const visitors = this.visitors.filter((v) => v.visitor?.isOpen && v.visitorId);
    const total = Math.ceil(((windowEnd - startMs) * o.ratePerSec) / 1000);
    if (visitors.length < total) throw new Error(`fanout: ${total} conversations to start but only ${visitors.length} visitors prepared`);
    await runOpenLoop({
      startMs,
      ratePerSec: o.ratePerSec,
      endMs: windowEnd,
      issue: (n, intended) => {
        const v = visitors[n]!;
        const measured = intended >= windowStart && intended < windowEnd;
        if (measured) {
          byContact.set(v.visitorId!, intended);
          pending.set(v.visitorId!, intended);
          report.started += 1;
          recordMs(issueLag, performance.now() - intended);
        }
        v.send('visitor', { t: 'send', id: `fan.${workerIndex}.${n}`, text: 'Hello, is anyone there?' });
      },
    });
    report.expected = report.started * agents.length;
    const deadline = performance.now() + o.drainMs;
    while (pending.size > 0 && performance.now() < deadline) await sleep(10);
    // What is missing now is late: recorded at its age, once per agent that lacks it.
    const now = performance.now();
    const missing = report.expected - report.received;
    if (missing > 0) {
      const oldest = Math.min(...pending.values());
      for (let i = 0; i < missing; i++) recordMs(histogram, now - oldest);
    }
    report.late = missing;
    recorder.extra = null;
    return { histogram: encode(histogram), issueLag: encode(issueLag), ...report };
  }

  private async botProbe(question: string, timeoutMs: number): Promise<{ ms: number; text: string } | null> {
    const v = this.visitors.find((x) => x.visitor?.isOpen);
    if (!v) throw new Error('botProbe: no prepared visitor');
    const started = performance.now();
    const reply = v.expect('visitor', (f) => isBotReply(f), timeoutMs);
    v.send('visitor', { t: 'send', id: `probe.${this.state.workerIndex}`, text: question });
    try {
      const frame = await reply;
      return { ms: performance.now() - started, text: 'text' in frame && typeof frame.text === 'string' ? frame.text : '' };
    } catch {
      return null;
    } finally {
      v.destroy();
    }
  }

  /** B12: prepared visitor n asks its question at its intended time; timed to the first bot `msg`. */
  private async botRun(o: Extract<ExtraCommand, { cmd: 'botRun' }>): Promise<BotReport> {
    const { workerIndex } = this.state;
    const visitors = this.visitors.filter((v) => v.visitor?.isOpen);
    const histogram = newHistogram();
    const report = { asked: 0, answered: 0, missing: 0, errors: 0, firstError: null as string | null };
    const clockOffset = Date.now() - performance.now();
    const waits: Array<Promise<void>> = [];
    await runOpenLoop({
      startMs: o.startAtMs - clockOffset,
      ratePerSec: o.ratePerSec,
      endMs: o.startAtMs - clockOffset + (visitors.length * 1000) / o.ratePerSec,
      issue: (n, intended) => {
        const v = visitors[n];
        if (!v) return;
        const question = o.questions[(o.offset + n) % o.questions.length]!;
        const id = `q.${workerIndex}.${n}`;
        const reply = v.expect('visitor', (f) => (isBotReply(f)) || (f.t === 'error' && f.ref === id), o.timeoutMs);
        report.asked += 1;
        v.send('visitor', { t: 'send', id, text: question });
        waits.push(
          reply.then(
            (frame) => {
              if (frame.t === 'error') {
                report.errors += 1;
                report.firstError ??= `${frame.code}: ${frame.message}`;
                return;
              }
              report.answered += 1;
              recordMs(histogram, performance.now() - intended);
            },
            (error: unknown) => {
              report.missing += 1;
              report.firstError ??= errorText(error);
              recordMs(histogram, performance.now() - intended);
            },
          ),
        );
      },
    });
    await Promise.all(waits);
    return { histogram: encode(histogram), ...report };
  }
}

const RETRY_FIRST_MS = 250;
const RETRY_CAP_MS = 2_000;

/** Close → welcome again, per phase; the socket's own reconnect logic. */
class Storm {
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

const isBotReply = (f: ServerFrame): boolean => f.t === 'msg' && 'from' in f && f.from?.role === 'bot';
