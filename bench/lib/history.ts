// Earlier full runs on the same kind of machine, read back from results/*.json: how often each goal
// held. On a 2-core machine shared with the load generator one run decides little for a goal near
// its line (FINDINGS.md), so the report shows the last few runs beside this one.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Machine } from './machine.js';
import type { RunResult } from './report.js';
import type { Goal, Table } from './result.js';

/** Runs shown, this one included. */
export const HISTORY_RUNS = 5;

/** The JSON of a whole `npm run bench`; partial, smoke and soak runs carry a suffix. */
const FULL_RUN_FILE = /^\d{4}-\d\d-\d\dT\d\d-\d\d\.json$/;

/** Same cores, processor and Node: the figures of such runs are comparable. */
export function sameMachineKind(a: Machine, b: Machine): boolean {
  return a.cores === b.cores && a.cpu === b.cpu && a.node === b.node;
}

/** The full runs on `run`'s machine kind that started before it, the last `count - 1` of them, then `run`. */
export function recentRuns(run: RunResult, resultsDir: string, count = HISTORY_RUNS): RunResult[] {
  const earlier = readdirSync(resultsDir)
    .filter((file) => FULL_RUN_FILE.test(file))
    .sort()
    .map((file) => readRun(path.join(resultsDir, file)))
    .filter((r): r is RunResult => r !== null && r.profile === 'full' && r.startedAt < run.startedAt && sameMachineKind(r.machine, run.machine));
  return [...earlier.slice(-(count - 1)), run];
}

function readRun(file: string): RunResult | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunResult;
  } catch {
    // A file cut short by an interrupted run says nothing about the goals.
    return null;
  }
}

/** One row per goal of the last run: how often it was met, and each run's verdict and figure. */
export function historyTable(runs: RunResult[]): Table {
  const last = runs.at(-1);
  if (!last) return { title: '', columns: [], rows: [] };
  const goalsOf = runs.map((r) => new Map(r.scenarios.flatMap((s) => s.goals).map((g) => [key(g), g])));
  const rows = last.scenarios
    .flatMap((s) => s.goals)
    .map((goal) => {
      const seen = goalsOf.map((goals) => goals.get(key(goal)));
      const judged = seen.filter((g): g is Goal => g !== undefined);
      return [
        goal.scenario,
        goal.name,
        goal.target,
        `${judged.filter((g) => g.met).length} of ${judged.length}`,
        ...seen.map((g) => (g ? `${g.met ? '✅' : '❌'} ${shortFigure(g)}` : '—')),
      ];
    });
  const steal = ['', 'CPU held back by the hypervisor during the run (steal)', '', '', ...runs.map((r) => (r.stealSec === undefined ? '—' : `${r.stealSec.toFixed(1)} s`))];
  return { title: '', columns: ['scenario', 'goal', 'target', 'met in', ...runs.map(runLabel)], rows: [steal, ...rows] };
}

const key = (goal: Goal): string => `${goal.scenario}\u0000${goal.name}`;

function runLabel(run: RunResult): string {
  return `${run.startedAt.slice(5, 10)} ${run.startedAt.slice(11, 16)} \`${run.commit.split(' ')[0]}\``;
}

/** The ratio when the goal has one, else the measured figure up to its first aside. */
export function shortFigure(goal: Goal): string {
  if (goal.ratio !== null) return `${goal.ratio.toFixed(2)}×`;
  return goal.measured.split(/ \(|; |, /)[0] ?? goal.measured;
}
