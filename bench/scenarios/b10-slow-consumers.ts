// B10: 1 % of the sockets stop reading while the rest carry ordinary traffic. Goal: the others'
// p99 ≤ 1.2× the same run without slow readers, and the server's memory bounded (its send buffer
// limit closes a socket that stops reading; RSS reported before and after).
import { measureStep, type Step } from '../lib/measure.js';
import { sleep } from '../lib/pool.js';
import { rssBytes } from '../lib/proc-stat.js';
import type { Goal, Scenario } from '../lib/result.js';
import { int, ms, times } from '../lib/result.js';
import { latencyTable, meanOf } from '../lib/steps.js';
import { PALETTE } from '../lib/svg-chart.js';
import { setupPairs, startTarget } from '../lib/target.js';
import type { FloodReport } from '../lib/types.js';

/** The server's default `KEFU_SEND_HIGH_WATER_BYTES`: past it a socket is closed. */
const HIGH_WATER_BYTES = 1_048_576;
const FLOOD_BYTES = 48 * 1024;

async function steadyRssMiB(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssBytes(pid));
    await sleep(200);
  }
  return samples.sort((a, b) => a - b)[2]! / 2 ** 20;
}

/**
 * Rounds in the order reading, stalled, stalled, reading; each side's p99 is the mean of its two.
 * One 5 s round at 500/s puts its p99 on the 25th-slowest message: two rounds with every socket
 * reading differed by 0.77–1.34× (bench/FINDINGS.md), wider than the goal's 1.2×. The mirrored
 * order cancels what drifts steadily over the run (the database grows with every round's flood).
 */
const ROUNDS_PAUSED = [false, true, true, false];

interface Round {
  label: string;
  paused: boolean;
  step: Step;
  flood: FloodReport;
  rssBeforeMiB: number;
  rssAfterMiB: number;
}

