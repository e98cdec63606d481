// B3: how fast sockets get in: connect + hello (new visitors), and connect + hello + resume
// (returning visitors and agents), against the bare router's connect + hello (goal ≥ 0.5×).
import type { FleetConnectReport } from '../lib/fleet.js';
import { sleep } from '../lib/pool.js';
import { CpuMeter } from '../lib/proc-stat.js';
import type { Goal, Scenario } from '../lib/result.js';
import { int, times } from '../lib/result.js';
import { startTarget, type LiveTarget, type TargetKind } from '../lib/target.js';

/** A setup step with the server CPU it cost: seconds in all, and µs per socket. */
interface Measured extends FleetConnectReport {
  serverCpuSec: number;
  serverCpuUsPerSocket: number;
  generatorBound: boolean;
}

interface Rates {
  target: string;
  /** New visitors: connect + hello (Kefu stores a contact). */
  fresh: Measured;
  /** Agents after the conversations exist: connect + hello + resume. */
  agents: Measured;
  /** Everyone again, with visitor token and resume, a few rounds. */
  returning: Measured[];
}

const CONCURRENCY = 64;
const ROUNDS = 2;

// The best round: one slowed by load from outside the bench says little about the server.
const best = (reports: Measured[]): number => Math.max(...reports.map((r) => r.perSec));
const bestCpu = (reports: Measured[]): number => Math.min(...reports.map((r) => r.serverCpuUsPerSocket));

/** Runs a connect step while metering the server's CPU. */
async function metered(target: LiveTarget, step: () => Promise<FleetConnectReport>, socketsPerItem: number): Promise<Measured> {
  const server = new CpuMeter([target.server.pid]);
  const generators = new CpuMeter(target.fleet.pids);
  const report = await step();
  const cpu = server.read();
  const gen = generators.read();
  const sockets = Math.max(1, report.ok * socketsPerItem);
  // A generator busier than the server (over most of a core per process) was the limit, not the server.
  return { ...report, serverCpuSec: cpu.seconds, serverCpuUsPerSocket: (cpu.seconds * 1e6) / sockets, generatorBound: gen.cores > cpu.cores };
}

export const b3ConnectRate: Scenario = {
  id: 'B3',
  title: 'Connect + hello (+ resume) rate',
  smoke: false,
  estimateSec: 60,
  smokeEstimateSec: 40,
  async run(ctx) {
    const pairs = ctx.smoke ? 200 : 1000;
    const targets: TargetKind[] = ['kefu', 'bare-ws'];
    const all: Rates[] = [];
    for (const kind of targets) {
      const target = await startTarget(ctx, kind, { pairs });
      try {
        const { fleet } = target;
        const fresh = await metered(target, () => fleet.connect({ who: 'visitors', concurrency: CONCURRENCY, resume: false }), 1);
        await fleet.createConversations(CONCURRENCY);
        const agents = await metered(target, () => fleet.connect({ who: 'agents', concurrency: CONCURRENCY, resume: true }), 1);
        const returning: Measured[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          await fleet.closeSockets();
          await sleep(500);
          returning.push(await metered(target, () => fleet.connect({ who: 'both', concurrency: CONCURRENCY, resume: true }), 2));
        }
        all.push({ target: kind, fresh, agents, returning });
        ctx.log(`  ${kind}: new visitors ${int(fresh.perSec)}/s, agents+resume ${int(agents.perSec)}/s, returning ${int(best(returning))}/s`);
      } finally {
        await target.stop();
      }
    }

    const kefu = all.find((r) => r.target === 'kefu');
    const bare = all.find((r) => r.target === 'bare-ws');
    interface Flow {
      name: string;
      rate: (r: Rates) => number;
      cpuUs: (r: Rates) => number;
      failed: (r: Rates) => number;
    }
    const flows: Flow[] = [
      { name: 'new visitors: connect + hello', rate: (r) => r.fresh.perSec, cpuUs: (r) => r.fresh.serverCpuUsPerSocket, failed: (r) => r.fresh.failed },
      { name: 'agents: connect + hello + resume', rate: (r) => r.agents.perSec, cpuUs: (r) => r.agents.serverCpuUsPerSocket, failed: (r) => r.agents.failed },
      {
        name: `returning visitors and agents: connect + hello + resume (best of ${ROUNDS})`,
        rate: (r) => best(r.returning),
        cpuUs: (r) => bestCpu(r.returning),
        failed: (r) => r.returning.reduce((n, x) => n + x.failed, 0),
      },
    ];
    const goals: Goal[] = [];
    if (kefu && bare) {
      for (const flow of [flows[0]!, flows[2]!]) {
        // Judged on the lower of two ratios: measured rates (which a busy generator can cap for both
        // alike) and server CPU per socket (what the rate would be if the server had the core alone).
        const rateRatio = flow.rate(kefu) / flow.rate(bare);
        const cpuRatio = flow.cpuUs(bare) / flow.cpuUs(kefu);
        const ratio = Math.min(rateRatio, cpuRatio);
        goals.push({
          scenario: 'B3',
          name: `${flow.name} vs bare-ws`,
          target: '≥ 0.5×',
          measured: `${int(flow.rate(kefu))}/s vs ${int(flow.rate(bare))}/s (${times(rateRatio)}); server CPU ${int(flow.cpuUs(kefu))} vs ${int(flow.cpuUs(bare))} µs/socket (${times(cpuRatio)})`,
          ratio,
          met: ratio >= 0.5 && flow.failed(kefu) === 0,
        });
      }
    }
    return {
      notes: [
        `${int(pairs)} pairs on ${ctx.workers} generator processes, ${CONCURRENCY} handshakes in flight per process. A socket counts when its \`welcome\` (and, with resume, its \`synced\`) has arrived; the rate is sockets over the time from the first connect to the last of them. The bare router answers \`hello\` with \`welcome\` and \`synced\` at once: it is the bare upgrade rate of \`ws\`. On this machine the kernel's loopback connect and the \`ws\` client's handshake cost the generator about as much CPU as the server, so the measured rates are partly the generator's limit; the server CPU per socket (from /proc) shows the server's own cost, and the goal is judged on the lower of the two ratios.`,
      ],
      goals,
      tables: [
        {
          title: 'Sockets per second',
          columns: ['flow', 'kefu/s', 'bare-ws/s', 'ratio', 'kefu server µs/socket', 'bare-ws server µs/socket', 'ratio (CPU)', 'failed (kefu)'],
          rows: flows.map((f) => [
            f.name,
            kefu ? int(f.rate(kefu)) : '',
            bare ? int(f.rate(bare)) : '',
            kefu && bare ? times(f.rate(kefu) / f.rate(bare)) : '',
            kefu ? int(f.cpuUs(kefu)) : '',
            bare ? int(f.cpuUs(bare)) : '',
            kefu && bare ? times(f.cpuUs(bare) / f.cpuUs(kefu)) : '',
            kefu ? f.failed(kefu) : '',
          ]),
        },
      ],
      charts: [],
      data: { pairs, concurrency: CONCURRENCY, rates: all },
    };
  },
};
