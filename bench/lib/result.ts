// What a scenario hands back: goals judged against same-run baselines, tables, charts, raw data.
import type { ChartSpec } from './svg-chart.js';

export interface Goal {
  scenario: string;
  /** What is compared, e.g. "send→sent p99 at 2,000 msg/s vs durable-ws". */
  name: string;
  /** The goal as written in the issue, e.g. "≤ 1.5×". */
  target: string;
  /** The measured figures, e.g. "12.1 ms vs 9.8 ms". */
  measured: string;
  /** Kefu / baseline, when the goal is a ratio. */
  ratio: number | null;
  met: boolean;
}

export interface Table {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** Markdown paragraphs: what was done and what it shows. */
  notes: string[];
  goals: Goal[];
  tables: Table[];
  charts: ChartSpec[];
  /** Everything measured, for the JSON file. */
  data: unknown;
  seconds: number;
}

export interface Scenario {
  id: string;
  title: string;
  /** Part of `npm run bench:smoke`. */
  smoke: boolean;
  /** Rough seconds it takes in the full suite on a 2-core machine; the runner skips what no longer fits. */
  estimateSec: number;
  /** The same for the smoke subset. */
  smokeEstimateSec: number;
  run(ctx: import('./context.js').BenchContext): Promise<Omit<ScenarioResult, 'id' | 'title' | 'seconds'>>;
}

/** Formats a ratio as the report shows it: 1.23×. */
export const times = (ratio: number): string => `${ratio.toFixed(2)}×`;

/** Formats milliseconds with sensible precision. */
export const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

/** Thousands separators, as the issue writes rates. */
export const int = (value: number): string => Math.round(value).toLocaleString('en-US');
