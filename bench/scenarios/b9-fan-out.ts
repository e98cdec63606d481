// B9: 200 agents watching a busy queue. New visitors start conversations on a fixed schedule; every
// agent connection of the tenant receives a `conv` update for each. Goal: p99 of those updates ≤ 2×
// the typing relay's p99 (B6), measured here on the same server at the same rate of frames out,
// in mirrored rounds.
import { merge, percentiles, type Percentiles } from '../lib/histogram.js';
import { measureStep, type Step } from '../lib/measure.js';
import { sleep } from '../lib/pool.js';
import { CpuMeter, rssBytes } from '../lib/proc-stat.js';
import type { Goal, Scenario } from '../lib/result.js';
import { int, ms, times } from '../lib/result.js';
import { latencyTable, meanOf } from '../lib/steps.js';
import { PALETTE } from '../lib/svg-chart.js';
import { setupPairs, startTarget, type LiveTarget } from '../lib/target.js';
import type { ConnectReport, FanoutReport } from '../lib/types.js';

const LEAD_MS = 300;

/**
 * Rounds in the order typing, fan-out, fan-out, typing; each side's p99 is the mean of its two.
 * The typing relay's p99 alone moved by 3× between runs on one build (bench/FINDINGS.md), and a
 * round measured later tends to be slower as the server's database and heap grow: the mirrored
 * order makes such a drift weigh on both sides alike.
 */
const ROUNDS = ['typing', 'fan', 'fan', 'typing'] as const;

interface FanRound {
  label: string;
  started: number;
  expected: number;
  received: number;
  late: number;
  errors: number;
  firstError: string | null;
  latency: Percentiles;
  issueLag: Percentiles;
  serverCpuCores: number;
  rssMiB: number;
}

interface FanPlan {
  convPerSec: number;
  window: { warmupMs: number; durationMs: number };
}

/** One round of new conversations on the open-loop schedule, timed at every agent of each worker. */
async function fanRound(target: LiveTarget, label: string, { convPerSec, window }: FanPlan): Promise<FanRound> {
  const { fleet } = target;
  const workers = fleet.workers.length;
  const perWorker = Math.ceil(((window.warmupMs + window.durationMs + LEAD_MS) * convPerSec) / 1000 / workers) + 5;
  const prepared = await fleet.tell<ConnectReport>({ cmd: 'prepareVisitors', count: perWorker, concurrency: 50 });
  const failed = prepared.reduce((n, p) => n + p.failed, 0);
  if (failed > 0) throw new Error(`${failed} new visitors failed to say hello: ${prepared.find((p) => p.firstError)?.firstError}`);
  await sleep(500);
  const startAtMs = Date.now() + LEAD_MS;
  const run = fleet.tell<FanoutReport>({ cmd: 'fanoutRun', startAtMs, ...window, drainMs: 3_000, ratePerSec: convPerSec / workers });
  await sleep(startAtMs + window.warmupMs - Date.now());
  const cpu = new CpuMeter([target.server.pid]);
  await sleep(window.durationMs);
  const serverCpuCores = cpu.read().cores;
  const rssMiB = rssBytes(target.server.pid) / 2 ** 20;
  const parts = await run;
  const sum = (pick: (p: FanoutReport) => number) => parts.reduce((n, p) => n + pick(p), 0);
  return {
    label,
    started: sum((p) => p.started),
    expected: sum((p) => p.expected),
    received: sum((p) => p.received),
    late: sum((p) => p.late),
    errors: sum((p) => p.errors),
    firstError: parts.find((p) => p.firstError)?.firstError ?? null,
    latency: percentiles(merge(parts.map((p) => p.histogram))),
    issueLag: percentiles(merge(parts.map((p) => p.issueLag))),
    serverCpuCores,
    rssMiB,
  };
}