export const b10SlowConsumers: Scenario = {
  id: 'B10',
  title: 'Slow consumers: 1 % of sockets stop reading',
  smoke: false,
  estimateSec: 70,
  smokeEstimateSec: 20,
  async run(ctx) {
    const pairs = ctx.smoke ? 100 : 1000;
    const rate = ctx.smoke ? 100 : 500;
    const window = ctx.smoke ? { warmupMs: 1500, durationMs: 3000 } : { warmupMs: 4000, durationMs: 5000 };
    const floodPerPair = ctx.smoke ? 5 : 8;
    const target = await startTarget(ctx, 'kefu', { pairs });
    const rounds: Round[] = [];
    let slow = 0;
    let rssEndMiB = 0;
    try {
      const { fleet } = target;
      await setupPairs(target);
      // 1 % of the sockets: that many agents, whose visitors also send them large messages so that
      // a socket that stops reading fills its buffers quickly; those pairs are left out of the
      // measured schedule. The same flood runs in every round; only the reading differs.
      const perWorker = Math.max(1, Math.round((pairs * 2) / 100 / fleet.workers.length));
      slow = (await fleet.tell<number>({ cmd: 'reserve', count: perWorker })).reduce((a, b) => a + b, 0);
      let pausedNow = false;
      for (const [i, paused] of ROUNDS_PAUSED.entries()) {
        if (pausedNow && !paused) {
          // Reading again: what the paused sockets held back drains before the round is measured.
          await fleet.tell({ cmd: 'pauseReserved', paused: false });
          await sleep(2_000);
        }
        const rssBeforeMiB = await steadyRssMiB(target.server.pid);
        if (paused && !pausedNow) await fleet.tell({ cmd: 'pauseReserved', paused: true });
        pausedNow = paused;
        const flood = fleet.tell<FloodReport>({ cmd: 'flood', startAtMs: Date.now() + 300, durationMs: window.warmupMs + window.durationMs, ratePerPair: floodPerPair, bytes: FLOOD_BYTES });
        const step = await measureStep(target, { mode: 'send', rate, ...window });
        const parts = await flood;
        const rssAfterMiB = await steadyRssMiB(target.server.pid);
        rounds.push({
          label: `${i + 1}: ${paused ? `${slow} agent sockets not reading` : 'all reading'}`,
          paused,
          step,
          flood: {
            sent: parts.reduce((n, p) => n + p.sent, 0),
            answered: parts.reduce((n, p) => n + p.answered, 0),
            errors: parts.reduce((n, p) => n + p.errors, 0),
            firstError: parts.find((p) => p.firstError)?.firstError ?? null,
            closedByServer: parts.reduce((n, p) => n + p.closedByServer, 0),
            firstClose: parts.find((p) => p.firstClose)?.firstClose ?? null,
          },
          rssBeforeMiB,
          rssAfterMiB,
        });
        ctx.log(`  ${rounds.at(-1)!.label}: visitor→agent p99 ${ms(step.endToEnd.p99)} ms, RSS ${rssBeforeMiB.toFixed(0)} → ${rssAfterMiB.toFixed(0)} MiB, closed by server ${rounds.at(-1)!.flood.closedByServer}`);
      }
      await fleet.tell({ cmd: 'pauseReserved', paused: false });
      await sleep(2_000);
      rssEndMiB = await steadyRssMiB(target.server.pid);
    } finally {
      await target.stop();
    }

    const goals: Goal[] = [];
    const reading = rounds.filter((r) => !r.paused);
    const stalled = rounds.filter((r) => r.paused);
    const complete = reading.length > 0 && stalled.length > 0;
    const readingP99 = meanOf(reading, (r) => r.step.endToEnd.p99);
    const stalledP99 = meanOf(stalled, (r) => r.step.endToEnd.p99);
    const ratio = complete ? stalledP99 / Math.max(readingP99, 0.001) : null;
    if (ratio !== null) {
      goals.push({
        scenario: 'B10',
        name: `others' visitor→agent p99 at ${int(rate)}/s with ${slow} of ${int(pairs * 2)} sockets not reading, vs all reading`,
        target: '≤ 1.2×',
        measured: `${ms(stalledP99)} ms vs ${ms(readingP99)} ms (mean of two rounds each)`,
        ratio,
        met: ratio <= 1.2 && stalled.every((r) => r.step.late === 0),
      });
      const growth = (r: Round) => r.rssAfterMiB - r.rssBeforeMiB;
      const extraMiB = meanOf(stalled, growth) - meanOf(reading, growth);
      const boundMiB = (slow * HIGH_WATER_BYTES) / 2 ** 20;
      const growths = (rs: Round[]) => rs.map((r) => growth(r).toFixed(0)).join(' and ');
      goals.push({
        scenario: 'B10',
        name: 'server memory bounded while sockets do not read',
        target: `extra RSS growth ≤ ${slow} × send buffer limit (${boundMiB.toFixed(0)} MiB)`,
        measured: `${extraMiB.toFixed(1)} MiB (RSS growth ${growths(stalled)} MiB not reading, ${growths(reading)} MiB all reading; ${rssEndMiB.toFixed(0)} MiB at the end)`,
        ratio: null,
        met: extraMiB <= boundMiB,
      });
    }
    return {
      notes: [
        `${int(pairs)} visitor–agent pairs (${int(pairs * 2)} sockets). Visitors of all but ${slow} pairs send on one open-loop schedule of ${int(rate)} messages/s (B4/B5's traffic); the visitors of the other ${slow} pairs send their agents ${floodPerPair} messages/s of ${FLOOD_BYTES / 1024} KiB each (not measured). Four rounds with the same traffic, in the order: every socket reads; those ${slow} agent sockets (1 % of all) stop reading (the TCP socket is paused, so the kernel's buffers fill and then the server's); again; every socket reads again (after 2 s for the paused sockets to drain). The others' p99 is the mean of the two rounds of each kind, so that what drifts steadily over the run weighs on both alike. RSS is the median of five samples before and after each round; the server closes a socket whose unsent data passes its send buffer limit (\`KEFU_SEND_HIGH_WATER_BYTES\`, 1 MiB by default), so the mean growth of a round without reading should exceed that of a reading round by less than ${slow} × 1 MiB. ${window.warmupMs / 1000} s warm-up, ${window.durationMs / 1000} s measured, each round.`,
      ],
      goals,
      tables: [
        {
          title: 'Rounds',
          columns: ['round', 'visitor→agent p50 ms', 'p99 ms', 'send→sent p99 ms', 'late', 'errors', 'large messages sent', 'answered', 'slow sockets closed by the server', 'RSS before MiB', 'RSS after MiB', 'server CPU'],
          rows: rounds.map((r) => [
            r.label,
            ms(r.step.endToEnd.p50),
            ms(r.step.endToEnd.p99),
            ms(r.step.sendToSent.p99),
            r.step.late,
            r.step.errors,
            int(r.flood.sent),
            int(r.flood.answered),
            r.flood.closedByServer,
            r.rssBeforeMiB.toFixed(0),
            r.rssAfterMiB.toFixed(0),
            r.step.serverCpuCores.toFixed(2),
          ]),
        },
        { ...latencyTable('Others: visitor→agent', rounds.map((r) => ({ ...r.step, target: r.label })), 'endToEnd') },
      ],
      charts:
        ratio !== null
          ? [
              {
                kind: 'bar',
                file: 'b10-slow-consumers.svg',
                title: `B10 others' visitor→agent p99 (mean of two rounds each), ${slow} of ${int(pairs * 2)} sockets not reading`,
                yLabel: 'p99 ms',
                bars: [
                  { label: 'all reading', value: Math.round(readingP99), color: PALETTE[2] },
                  { label: `${slow} not reading`, value: Math.round(stalledP99), color: PALETTE[0] },
                ],
                guides: [{ y: readingP99 * 1.2, label: '1.2× (goal)' }],
              },
            ]
          : [],
      data: { pairs, rate, slow, floodPerPair, floodBytes: FLOOD_BYTES, window, rounds, rssEndMiB, ratio: ratio === null ? null : times(ratio) },
    };
  },
};
