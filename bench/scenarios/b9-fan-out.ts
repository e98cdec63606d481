// B9: 200 agents watching a busy queue. New visitors start conversations on a fixed schedule; every
// agent connection of the tenant receives a `conv` update for each. Goal: p99 of those updates ≤ 2×
// the typing relay's p99 (B6), measured here on the same server at the same rate of frames out.
import { merge, percentiles, type Percentiles } from '../lib/histogram.js';
import { measureStep, type Step } from '../lib/measure.js';
import { sleep } from '../lib/pool.js';
import { CpuMeter, rssBytes } from '../lib/proc-stat.js';
import type { Goal, Scenario } from '../lib/result.js';
import { int, ms } from '../lib/result.js';
import { latencyTable } from '../lib/steps.js';
import { PALETTE } from '../lib/svg-chart.js';
import { setupPairs, startTarget } from '../lib/target.js';
import type { ConnectReport, FanoutReport } from '../lib/types.js';

const LEAD_MS = 300;

export const b9FanOut: Scenario = {
  id: 'B9',
  title: 'Fan-out: agents watching a busy queue',
  smoke: true,
  estimateSec: 25,
  smokeEstimateSec: 12,
  async run(ctx) {
    const agents = ctx.smoke ? 20 : 200;
    const convPerSec = ctx.smoke ? 10 : 50;
    const framesPerSec = agents * convPerSec;
    const window = ctx.smoke ? { warmupMs: 500, durationMs: 2000 } : { warmupMs: 1000, durationMs: 5000 };
    const target = await startTarget(ctx, 'kefu', { pairs: agents });
    let typing: Step | null = null;
    let fan: { started: number; expected: number; received: number; late: number; errors: number; firstError: string | null; latency: Percentiles; issueLag: Percentiles; serverCpuCores: number; rssMiB: number } | null = null;
    try {
      const { fleet } = target;
      await setupPairs(target);
      // The reference: typing relayed visitor→agent on this server, as many frames per second as
      // the fan-out will deliver.
      typing = await measureStep(target, { mode: 'typing', rate: framesPerSec, ...window });
      ctx.log(`  typing ${int(framesPerSec)}/s: p50 ${ms(typing.typing.p50)} p99 ${ms(typing.typing.p99)} ms`);
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
      fan = {
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
      ctx.log(`  conv fan-out ${int(convPerSec)} conversations/s to ${agents} agents: p50 ${ms(fan.latency.p50)} p99 ${ms(fan.latency.p99)} ms, ${fan.received}/${fan.expected} received`);
    } finally {
      await target.stop();
    }

    const goals: Goal[] = [];
    if (typing && fan) {
      const ratio = fan.latency.p99 / Math.max(typing.typing.p99, 0.001);
      goals.push({
        scenario: 'B9',
        name: `\`conv\` update p99, ${agents} agents, ${int(convPerSec)} new conversations/s, vs typing relay at ${int(framesPerSec)}/s (B6)`,
        target: '≤ 2×',
        measured: `${ms(fan.latency.p99)} ms vs ${ms(typing.typing.p99)} ms`,
        ratio,
        met: ratio <= 2 && fan.late === 0 && typing.late === 0,
      });
    }
    return {
      notes: [
        `${agents} agents (one connection each, each with a conversation of its own claimed, so that typing can be relayed to it) watch the demo tenant. New visitors, connected beforehand, start conversations on one open-loop schedule of ${int(convPerSec)}/s; each creation sends a \`conv\` update to every agent connection of the tenant, ${int(framesPerSec)} frames/s in all, and routing may assign the conversation (another update). Latency: from the first send's intended time to each agent's first \`conv\` frame of that conversation (its creation is a durable write, so this includes one group commit). Each generator process times the conversations its own visitors started, at every one of its agents. The reference is B6's typing relay, measured on the same server just before at the same rate of frames out: ${int(framesPerSec)} typing frames/s spread over the ${agents} pairs. ${window.warmupMs / 1000} s warm-up, ${window.durationMs / 1000} s measured, each.`,
      ],
      goals,
      tables: [
        {
          title: '`conv` updates, new conversation → every agent',
          columns: ['conversations/s', 'agents', 'frames/s', 'conversations', 'updates expected', 'received', 'late', 'errors', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'server CPU', 'issue lag p99 ms', 'RSS MiB'],
          rows: fan
            ? [
                [
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
                ],
              ]
            : [],
        },
        latencyTable('Reference: typing relay on the same server', typing ? [typing] : [], 'typing'),
      ],
      charts:
        typing && fan
          ? [
              {
                kind: 'bar',
                file: 'b9-fan-out.svg',
                title: `B9 p99: \`conv\` updates to ${agents} agents vs typing relay, ${int(framesPerSec)} frames/s`,
                yLabel: 'p99 ms',
                bars: [
                  { label: 'typing relay', value: Math.round(typing.typing.p99 * 10) / 10, color: PALETTE[2] },
                  { label: '`conv` fan-out', value: Math.round(fan.latency.p99 * 10) / 10, color: PALETTE[0] },
                ],
                guides: [{ y: typing.typing.p99 * 2, label: '2× typing (goal)' }],
              },
            ]
          : [],
      data: { agents, convPerSec, framesPerSec, window, typing, fan },
    };
  },
};
