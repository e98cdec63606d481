// B6: typing indicators relayed visitor→agent at 10,000 frames/s, against the bare router (goal
// p99 ≤ 2×). Nothing is stored; this is the server's per-frame overhead on the hot path.
import { measureStep, type Step } from '../lib/measure.js';
import { sleep } from '../lib/pool.js';
import type { Goal, Scenario } from '../lib/result.js';
import { int, ms } from '../lib/result.js';
import { find, latencyTable } from '../lib/steps.js';
import { setupPairs, startTargets, stopTargets, type TargetKind } from '../lib/target.js';

export const b6TypingRelay: Scenario = {
  id: 'B6',
  title: 'Typing relay',
  smoke: true,
  estimateSec: 55,
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
    const live = await startTargets(ctx, targets, { pairs });
    try {
      for (const target of live) await setupPairs(target);
      for (const target of live) {
        const step = await measureStep(target, { mode: 'typing', rate, ...window });
        ctx.log(`  ${target.kind} ${int(rate)}/s: typing p50 ${step.typing.p50} p99 ${step.typing.p99} ms, server CPU ${step.serverCpuCores}`);
        steps.push(step);
        await sleep(300);
      }
    } finally {
      await stopTargets(live);
    }
    const kefu = find(steps, 'kefu', rate);
    const bare = find(steps, 'bare-ws', rate);
    const goals: Goal[] = [];
    if (kefu && bare) {
      const ratio = kefu.typing.p99 / Math.max(bare.typing.p99, 0.001);
      goals.push({
        scenario: 'B6',
        name: `typing relay p99 at ${int(rate)}/s vs bare-ws`,
        target: '≤ 2×',
        measured: `${ms(kefu.typing.p99)} ms vs ${ms(bare.typing.p99)} ms`,
        ratio,
        met: ratio <= 2 && kefu.late === 0,
      });
    }
    return {
      notes: [
        `${int(pairs)} pairs; visitors send \`typing\` to their conversation on one schedule of ${int(rate)} frames/s in total, and each is timed to the agent's relayed \`typing\` (frames of one pair arrive in order, so each is matched to the oldest outstanding one). ${window.warmupMs / 1000} s warm-up (it outlasts the full garbage collection of what the setup left), ${window.durationMs / 1000} s measured.`,
      ],
      goals,
      tables: [latencyTable('Typing relay, visitor→agent', steps, 'typing')],
      charts: [],
      data: { pairs, rate, window, steps },
    };
  },
};
