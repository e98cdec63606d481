// Shared ways of turning measured steps into report tables, chart series and goals.
import type { Percentiles } from './histogram.js';
import type { Step } from './measure.js';
import { int, ms, type Goal, type Table } from './result.js';
import { PALETTE, type Series } from './svg-chart.js';

export type Metric = 'sendToSent' | 'endToEnd' | 'typing';

export const METRIC_NAMES: Record<Metric, string> = { sendToSent: 'send→sent', endToEnd: 'visitor→agent', typing: 'typing relay' };

export const TARGET_COLORS: Record<string, string> = {
  kefu: PALETTE[0]!,
  'durable-ws': PALETTE[1]!,
  'bare-ws': PALETTE[2]!,
  socketio: PALETTE[3]!,
};

export function latencyTable(title: string, steps: Step[], metric: Metric): Table {
  return {
    title,
    columns: ['target', 'offered/s', 'answered/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'late', 'errors', 'server CPU', 'generator CPU', 'other CPU', 'loop p99 ms', 'issue lag p99 ms'],
    rows: steps.map((s) => {
      const p: Percentiles = s[metric];
      return [
        s.target,
        int(s.offeredPerSec),
        int(s.achievedPerSec),
        ms(p.p50),
        ms(p.p90),
        ms(p.p99),
        ms(p.p999),
        ms(p.max),
        s.late,
        s.errors,
        s.serverCpuCores.toFixed(2),
        s.generatorCpuCores.toFixed(2),
        s.otherCpuCores.toFixed(2),
        ms(s.probe.p99),
        ms(s.issueLag.p99),
      ];
    }),
  };
}

/** p50 (dashed) and p99 (solid) of each target against the offered rate. */
export function percentileSeries(steps: Step[], metric: Metric): Series[] {
  const targets = [...new Set(steps.map((s) => s.target))];
  return targets.flatMap((target) => {
    const mine = steps.filter((s) => s.target === target);
    const color = TARGET_COLORS[target];
    return [
      { name: `${target} p99`, color, points: mine.map((s) => [s.offeredPerSec, s[metric].p99] as [number, number]) },
      { name: `${target} p50`, color, dashed: true, points: mine.map((s) => [s.offeredPerSec, s[metric].p50] as [number, number]) },
    ];
  });
}

/** Every step of `target` at `rate`: one, or two where a goal's pair ran in mirrored rounds. */
export function findAll(steps: Step[], target: string, rate: number): Step[] {
  return steps.filter((s) => s.target === target && s.offeredPerSec === rate);
}

/** A repeated step as a table shows it, beside the first. */
export function secondRound(step: Step): Step {
  return { ...step, target: `${step.target}, 2nd round` };
}

/**
 * Kefu's p99 against a baseline's at one rate: at most `maxRatio` times, and optionally under
 * `maxMs`. Where a target was measured at that rate more than once (mirrored rounds), its p99 is
 * the mean of its rounds. A target found over capacity at a lower rate (`saturatedAt`) was not run
 * at this one: Kefu then misses both goals; a baseline over capacity where Kefu kept up counts as
 * a pass.
 */
export function p99Goals(
  scenario: string,
  steps: Step[],
  metric: Metric,
  rate: number,
  baseline: string,
  maxRatio: number,
  maxMs: number | null,
  saturatedAt: ReadonlyMap<string, number> = new Map(),
): Goal[] {
  const kefu = findAll(steps, 'kefu', rate);
  const base = findAll(steps, baseline, rate);
  const name = `${METRIC_NAMES[metric]} p99 at ${int(rate)}/s`;
  const overCapacity = (target: string) => `${target} over capacity already at ${int(saturatedAt.get(target) ?? 0)}/s`;
  const goals: Goal[] = [];
  if (kefu.length === 0 && !saturatedAt.has('kefu')) return goals;
  const measuredKefu = kefu.length > 0;
  const k = measuredKefu ? meanOf(kefu, (s) => s[metric].p99) : Number.POSITIVE_INFINITY;
  const kefuOk = measuredKefu && kefu.every((s) => s.late === 0);
  const rounds = Math.max(kefu.length, base.length) > 1 ? ' (mean of two rounds each)' : '';
  if (base.length > 0) {
    const b = meanOf(base, (s) => s[metric].p99);
    const ratio = measuredKefu ? k / Math.max(b, 0.001) : null;
    goals.push({
      scenario,
      name: `${name} vs ${baseline}`,
      target: `≤ ${maxRatio}×`,
      measured: measuredKefu ? `${ms(k)} ms vs ${ms(b)} ms${rounds}` : `${overCapacity('kefu')}; ${baseline} ${ms(b)} ms`,
      ratio,
      met: ratio !== null && ratio <= maxRatio && kefuOk,
    });
  } else if (saturatedAt.has(baseline)) {
    goals.push({ scenario, name: `${name} vs ${baseline}`, target: `≤ ${maxRatio}×`, measured: `${measuredKefu ? `${ms(k)} ms; ` : ''}${overCapacity(baseline)}`, ratio: null, met: kefuOk });
  }
  if (maxMs !== null) {
    goals.push({ scenario, name, target: `≤ ${maxMs} ms`, measured: measuredKefu ? `${ms(k)} ms${kefu.length > 1 ? ' (mean of two rounds)' : ''}` : overCapacity('kefu'), ratio: null, met: k <= maxMs && kefuOk });
  }
  return goals;
}

/**
 * The mean of one figure over rounds run in mirrored order (A, B, B, A): a steady drift over the
 * run then weighs on both sides alike.
 */
export function meanOf<T>(rounds: readonly T[], value: (round: T) => number): number {
  return rounds.length === 0 ? 0 : rounds.reduce((sum, r) => sum + value(r), 0) / rounds.length;
}
