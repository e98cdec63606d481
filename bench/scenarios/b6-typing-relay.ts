// B6: typing indicators relayed visitor→agent at 10,000 frames/s, against the bare router (goal
// p99 ≤ 2×). Nothing is stored; this is the server's per-frame overhead on the hot path.
import { measureStep, type Step } from '../lib/measure.js';
import { sleep } from '../lib/pool.js';
import type { Scenario } from '../lib/result.js';
import { int } from '../lib/result.js';
import { latencyTable, p99Goals, secondRound } from '../lib/steps.js';
import { setupPairs, startTargets, stopTargets, type TargetKind } from '../lib/target.js';

export const b6TypingRelay: Scenario = {
  id: 'B6',
  title: 'Typing relay',
  smoke: true,
  estimateSec: 75,
  smokeEstimateSec: 15,
  async run(ctx) {
    const pairs = ctx.smoke ? 20 : 1000;
    const rate = ctx.smoke ? 1000 : 10_000;
    // The warm-up outlasts the one full collection of what the 2,000 hellos and the claims left
    // behind, which comes in the first second or so of typing: the window is the relay's steady
    // state, in which Kefu's old space grows about 0.1 MB/s (FINDINGS.md, "The typing tail").
    const window = ctx.smoke ? { warmupMs: 1000, durationMs: 2000 } : { warmupMs: 3000, durationMs: 5000 };
    const targets: TargetKind[] = ['kefu', 'bare-ws'];
    const steps: Step[] = [];
    const repeats: Step[] = [];
    const live = await startTargets(ctx, targets, { pairs });
    try {
      for (const target of live) await setupPairs(target);
      // Kefu, bare, bare, Kefu: each side's p99 is the mean of its two rounds, so that a drift
      // over the scenario or one stalled window weighs on both alike. The second rounds keep the
      // full warm-up: after 1 s, the bare router's second round had p99 of 19–98 ms in four of
      // seven runs, against 6–13 ms after 3 s (bench/FINDINGS.md). The smoke run checks that the
      // scenario works: one round each.
      const passes = ctx.smoke ? [live] : [live, [...live].reverse()];
      for (const [round, order] of passes.entries()) {
        for (const target of order) {
          const step = await measureStep(target, { mode: 'typing', rate, ...window });
          ctx.log(`  ${target.kind} ${int(rate)}/s${round === 0 ? '' : ', 2nd round'}: typing p50 ${step.typing.p50} p99 ${step.typing.p99} ms, server CPU ${step.serverCpuCores}`);
          (round === 0 ? steps : repeats).push(step);
          await sleep(300);
        }
      }
    } finally {
      await stopTargets(live);
    }
    return {
      notes: [
        `${int(pairs)} pairs; visitors send \`typing\` to their conversation on one schedule of ${int(rate)} frames/s in total, and each is timed to the agent's relayed \`typing\` (frames of one pair arrive in order, so each is matched to the oldest outstanding one). ${window.warmupMs / 1000} s warm-up (it outlasts the full garbage collection of what the setup left), ${window.durationMs / 1000} s measured${repeats.length > 0 ? `; then each target once more in the reverse order, and the goal compares the mean p99 of each target's two rounds` : ''}.`,
      ],
      goals: p99Goals('B6', [...steps, ...repeats], 'typing', rate, 'bare-ws', 2, null),
      tables: [latencyTable('Typing relay, visitor→agent', [...steps, ...repeats.map(secondRound)], 'typing')],
      charts: [],
      data: { pairs, rate, window, steps, repeats },
    };
  },
};
