// `npm run bench` / `npm run bench:smoke`: runs the scenarios, writes bench/results/<date>.json,
// the charts and the report. Options: --smoke, --only=B1,B4 (ids, case-insensitive),
// --cpu-prof (V8 CPU profiles of the Kefu servers under test, in bench/results/profiles).
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BenchContext } from './lib/context.js';
import { ensureFixture } from './lib/fixture.js';
import { describeMachine } from './lib/machine.js';
import { BENCH_DIR } from './lib/paths.js';
import { machineStealSeconds } from './lib/proc-stat.js';
import { writeResults, type RunResult } from './lib/report.js';
import type { ScenarioResult } from './lib/result.js';
import { b11Soak } from './scenarios/b11-soak.js';
import { SCENARIOS } from './scenarios/index.js';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
// `npm run bench:soak`: B11 alone, with a budget of its own (its length: --minutes=N, default 10).
const soak = args.includes('--soak');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).toLowerCase().split(',') ?? null;
const profile = args.includes('--cpu-prof');
// Every other `--name=value`: scenario settings, e.g. --b8-clients=10000 (see README.md).
const options = Object.fromEntries(
  args.filter((a) => /^--[\w-]+=/.test(a) && !a.startsWith('--only=')).map((a) => [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
);
// `npm run bench` must finish within 10 minutes, build included; the smoke subset within 90 s.
const BUDGET_SEC = soak ? Number(args.find((a) => a.startsWith('--minutes='))?.slice(10) ?? 10) * 60 + 180 : smoke ? 70 : 565;
const started = performance.now();

function log(line: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stdout.write(`[${s}s] ${line}\n`);
}

function commit(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { cwd: BENCH_DIR, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execSync('git status --porcelain', { cwd: BENCH_DIR, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const machine = describeMachine();
  const stealAtStart = machineStealSeconds();
  log(`machine: ${machine.line}`);
  const startedAt = new Date();
  const fixture = await ensureFixture(smoke ? 20 : 1000, log);
  const cpuProfileDir = profile ? path.join(BENCH_DIR, 'results', 'profiles') : null;
  if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });
  const budgetEndsAtMs = Date.now() + BUDGET_SEC * 1000 - (performance.now() - started);
  const ctx: BenchContext = { smoke, machine, fixture, workers: 2, budgetEndsAtMs, cpuProfileDir, options, log };

  // --only names scenarios whether or not they are in the smoke subset; --smoke then sets their sizes.
  const scenarios = soak ? [b11Soak] : SCENARIOS.filter((s) => (only ? only.some((id) => scenarioIds(s).includes(id)) : smoke ? s.smoke : true));
  const results: ScenarioResult[] = [];
  const failures: RunResult['failures'] = [];
  for (const scenario of scenarios) {
    const elapsedSec = (performance.now() - started) / 1000;
    const estimate = smoke ? scenario.smokeEstimateSec : scenario.estimateSec;
    if (!only && !soak && elapsedSec + estimate > BUDGET_SEC) {
      log(`${scenario.id}: skipped, it would not finish within the time budget (${Math.round(elapsedSec)} s used of ${BUDGET_SEC} s)`);
      failures.push({ id: scenario.id, error: `skipped: ~${Math.round(estimate)} s left to run after ${Math.round(elapsedSec)} s of a ${BUDGET_SEC} s budget` });
      continue;
    }
    log(`${scenario.id}: ${scenario.title}`);
    const t0 = performance.now();
    try {
      const profiles = cpuProfileDir ? path.join(cpuProfileDir, scenario.id.replace(/\W+/g, '-')) : null;
      if (profiles) mkdirSync(profiles, { recursive: true });
      const result = await scenario.run({ ...ctx, cpuProfileDir: profiles });
      results.push({ id: scenario.id, title: scenario.title, ...result, seconds: (performance.now() - t0) / 1000 });
      for (const goal of result.goals) log(`  ${goal.met ? 'met   ' : 'MISSED'} ${goal.scenario} ${goal.name}: ${goal.measured} (goal ${goal.target})`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`  FAILED: ${message}`);
      failures.push({ id: scenario.id, error: message });
    }
  }

  const run: RunResult = {
    profile: soak ? 'soak' : smoke ? 'smoke' : 'full',
    startedAt: startedAt.toISOString(),
    seconds: (performance.now() - started) / 1000,
    commit: commit(),
    machine,
    stealSec: machineStealSeconds() - stealAtStart,
    settings: {
      server: process.env.KEFU_BENCH_SERVER
        ? `${process.env.KEFU_BENCH_SERVER_LABEL ?? process.env.KEFU_BENCH_SERVER} (KEFU_BENCH_SERVER)`
        : 'apps/server/dist, built from the work tree by `npm run build`',
      'generator workers': ctx.workers,
      'fixture agents': fixture.agents.length,
    },
    scenarios: results,
    failures,
  };
  const stamp = startedAt.toISOString().slice(0, 16).replace(':', '-');
  const resultsDir = path.join(BENCH_DIR, 'results');
  const partial = only ? '-partial' : '';
  // A partial run (--only, smoke or not) never replaces a full or smoke report.
  const paths = soak
    ? { json: path.join(resultsDir, `${stamp}-soak.json`), markdown: path.join(resultsDir, 'soak', 'RESULTS.md'), chartsDir: path.join(resultsDir, 'soak', 'charts') }
    : only
    ? { json: path.join(resultsDir, `${stamp}${smoke ? '-smoke' : ''}${partial}.json`), markdown: path.join(resultsDir, 'partial', 'RESULTS.md'), chartsDir: path.join(resultsDir, 'partial', 'charts') }
    : smoke
      ? { json: path.join(resultsDir, `${stamp}-smoke.json`), markdown: path.join(resultsDir, 'smoke', 'RESULTS.md'), chartsDir: path.join(resultsDir, 'smoke', 'charts') }
      : { json: path.join(resultsDir, `${stamp}.json`), markdown: path.join(BENCH_DIR, 'RESULTS.md'), chartsDir: path.join(resultsDir, 'charts') };
  mkdirSync(path.dirname(paths.markdown), { recursive: true });
  writeResults(run, paths);
  log(`wrote ${path.relative(process.cwd(), paths.markdown)} and ${path.relative(process.cwd(), paths.json)} in ${Math.round(run.seconds)} s`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

/** A scenario's ids for --only: "B4/B5" answers to b4 and to b5, and B1 not to b10 or b12. */
function scenarioIds(scenario: { id: string }): string[] {
  return scenario.id.toLowerCase().split('/');
}
