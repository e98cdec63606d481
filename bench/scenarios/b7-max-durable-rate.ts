// B7: the highest durable send rate at which send→sent p99 stays ≤ 100 ms, for Kefu and the durable
// bare router, on one interleaved ladder of rates (goal ≥ 0.7× the router, and ≥ 10,000 msg/s).
import { measureStep, type Step } from '../lib/measure.js';
import { sleep } from '../lib/pool.js';
import type { Goal, Scenario } from '../lib/result.js';
import { int } from '../lib/result.js';
import { percentileSeries } from '../lib/steps.js';
import { setupPairs, startTargets, stopTargets, type LiveTarget, type TargetKind } from '../lib/target.js';

const P99_LIMIT_MS = 100;

/** A step passes when p99 is within the limit and every offered send was answered without error. */
export function passes(step: Step): boolean {
  return step.sendToSent.p99 <= P99_LIMIT_MS && step.late === 0 && step.errors === 0 && step.answered >= step.offered * 0.99;
}

export const b7MaxDurableRate: Scenario = {
  id: 'B7',
  title: 'Highest durable rate with p99 ≤ 100 ms',
  smoke: false,
  estimateSec: 120,
  smokeEstimateSec: 60,
  async run(ctx) {
    const pairs = ctx.smoke ? 200 : 1000;
    const ladder = ctx.smoke ? [500, 1000, 2000] : [500, 1000, 2000, 3000, 5000, 7500, 10_000, 15_000, 20_000, 30_000];
    const window = { warmupMs: 1000, durationMs: 3000 };
    const targets: TargetKind[] = ['kefu', 'durable-ws'];
    const steps: Step[] = [];
    const best = new Map<string, number>();
    const failedAt = new Map<string, number>();

    const measure = async (target: LiveTarget, rate: number) => {
      let step = await measureStep(target, { mode: 'send', rate, ...window });
      // A step can fail because something else on the machine took the cores for a moment:
      // a failed step is measured once more, and the better of the two counts.
      if (!passes(step)) {
        const again = await measureStep(target, { mode: 'send', rate, ...window });
        if (passes(again) || again.sendToSent.p99 < step.sendToSent.p99) step = again;
      }
      steps.push(step);
      const ok = passes(step);
      ctx.log(`  ${target.kind} ${int(rate)}/s: p99 ${step.sendToSent.p99} ms, answered ${int(step.achievedPerSec)}/s, late ${step.late} → ${ok ? 'pass' : 'fail'}`);
      if (ok) best.set(target.kind, Math.max(best.get(target.kind) ?? 0, rate));
      else failedAt.set(target.kind, Math.min(failedAt.get(target.kind) ?? Infinity, rate));
      await sleep(300);
    };

    const live = await startTargets(ctx, targets, { pairs });
    try {
      for (const target of live) await setupPairs(target);
      for (const rate of ladder) {
        const climbing = live.filter((t) => !failedAt.has(t.kind));
        if (climbing.length === 0) break;
        for (const target of climbing) await measure(target, rate);
      }
      // Two bisection steps between the last pass and the first failure, while the gap is wide:
      // the ladder's rungs are 25–50 % apart, too coarse for a ratio between two targets.
      for (let round = 0; round < 2; round++) {
        for (const target of live) {
          const lo = best.get(target.kind) ?? 0;
          const hi = failedAt.get(target.kind);
          if (hi === undefined || hi - lo < Math.max(500, lo * 0.12)) continue;
          await measure(target, Math.round((lo + hi) / 2 / 100) * 100);
        }
      }
    } finally {
      await stopTargets(live);
    }

    const kefu = best.get('kefu') ?? 0;
    const durable = best.get('durable-ws') ?? 0;
    const top = ladder[ladder.length - 1]!;
    const shown = (target: string, rate: number) => `${int(rate)}/s${failedAt.has(target) ? '' : ` (ladder top ${int(top)}/s reached)`}`;
    // A baseline that cannot climb past the first rung says the machine was too busy to measure
    // anything, not that Kefu kept up with it.
    const measurable = durable > ladder[0]!;
    const goals: Goal[] = [
      {
        scenario: 'B7',
        name: 'highest durable rate with p99 ≤ 100 ms vs durable-ws',
        target: '≥ 0.7×',
        measured: `${shown('kefu', kefu)} vs ${shown('durable-ws', durable)}${measurable ? '' : ' (not measurable: the baseline itself did not pass the first rung)'}`,
        ratio: durable > 0 ? kefu / durable : null,
        met: measurable && kefu / durable >= 0.7,
      },
      { scenario: 'B7', name: 'highest durable rate with p99 ≤ 100 ms', target: '≥ 10,000 msg/s', measured: `${int(kefu)} msg/s`, ratio: null, met: kefu >= 10_000 },
    ];
    const rows = [...steps].sort((a, b) => a.target.localeCompare(b.target) || a.offeredPerSec - b.offeredPerSec);
    return {
      notes: [
        `${int(pairs)} pairs; the offered rate climbs a ladder (${ladder.map(int).join(', ')} msg/s), every target in turn at each rate, until a step fails (send→sent p99 over ${P99_LIMIT_MS} ms, any send unanswered after 3 s, any error); then one step halfway between the last pass and the failure. A failed step is measured twice and the better try counts, so that a moment of contention from outside does not end the climb. Each step: ${window.warmupMs / 1000} s warm-up, ${window.durationMs / 1000} s measured. Highest passing rate: Kefu ${int(kefu)} msg/s, durable-ws ${int(durable)} msg/s.`,
      ],
      goals,
      tables: [
        {
          title: 'Ladder',
          columns: ['target', 'offered/s', 'answered/s', 'p50 ms', 'p99 ms', 'max ms', 'late', 'server CPU', 'generator CPU', 'other CPU', 'issue lag p99 ms', 'pass'],
          rows: rows.map((s) => [s.target, int(s.offeredPerSec), int(s.achievedPerSec), s.sendToSent.p50, s.sendToSent.p99, s.sendToSent.max, s.late, s.serverCpuCores, s.generatorCpuCores, s.otherCpuCores, s.issueLag.p99, passes(s) ? 'yes' : 'no']),
        },
      ],
      charts: [
        {
          kind: 'line',
          file: 'b7-ladder.svg',
          title: 'B7 send→sent latency up the rate ladder',
          xLabel: 'offered msg/s',
          yLabel: 'ms (log)',
          yLog: true,
          series: percentileSeries(rows, 'sendToSent'),
          guides: [{ y: P99_LIMIT_MS, label: 'p99 limit 100 ms' }],
        },
      ],
      data: { pairs, ladder, window, best: Object.fromEntries(best), failedAt: Object.fromEntries(failedAt), steps },
    };
  },
};
