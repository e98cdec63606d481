// A load-generator process (child_process.fork): holds its share of the pairs on its own source
// address and runs what the parent asks, one command at a time, answering over IPC.
import { SourceAddresses } from './addresses.js';
import { runOpenLoop } from './open-loop.js';
import { Pair } from './pair.js';
import { pool, sleep } from './pool.js';
import { messageText, Recorder } from './recorder.js';
import type { ConnectOptions, ConnectReport, RunOptions, RunReport, StatsReport, WorkerCommand, WorkerReply, WorkerRequest } from './types.js';
import { ScenarioClients } from './worker-scenarios.js';
import { errorText } from './worker-state.js';

let workerIndex = 0;
let workerCount = 1;
let sources: SourceAddresses;
let pairs: Pair[] = [];
let runs = 0;
const recorder = new Recorder();
let extras: ScenarioClients | null = null;

async function handle(command: WorkerCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'init':
      workerIndex = command.workerIndex;
      workerCount = command.workerCount;
      sources = new SourceAddresses(command.localAddresses);
      pairs = command.pairs.map(
        (spec, i) => new Pair(i, `${workerIndex}.${i}`, spec, command.target, sources, recorder),
      );
      extras = new ScenarioClients({ workerIndex, workerCount, sources, target: command.target, pairs, recorder });
      return pairs.length;
    case 'connect':
      return connect(command.options);
    case 'createConversations':
      return timed(command.concurrency, (pair) => pair.createConversation());
    case 'run':
      return run(command.options);
    case 'stats':
      return stats();
    case 'close':
      for (const pair of pairs) pair.destroy();
      return pairs.length;
    default:
      if (!extras) throw new Error('init first');
      return extras.handle(command);
  }
}

function connect(options: ConnectOptions): Promise<ConnectReport> {
  return timed(options.concurrency, async (pair) => {
    if (options.deadlineAtMs !== undefined && Date.now() > options.deadlineAtMs) throw new Error('not attempted: the time limit had passed');
    if (options.who !== 'agents') await pair.connect('visitor', options.resume);
    if (options.who !== 'visitors') await pair.connect('agent', options.resume);
  });
}

/** Runs a setup step for every pair, counting failures instead of stopping at the first. */
async function timed(concurrency: number, step: (pair: Pair) => Promise<void>): Promise<ConnectReport> {
  const report: ConnectReport = { ok: 0, failed: 0, firstError: null, startedAtMs: Date.now(), endedAtMs: 0 };
  await pool(pairs, concurrency, async (pair) => {
    try {
      await step(pair);
      report.ok += 1;
    } catch (error) {
      report.failed += 1;
      report.firstError ??= errorText(error);
    }
  });
  report.endedAtMs = Date.now();
  return report;
}

async function run(options: RunOptions): Promise<RunReport> {
  runs += 1;
  const clockOffset = Date.now() - performance.now();
  const startMs = options.startAtMs - clockOffset;
  const windowStart = startMs + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  recorder.reset(windowStart, windowEnd, options.ackEveryMs);
  const live = pairs.filter((p) => p.conv !== null && !p.reserved);
  if (live.length === 0) throw new Error('no pair has a conversation to send to');

  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let cpu: NodeJS.CpuUsage = { user: 0, system: 0 };
  const t1 = setTimeout(() => (cpuAtStart = process.cpuUsage()), Math.max(0, windowStart - performance.now()));
  const t2 = setTimeout(() => (cpu = process.cpuUsage(cpuAtStart ?? undefined)), Math.max(0, windowEnd - performance.now()));

  const prefix = `${workerIndex}.${runs}.`;
  await runOpenLoop({
    startMs,
    ratePerSec: options.ratePerSec,
    endMs: windowEnd,
    share: { index: workerIndex, of: workerCount },
    issue: (n, intended) => {
      const pair = live[n % live.length]!;
      const conv = pair.conv!;
      if (options.mode === 'send') {
        const id = prefix + n;
        if (!pair.send('visitor', { t: 'send', id, conv, text: messageText(intended, id) })) return recorder.notIssued(intended, 'visitor socket closed');
        recorder.issued(intended, id);
      } else {
        if (!pair.send('visitor', { t: 'typing', conv, on: n % 2 === 0 })) return recorder.notIssued(intended, 'visitor socket closed');
        pair.typingInFlight.push(recorder.inWindow(intended) ? intended : -1);
        recorder.issued(intended, null);
      }
    },
  });

  // Outstanding answers get `drainMs` to arrive; what is still missing then is late.
  const deadline = performance.now() + options.drainMs;
  const pending = () =>
    recorder.awaitingSent.size + recorder.awaitingDelivery.size + live.reduce((n, p) => n + p.typingInFlight.filter((t) => t >= 0).length, 0);
  while (pending() > 0 && performance.now() < deadline) await sleep(5);
  clearTimeout(t1);
  clearTimeout(t2);
  const late = recorder.settleLate(live);
  return recorder.report(late, cpu);
}

function stats(): StatsReport {
  let open = 0;
  let closed = 0;
  let minPings = Number.POSITIVE_INFINITY;
  let maxPings = 0;
  for (const pair of pairs) {
    for (const link of [pair.visitor, pair.agent]) {
      if (!link) continue;
      if (!link.isOpen) {
        closed += 1;
        continue;
      }
      open += 1;
      minPings = Math.min(minPings, link.pings);
      maxPings = Math.max(maxPings, link.pings);
    }
  }
  return { open, closed, minPings: open > 0 ? minPings : 0, maxPings, lastClose: recorder.lastClose };
}

process.on('message', (request: WorkerRequest) => {
  const { id, ...command } = request;
  handle(command).then(
    (value) => process.send!({ id, ok: true, value } satisfies WorkerReply),
    (error: unknown) => process.send!({ id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply),
  );
});

// The parent going away must not leave sockets open against the next scenario's server.
process.on('disconnect', () => process.exit(0));
