// B11, the soak (`npm run bench:soak`, not part of `npm run bench`): 10 minutes of durable sends at
// 30 % of B7's rate while clients connect and disconnect every second. Goals: the heap (after a full
// collection) grows < 5 % over the last 5 minutes, and the open file descriptors come back to the
// baseline.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { measureStep, type Step } from '../lib/measure.js';
import { BENCH_DIR, BENCH_DIST_DIR } from '../lib/paths.js';
import { sleep } from '../lib/pool.js';
import { rssBytes } from '../lib/proc-stat.js';
import type { Goal, Scenario } from '../lib/result.js';
import { int, ms } from '../lib/result.js';
import { PALETTE } from '../lib/svg-chart.js';
import { setupPairs, startTarget } from '../lib/target.js';
import type { ChurnReport } from '../lib/types.js';

const HEAP_EVERY_MS = 15_000;
/** Descriptors the server may hold beyond the baseline and still count as back to it. */
const FD_SLACK = 5;
const KEEP_ALIVE_WAIT_MS = 75_000;

interface HeapSample {
  atMs: number;
  heapUsed: number;
  rss: number;
}

interface Minute {
  minute: number;
  step: Step;
  heapMiB: number | null;
  rssMiB: number;
  fds: number;
}

function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

function heapSamples(file: string): HeapSample[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as HeapSample);
  } catch {
    return [];
  }
}

/** B7's highest Kefu rate in the newest full run on file, if any. */
function lastB7Rate(): { rate: number; from: string } | null {
  const dir = path.join(BENCH_DIR, 'results');
  const runs = readdirSync(dir)
    .filter((f) => /^\d{4}-\d\d-\d\dT\d\d-\d\d\.json$/.test(f))
    .sort()
    .reverse();
  for (const file of runs) {
    try {
      const run = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { scenarios: Array<{ id: string; data: { best?: Record<string, number> } }> };
      const rate = run.scenarios.find((s) => s.id === 'B7')?.data.best?.kefu;
      if (rate) return { rate, from: `results/${file}` };
    } catch {
      // An unreadable file is skipped.
    }
  }
  return null;
}

