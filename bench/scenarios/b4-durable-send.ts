// B4 and B5: durable send→sent latency at the visitor, and visitor→agent latency at the agent, at
// fixed offered rates with 1,000 pairs, against the durable bare router (and, for scale, the
// non-durable bare router and socket.io).
import { measureStep, type Step } from '../lib/measure.js';
import { sleep } from '../lib/pool.js';
import type { Scenario } from '../lib/result.js';
import { int } from '../lib/result.js';
import { latencyTable, p99Goals, percentileSeries, secondRound } from '../lib/steps.js';
import { setupPairs, startTargets, stopTargets, type TargetKind } from '../lib/target.js';

/** p99 past which a target is taken to be over its capacity and is not pushed harder. */
const SATURATED_P99_MS = 1000;
/** The baseline the goals compare Kefu with. */
const GOAL_BASELINE = 'durable-ws';

export const b4DurableSend: Scenario = {
  id: 'B4/B5',
  title: 'Durable send→sent and visitor→agent latency against rate',
  smoke: true,
  estimateSec: 185,
  smokeEstimateSec: 35,
  async run(ctx) {
    const pairs = ctx.smoke ? 20 : 1000;
    const rates = ctx.smoke ? [250, 500] : [1000, 2000, 5000];
    const goalRate = ctx.smoke ? 500 : 2000;
    const targets: TargetKind[] = ctx.smoke ? ['kefu', 'durable-ws'] : ['kefu', 'durable-ws', 'bare-ws', 'socketio'];
    const window = ctx.smoke ? { warmupMs: 1000, durationMs: 2000 } : { warmupMs: 1000, durationMs: 5000 };

    const steps: Step[] = [];
    /** The goal's rate measured again for Kefu and its baseline. */
    const repeats: Step[] = [];
    const saturated = new Map<string, number>();
    const setups: Record<string, unknown> = {};
    // All targets hold their pairs at once and the rates are interleaved across them, so a change in
    // what else the machine is doing hits Kefu and its baselines alike.
    const live = await startTargets(ctx, targets, { pairs });
    // The goal's rate once more for Kefu and its baseline, in the reverse order, before a higher
    // rate can leave a backlog behind: over the two passes Kefu, baseline, …, baseline, Kefu, and
    // each goal compares the mean p99 of two rounds, so that a drift or one stalled window weighs
    // less on the verdict.
    const repeatGoalRate = async () => {
      for (const target of [...live].reverse()) {
        if (target.kind !== 'kefu' && target.kind !== GOAL_BASELINE) continue;
        const step = await measureStep(target, { mode: 'send', rate: goalRate, ...window });
        ctx.log(`  ${target.kind} ${int(goalRate)}/s, 2nd round: send→sent p50 ${step.sendToSent.p50} p99 ${step.sendToSent.p99} ms, e2e p99 ${step.endToEnd.p99} ms, server CPU ${step.serverCpuCores}`);
        repeats.push(step);
        await sleep(300);
      }
    };
    try {
      for (const target of live) setups[target.kind] = await setupPairs(target);
      for (const rate of rates) {
        for (const target of live) {
          // A target that could not keep up at a lower rate only piles up a longer backlog at a
          // higher one: past the goal's rate, skip it (the goal's rate is always measured).
          if (saturated.has(target.kind) && rate > goalRate) continue;
          const step = await measureStep(target, { mode: 'send', rate, ...window });
          if (rate !== rates.at(-1) && !saturated.has(target.kind) && (step.late > 0 || step.sendToSent.p99 > SATURATED_P99_MS)) saturated.set(target.kind, rate);
          ctx.log(`  ${target.kind} ${int(rate)}/s: send→sent p50 ${step.sendToSent.p50} p99 ${step.sendToSent.p99} ms, e2e p99 ${step.endToEnd.p99} ms, server CPU ${step.serverCpuCores}, other CPU ${step.otherCpuCores}`);
          steps.push(step);
          await sleep(300);
        }
        // The smoke run checks that the scenario works; its verdicts are not compared across runs.
        if (rate === goalRate && !ctx.smoke) await repeatGoalRate();
      }
    } finally {
      await stopTargets(live);
    }

    return {
      notes: [
        ...(saturated.size > 0
          ? [`Over capacity (send→sent p99 over ${SATURATED_P99_MS} ms, or sends unanswered 3 s after the step), so not run at rates above the goal's ${int(goalRate)}/s: ${[...saturated].map(([t, r]) => `${t} from ${int(r)}/s`).join(', ')}.`]
          : []),
        `${int(pairs)} visitor–agent pairs, each with its own conversation claimed by its own agent; visitors send to their conversation on one fixed schedule spread round-robin over the pairs; agents acknowledge cumulatively. Each rate runs ${window.warmupMs / 1000} s of warm-up, then ${window.durationMs / 1000} s measured, on every target in turn before the next rate${repeats.length > 0 ? `; after ${int(goalRate)}/s, that rate once more for \`durable-ws\` and Kefu, in that order, and each goal compares the mean p99 of the two rounds` : ''}. \`durable-ws\` is the goal's baseline; \`bare-ws\` (stores nothing) and \`socketio\` are shown for scale.`,
      ],
      goals: [
        ...p99Goals('B4', [...steps, ...repeats], 'sendToSent', goalRate, GOAL_BASELINE, 1.5, 25, saturated),
        ...p99Goals('B5', [...steps, ...repeats], 'endToEnd', goalRate, GOAL_BASELINE, 1.5, 25, saturated),
      ],
      tables: [
        latencyTable('B4 send→sent (visitor)', [...steps, ...repeats.map(secondRound)], 'sendToSent'),
        latencyTable('B5 visitor→agent (end to end)', [...steps, ...repeats.map(secondRound)], 'endToEnd'),
      ],
      charts: [
        { kind: 'line', file: 'b4-send-to-sent.svg', title: 'B4 send→sent latency against offered rate', xLabel: 'offered msg/s', yLabel: 'ms (log)', yLog: true, series: percentileSeries(steps, 'sendToSent'), guides: [{ y: 25, label: '25 ms goal' }] },
        { kind: 'line', file: 'b5-end-to-end.svg', title: 'B5 visitor→agent latency against offered rate', xLabel: 'offered msg/s', yLabel: 'ms (log)', yLog: true, series: percentileSeries(steps, 'endToEnd'), guides: [{ y: 25, label: '25 ms goal' }] },
      ],
      data: { pairs, rates, window, setups, saturated: Object.fromEntries(saturated), steps, repeats },
    };
  },
};
