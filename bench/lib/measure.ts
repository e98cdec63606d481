// One measured step at one offered rate: every worker runs its share of an open-loop schedule while
// the parent samples the server's and the generators' CPU and probes the server's loop.
import { merge, percentiles, type Percentiles } from './histogram.js';
import { sleep } from './pool.js';
import { CpuMeter, machineBusySeconds, rssBytes } from './proc-stat.js';
import type { LiveTarget } from './target.js';
import type { RunMode } from './types.js';

export interface StepOptions {
  mode: RunMode;
  /** Offered rate for the whole fleet, frames per second. */
  rate: number;
  warmupMs: number;
  durationMs: number;
  drainMs?: number;
  /** Agents' cumulative acks, at most one per conversation per this many ms; default 50. */
  ackEveryMs?: number;
}

export interface Step {
  target: string;
  mode: RunMode;
  offeredPerSec: number;
  /** Frames answered (`sent`, or typing relayed) per second of the window. */
  achievedPerSec: number;
  offered: number;
  answered: number;
  delivered: number;
  late: number;
  errors: number;
  firstError: string | null;
  sendToSent: Percentiles;
  endToEnd: Percentiles;
  typing: Percentiles;
  /** How late the generators issued frames against their schedule: their own health. */
  issueLag: Percentiles;
  /** Ping/pong round trip on an idle connection: the server's loop delay seen from outside. */
  probe: Percentiles;
  serverCpuCores: number;
  generatorCpuCores: number;
  /**
   * Cores kept busy by everything else on the machine during the window (other processes, the
   * kernel's share not charged to ours, the bench parent): a measure of how quiet the machine was.
   */
  otherCpuCores: number;
  serverRssMiB: number;
}

const LEAD_MS = 300;
const IDLE_CORES = 0.15;

/**
 * Waits until the server has worked off what it still had queued (its CPU over a quarter second
 * falls below a sixth of a core), so an overloaded step does not spill into the next measurement.
 */
export async function waitIdle(pid: number, maxMs = 30_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const meter = new CpuMeter([pid]);
    await sleep(250);
    if (meter.read().cores < IDLE_CORES || performance.now() - started > maxMs) return performance.now() - started;
  }
}

export async function measureStep(target: LiveTarget, options: StepOptions): Promise<Step> {
  const { fleet, probe, server } = target;
  const workers = fleet.workers.length;
  const startAtMs = Date.now() + LEAD_MS;
  const windowStartMs = startAtMs + options.warmupMs;
  const run = fleet.run({
    mode: options.mode,
    ratePerSec: options.rate / workers,
    startAtMs,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    drainMs: options.drainMs ?? 3_000,
    ackEveryMs: options.ackEveryMs ?? 50,
  });
  await sleep(windowStartMs - Date.now());
  const serverCpu = new CpuMeter([server.pid]);
  const machineAtStart = machineBusySeconds();
  probe.reset();
  await sleep(options.durationMs);
  const cpu = serverCpu.read();
  const machineCores = (machineBusySeconds() - machineAtStart) / (options.durationMs / 1000);
  const probed = probe.read();
  const rss = rssBytes(server.pid);
  const reports = await run;
  await waitIdle(server.pid);

  const sum = (pick: (r: (typeof reports)[number]) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const answered = sum((r) => r.answered);
  const generatorCpuSec = sum((r) => r.cpuUserUs + r.cpuSystemUs) / 1e6;
  return {
    target: target.kind,
    mode: options.mode,
    offeredPerSec: options.rate,
    achievedPerSec: Math.round((answered * 1000) / options.durationMs),
    offered: sum((r) => r.offered),
    answered,
    delivered: sum((r) => r.delivered),
    late: sum((r) => r.late),
    errors: sum((r) => r.errors),
    firstError: reports.find((r) => r.firstError)?.firstError ?? null,
    sendToSent: percentiles(merge(reports.map((r) => r.histograms.sendToSent))),
    endToEnd: percentiles(merge(reports.map((r) => r.histograms.endToEnd))),
    typing: percentiles(merge(reports.map((r) => r.histograms.typing))),
    issueLag: percentiles(merge(reports.map((r) => r.histograms.issueLag))),
    probe: probed,
    serverCpuCores: round2(cpu.cores),
    generatorCpuCores: round2(generatorCpuSec / (options.durationMs / 1000)),
    otherCpuCores: round2(Math.max(0, machineCores - cpu.cores - generatorCpuSec / (options.durationMs / 1000))),
    serverRssMiB: Math.round(rss / 2 ** 20),
  };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