export const b11Soak: Scenario = {
  id: 'B11',
  title: 'Soak: 10 minutes at 30 % of B7 with clients coming and going',
  smoke: false,
  estimateSec: 660,
  smokeEstimateSec: 660,
  async run(ctx) {
    const minutes = Number(ctx.options.minutes ?? 10);
    const b7 = lastB7Rate();
    const rate = Number(ctx.options.rate ?? (b7 ? Math.max(10, Math.round(b7.rate * 0.3)) : 100));
    const rateSource = ctx.options.rate ? 'given with --rate' : b7 ? `30 % of Kefu's ${int(b7.rate)} msg/s in B7 (${b7.from})` : 'no full run with B7 on file: 100 msg/s';
    // --smoke makes it small, to check the soak quickly: 100 pairs on the small fixture.
    const pairs = ctx.smoke ? 100 : 1000;
    const churnPairsPerWorker = ctx.smoke ? 10 : 50;
    const churnPerSec = ctx.smoke ? 4 : 10;
    const samplesDir = mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-soak-'));
    const samplesFile = path.join(samplesDir, 'heap.jsonl');
    const target = await startTarget(ctx, 'kefu', {
      pairs,
      env: {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(path.join(BENCH_DIST_DIR, 'lib', 'heap-sampler.js')).href}`.trim(),
        KEFU_BENCH_HEAP_FILE: samplesFile,
        KEFU_BENCH_HEAP_EVERY_MS: String(HEAP_EVERY_MS),
      },
    });
    const rows: Minute[] = [];
    let fdsBefore = 0;
    let fdsAfter = 0;
    let churn: ChurnReport | null = null;
    let samples: HeapSample[] = [];
    try {
      const { fleet } = target;
      await setupPairs(target);
      await fleet.tell({ cmd: 'reserve', count: churnPairsPerWorker });
      // The setup's REST calls (claims) leave idle keep-alive connections, which the server closes
      // after Fastify's default keepAliveTimeout of 72 s; the baseline is taken once they are gone.
      ctx.log(`  waiting ${KEEP_ALIVE_WAIT_MS / 1000} s for the setup's idle HTTP connections to close before the fd baseline`);
      await sleep(KEEP_ALIVE_WAIT_MS);
      fdsBefore = openFds(target.server.pid);
      const soakMs = minutes * 60_000;
      const churnRun = fleet.tell<ChurnReport>({ cmd: 'churn', startAtMs: Date.now(), durationMs: soakMs, perSec: churnPerSec / fleet.workers.length });
      const endsAt = Date.now() + soakMs;
      // Steps of a minute (the last one whatever is left, if at least 10 s).
      for (let minute = 1; endsAt - Date.now() > 14_000; minute++) {
        const durationMs = Math.min(56_000, endsAt - Date.now() - 3_500);
        const step = await measureStep(target, { mode: 'send', rate, warmupMs: 0, durationMs, drainMs: 2_000 });
        const last = heapSamples(samplesFile).at(-1);
        rows.push({ minute, step, heapMiB: last ? last.heapUsed / 2 ** 20 : null, rssMiB: rssBytes(target.server.pid) / 2 ** 20, fds: openFds(target.server.pid) });
        ctx.log(`  minute ${minute}: send→sent p99 ${ms(step.sendToSent.p99)} ms, heap ${rows.at(-1)!.heapMiB?.toFixed(1) ?? '?'} MiB, RSS ${rows.at(-1)!.rssMiB.toFixed(0)} MiB, fds ${rows.at(-1)!.fds}`);
      }
      const parts = await churnRun;
      churn = {
        cycles: Math.max(...parts.map((p) => p.cycles)),
        ok: parts.reduce((n, p) => n + p.ok, 0),
        failed: parts.reduce((n, p) => n + p.failed, 0),
        firstError: parts.find((p) => p.firstError)?.firstError ?? null,
      };
      // Every client of the baseline is connected again (churned ones reconnect), the load has stopped.
      await sleep(5_000);
      fdsAfter = openFds(target.server.pid);
      samples = heapSamples(samplesFile);
    } finally {
      await target.stop();
      rmSync(samplesDir, { recursive: true, force: true });
    }

    // Heap after a full collection, at the middle and at the end of the soak.
    const start = samples[0]?.atMs ?? 0;
    const end = samples.at(-1)?.atMs ?? 0;
    const mid = start + (end - start) / 2;
    const atMid = samples.reduce<HeapSample | null>((best, s) => (best === null || Math.abs(s.atMs - mid) < Math.abs(best.atMs - mid) ? s : best), null);
    const atEnd = samples.at(-1) ?? null;
    const growth = atMid && atEnd ? (atEnd.heapUsed - atMid.heapUsed) / atMid.heapUsed : null;
    const goals: Goal[] = [
      {
        scenario: 'B11',
        name: `heap growth over the last half of ${minutes} minutes at ${int(rate)} msg/s, ${churnPerSec} reconnects/s`,
        target: '< 5 %',
        measured: growth === null ? 'no heap samples' : `${(growth * 100).toFixed(1)} % (${(atMid!.heapUsed / 2 ** 20).toFixed(1)} → ${(atEnd!.heapUsed / 2 ** 20).toFixed(1)} MiB after full GC)`,
        ratio: null,
        met: growth !== null && growth < 0.05,
      },
      {
        scenario: 'B11',
        name: 'open file descriptors back to baseline',
        target: `≤ baseline + ${FD_SLACK}`,
        measured: `${fdsBefore} before, ${fdsAfter} after`,
        ratio: null,
        met: fdsAfter <= fdsBefore + FD_SLACK,
      },
    ];
    const t0 = samples[0]?.atMs ?? 0;
    return {
      notes: [
        `${int(pairs)} visitor–agent pairs on one Kefu. ${int(churnPairsPerWorker * 2)} of them come and go: every second ${churnPerSec} of those close both sockets and reconnect with visitor token and resume, for the whole soak. The others' visitors send durable messages on one open-loop schedule of ${int(rate)} msg/s (${rateSource}), measured minute by minute (each minute's step ends with a 2 s drain, so the load pauses for ~3 s a minute). The server runs with a small sampler loaded through \`--import\` (bench/lib/heap-sampler.ts) that every ${HEAP_EVERY_MS / 1000} s forces a full garbage collection and records the heap then in use: what the server retains, without the garbage waiting to be collected (the forced collections add a few ms of pause to the latencies). File descriptors are counted in /proc/<pid>/fd with every client connected: before the load (once the setup's idle HTTP keep-alive connections have timed out, 75 s after it) and 5 s after the load.`,
      ],
      goals,
      tables: [
        {
          title: 'Minute by minute',
          columns: ['minute', 'offered/s', 'answered/s', 'send→sent p50 ms', 'p99 ms', 'max ms', 'late', 'errors', 'server CPU', 'other CPU', 'heap after GC MiB', 'RSS MiB', 'fds'],
          rows: rows.map((r) => [
            r.minute,
            int(r.step.offeredPerSec),
            int(r.step.achievedPerSec),
            ms(r.step.sendToSent.p50),
            ms(r.step.sendToSent.p99),
            ms(r.step.sendToSent.max),
            r.step.late,
            r.step.errors,
            r.step.serverCpuCores.toFixed(2),
            r.step.otherCpuCores.toFixed(2),
            r.heapMiB === null ? '' : r.heapMiB.toFixed(1),
            r.rssMiB.toFixed(0),
            r.fds,
          ]),
        },
        {
          title: 'Churn',
          columns: ['seconds', 'reconnects', 'failed', 'first error', 'fds before', 'fds after'],
          rows: churn ? [[churn.cycles, int(churn.ok), churn.failed, churn.firstError ?? '', fdsBefore, fdsAfter]] : [],
        },
      ],
      charts:
        samples.length > 1
          ? [
              {
                kind: 'line',
                file: 'b11-heap.svg',
                title: `B11 heap after full GC and RSS over the soak`,
                xLabel: 'minutes',
                yLabel: 'MiB',
                series: [
                  { name: 'heap after GC', color: PALETTE[0], points: samples.map((s) => [(s.atMs - t0) / 60_000, s.heapUsed / 2 ** 20] as [number, number]) },
                  { name: 'RSS', color: PALETTE[1], dashed: true, points: samples.map((s) => [(s.atMs - t0) / 60_000, s.rss / 2 ** 20] as [number, number]) },
                ],
              },
            ]
          : [],
      data: { minutes, rate, rateSource, pairs, churnPerSec, fdsBefore, fdsAfter, churn, rows, samples },
    };
  },
};
