// The generator's side of B8–B12: slow readers and their flood, churn, new visitors starting
// conversations under the eyes of every agent, questions to the bot, and clients that reconnect by
// themselves through a restart (storm-clients) and then check their timelines seq by seq.
import type { SentFrame, ServerFrame } from '@kefu/protocol';
import { encode, newHistogram, recordMs } from './histogram.js';
import { runOpenLoop } from './open-loop.js';
import { Pair, type Side } from './pair.js';
import { pool, sleep } from './pool.js';
import { Storm } from './storm-clients.js';
import { errorText, type WorkerState } from './worker-state.js';
import type { BotReport, ChurnReport, ConnectReport, ExtraCommand, FanoutReport, FloodReport } from './types.js';


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
    const { workerIndex, target, sources, recorder } = this.state;
    for (const v of this.visitors) v.destroy();
    const base = this.visitors.length;
    this.visitors = Array.from({ length: count }, (_, i) => new Pair(i, `v${workerIndex}.${base + i}`, { agentToken: '' }, target, sources, recorder));
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
      share: { index: workerIndex, of: this.state.workerCount },
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
      share: { index: workerIndex, of: this.state.workerCount },
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

const isBotReply = (f: ServerFrame): boolean => f.t === 'msg' && 'from' in f && f.from?.role === 'bot';