export const b9FanOut: Scenario = {
  id: 'B9',
  title: 'Fan-out: agents watching a busy queue',
  smoke: true,
  estimateSec: 40,
  smokeEstimateSec: 16,
  async run(ctx) {
    const agents = ctx.smoke ? 20 : 200;
    const convPerSec = ctx.smoke ? 10 : 50;
    const framesPerSec = agents * convPerSec;
    const window = ctx.smoke ? { warmupMs: 500, durationMs: 2000 } : { warmupMs: 1000, durationMs: 5000 };
    const target = await startTarget(ctx, 'kefu', { pairs: agents });
    const typingRounds: Step[] = [];
    const fanRounds: FanRound[] = [];
    try {
      await setupPairs(target);
      for (const [i, kind] of ROUNDS.entries()) {
        const label = `${i + 1}: ${kind === 'typing' ? 'typing relay' : '`conv` fan-out'}`;
        if (kind === 'typing') {
          // The reference: typing relayed visitor→agent on this server, as many frames per second
          // as the fan-out delivers.
          const step = await measureStep(target, { mode: 'typing', rate: framesPerSec, ...window });
          typingRounds.push({ ...step, target: label });
          ctx.log(`  ${label} ${int(framesPerSec)}/s: p50 ${ms(step.typing.p50)} p99 ${ms(step.typing.p99)} ms`);
        } else {
          const fan = await fanRound(target, label, { convPerSec, window });
          fanRounds.push(fan);
          ctx.log(`  ${label}, ${int(convPerSec)} conversations/s to ${agents} agents: p50 ${ms(fan.latency.p50)} p99 ${ms(fan.latency.p99)} ms, ${fan.received}/${fan.expected} received`);
        }
      }
    } finally {
      await target.stop();
    }

    const goals: Goal[] = [];
    const complete = typingRounds.length === 2 && fanRounds.length === 2;
    const typingP99 = meanOf(typingRounds, (r) => r.typing.p99);
    const fanP99 = meanOf(fanRounds, (r) => r.latency.p99);
    const ratio = complete ? fanP99 / Math.max(typingP99, 0.001) : null;
    if (ratio !== null) {
      goals.push({
        scenario: 'B9',
        name: `\`conv\` update p99, ${agents} agents, ${int(convPerSec)} new conversations/s, vs typing relay at ${int(framesPerSec)}/s (B6)`,
        target: '≤ 2×',
        measured: `${ms(fanP99)} ms vs ${ms(typingP99)} ms (mean of two rounds each)`,
        ratio,
        met: ratio <= 2 && fanRounds.every((r) => r.late === 0) && typingRounds.every((r) => r.late === 0),
      });
    }
    return {
      notes: [
        `${agents} agents (one connection each, each with a conversation of its own claimed, so that typing can be relayed to it) watch the demo tenant. New visitors, connected beforehand, start conversations on one open-loop schedule of ${int(convPerSec)}/s; each creation sends a \`conv\` update to every agent connection of the tenant, ${int(framesPerSec)} frames/s in all, and routing may assign the conversation (another update). Latency: from the first send's intended time to each agent's first \`conv\` frame of that conversation (its creation is a durable write, so this includes one group commit). Each generator process times the conversations its own visitors started, at every one of its agents. The reference is B6's typing relay on the same server at the same rate of frames out: ${int(framesPerSec)} typing frames/s spread over the ${agents} pairs. Four rounds in the order typing, fan-out, fan-out, typing (new visitors for each fan-out round); each side's p99 is the mean of its two rounds, so that what drifts steadily over the run weighs on both alike. ${window.warmupMs / 1000} s warm-up, ${window.durationMs / 1000} s measured, each round.`,
      ],
      goals,
      tables: [
        {
          title: '`conv` updates, new conversation → every agent',
          columns: ['round', 'conversations/s', 'agents', 'frames/s', 'conversations', 'updates expected', 'received', 'late', 'errors', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'server CPU', 'issue lag p99 ms', 'RSS MiB'],
          rows: fanRounds.map((fan) => [
            fan.label,
            int(convPerSec),
            agents,
            int(framesPerSec),
            int(fan.started),
            int(fan.expected),
            int(fan.received),
            fan.late,
            fan.errors,
            ms(fan.latency.p50),
            ms(fan.latency.p90),
            ms(fan.latency.p99),
            ms(fan.latency.p999),
            ms(fan.latency.max),
            fan.serverCpuCores.toFixed(2),
            ms(fan.issueLag.p99),
            fan.rssMiB.toFixed(0),
          ]),
        },
        latencyTable('Reference: typing relay on the same server', typingRounds, 'typing'),
      ],
      charts:
        ratio !== null
          ? [
              {
                kind: 'bar',
                file: 'b9-fan-out.svg',
                title: `B9 p99 (mean of two rounds each): \`conv\` updates to ${agents} agents vs typing relay, ${int(framesPerSec)} frames/s`,
                yLabel: 'p99 ms',
                bars: [
                  { label: 'typing relay', value: Math.round(typingP99 * 10) / 10, color: PALETTE[2] },
                  { label: '`conv` fan-out', value: Math.round(fanP99 * 10) / 10, color: PALETTE[0] },
                ],
                guides: [{ y: typingP99 * 2, label: '2× typing (goal)' }],
              },
            ]
          : [],
      data: { agents, convPerSec, framesPerSec, window, typingRounds, fanRounds, ratio: ratio === null ? null : times(ratio) },
    };
  },
};
