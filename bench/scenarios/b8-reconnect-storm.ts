// B8: every client of one server reconnects at once, twice: after a drain that sends `reconnect`
// (SIGTERM, then a new process on the same store and port), and after kill -9 (the same restart, no
// warning). Goal: 99 % welcomed again within 2 × (clients ÷ the connect + hello + resume rate of B3)
// + afterMs, and no gap, no duplicate: every client resumes from what it holds and checks, seq by
// seq, that it got every entry exactly once, and every message answered with `sent` is there once.
import { merge, newHistogram, percentiles, recordMs, type Percentiles } from '../lib/histogram.js';
import { launchKefu } from '../lib/launcher.js';
import { sleep } from '../lib/pool.js';
import type { Goal, Scenario } from '../lib/result.js';
import { int, ms } from '../lib/result.js';
import { PALETTE } from '../lib/svg-chart.js';
import { setupPairs, startTarget, type LiveTarget } from '../lib/target.js';
import type { StormCheck, StormStatus } from '../lib/types.js';

/** What the server tells clients to wait (`KEFU_RECONNECT_AFTER_MS`); it adds up to as much again as jitter. */
const AFTER_MS = 1_000;
const CONCURRENCY = 64;

interface Phase {
  name: string;
  kind: 'drain' | 'kill -9';
  clients: number;
  disconnected: number;
  welcomed: number;
  welcomedWithinDeadline: number;
  deadlineMs: number;
  /** From the signal to the new server listening. */
  restartMs: number;
  maxToldMs: number;
  attempts: number;
  helloRefused: number;
  /** The busiest generator process's event-loop delay during the phase. */
  generatorLoopP99Ms: number;
  generatorLoopMaxMs: number;
  latency: Percentiles;
  /** Welcomes timed from the moment the new server listened (what the storm itself cost). */
  afterListening: Percentiles;
  firstError: string | null;
}

async function storm(target: LiveTarget, kind: Phase['kind'], name: string, phase: number, clients: number, deadlineMs: number, kill: () => Promise<void>, env: Record<string, string>, profileDir: string | null): Promise<Phase> {
  const { fleet } = target;
  await fleet.tell({ cmd: 'stormPhase', phase, deadlineMs });
  const port = target.server.port;
  const t0 = performance.now();
  await kill();
  target.server = await launchKefu({ dataDir: target.dataDir, env: { ...env, KEFU_PORT: String(port) }, cpuProfileDir: profileDir ?? undefined });
  const restartMs = performance.now() - t0;
  const listeningAtMs = Date.now();
  // Wait until every socket that closed is welcomed again, or long past the goal's deadline.
  const giveUpAt = performance.now() + Math.max(3 * deadlineMs, 30_000);
  let parts: StormStatus[] = [];
  for (;;) {
    await sleep(250);
    parts = await fleet.tell<StormStatus>({ cmd: 'stormStatus' });
    const disconnected = parts.reduce((n, p) => n + p.disconnected, 0);
    const welcomed = parts.reduce((n, p) => n + p.welcomed, 0);
    if ((disconnected >= clients && welcomed >= disconnected) || performance.now() > giveUpAt) break;
  }
  const sum = (pick: (p: StormStatus) => number) => parts.reduce((n, p) => n + pick(p), 0);
  return {
    name,
    kind,
    clients,
    disconnected: sum((p) => p.disconnected),
    welcomed: sum((p) => p.welcomed),
    welcomedWithinDeadline: sum((p) => p.welcomedWithinDeadline),
    deadlineMs,
    restartMs,
    maxToldMs: Math.max(...parts.map((p) => p.maxToldMs)),
    attempts: sum((p) => p.attempts),
    helloRefused: sum((p) => p.helloRefused),
    generatorLoopP99Ms: Math.max(...parts.map((p) => p.generatorLoopP99Ms)),
    generatorLoopMaxMs: Math.max(...parts.map((p) => p.generatorLoopMaxMs)),
    latency: percentiles(merge(parts.map((p) => p.histogram))),
    afterListening: sinceListening(parts.flatMap((p) => p.welcomedAtMs), listeningAtMs),
    firstError: parts.find((p) => p.firstError)?.firstError ?? null,
  };
}

function sinceListening(welcomedAtMs: number[], listeningAtMs: number): Percentiles {
  const h = newHistogram();
  for (const at of welcomedAtMs) recordMs(h, Math.max(0, at - listeningAtMs));
  return percentiles(h);
}

export const b8ReconnectStorm: Scenario = {
  id: 'B8',
  title: 'Reconnect storm: drain with `reconnect`, then kill -9',
  smoke: false,
  estimateSec: 60,
  smokeEstimateSec: 25,
  async run(ctx) {
    const clients = Number(ctx.options['b8-clients'] ?? (ctx.smoke ? 200 : 10_000));
    if (!Number.isInteger(clients) || clients < 2 || clients % 2 !== 0) throw new Error(`--b8-clients=${ctx.options['b8-clients']}: expected an even number ≥ 2`);
    const pairs = clients / 2;
    const messagesPerSec = ctx.smoke ? 50 : 200;
    const env = { KEFU_RECONNECT_AFTER_MS: String(AFTER_MS), KEFU_DRAIN_MS: '3000' };
    const target = await startTarget(ctx, 'kefu', { pairs, env });
    const phases: Phase[] = [];
    let check: StormCheck | null = null;
    let rate = 0;
    try {
      const { fleet } = target;
      await setupPairs(target, CONCURRENCY);
      // B3's returning flow, on this server and this machine now: everyone closes and comes back
      // with visitor token and resume. Its rate sets the deadline of the storms.
      await fleet.closeSockets();
      await sleep(500);
      const calm = await fleet.connect({ who: 'both', concurrency: CONCURRENCY, resume: true });
      if (calm.failed > 0) throw new Error(`${calm.failed} sockets failed to reconnect before the storm: ${calm.firstError}`);
      rate = calm.perSec;
      ctx.log(`  calm reconnect: ${int(clients)} sockets at ${int(rate)}/s`);
      const spreadMs = (2 * clients * 1000) / rate;

      await fleet.tell({ cmd: 'stormArm', ratePerSec: messagesPerSec / fleet.workers.length, reconnectBaseMs: AFTER_MS });
      await sleep(2_000);
      // SIGTERM: the server drains (a `reconnect` frame and close 4503 to every socket), exits; a new
      // process takes the same store and port. afterMs: the most a `reconnect` frame may say.
      phases.push(await storm(target, 'drain', 'drain: `reconnect` frame, restart', 1, clients, spreadMs + 2 * AFTER_MS, () => target.server.stop().then(() => undefined), env, ctx.cpuProfileDir));
      ctx.log(`  drain: ${phases[0]!.welcomed}/${phases[0]!.disconnected} welcomed again, p99 ${ms(phases[0]!.latency.p99)} ms, ${phases[0]!.helloRefused} refused during hello, generator loop delay p99 ${ms(phases[0]!.generatorLoopP99Ms)} ms, max ${ms(phases[0]!.generatorLoopMaxMs)} ms`);
      await sleep(2_000);
      // kill -9: no frame, no drain; clients find the connection lost and come back after a random
      // share of the same base delay (afterMs: that base).
      const killed = target.server;
      phases.push(
        await storm(
          target,
          'kill -9',
          'kill -9, restart',
          2,
          clients,
          spreadMs + AFTER_MS,
          async () => {
            process.kill(killed.pid, 'SIGKILL');
            await killed.stop();
          },
          env,
          ctx.cpuProfileDir,
        ),
      );
      ctx.log(`  kill -9: ${phases[1]!.welcomed}/${phases[1]!.disconnected} welcomed again, p99 ${ms(phases[1]!.latency.p99)} ms, ${phases[1]!.helloRefused} refused during hello, generator loop delay p99 ${ms(phases[1]!.generatorLoopP99Ms)} ms, max ${ms(phases[1]!.generatorLoopMaxMs)} ms`);
      await sleep(2_000);
      const parts = await fleet.tell<StormCheck>({ cmd: 'stormCheck', waitMs: 15_000 });
      check = parts.reduce((a, b) => ({
        sides: a.sides + b.sides,
        unchecked: a.unchecked + b.unchecked,
        duplicates: a.duplicates + b.duplicates,
        firstDuplicate: a.firstDuplicate ?? b.firstDuplicate,
        recoveredBySync: a.recoveredBySync + b.recoveredBySync,
        gaps: a.gaps + b.gaps,
        unanswered: a.unanswered + b.unanswered,
        lost: a.lost + b.lost,
        storedTwice: a.storedTwice + b.storedTwice,
        answeredSends: a.answeredSends + b.answeredSends,
        firstProblem: a.firstProblem ?? b.firstProblem,
      }));
      ctx.log(`  check: ${JSON.stringify(check)}`);
    } finally {
      await target.stop();
    }

    const goals: Goal[] = phases.map((p) => {
      const share = p.welcomedWithinDeadline / p.clients;
      return {
        scenario: 'B8',
        name: `${int(p.clients)} clients welcomed again after ${p.kind}`,
        target: `99 % within 2 × (${int(p.clients)} ÷ ${int(rate)}/s) + ${int(p.kind === 'drain' ? 2 * AFTER_MS : AFTER_MS)} ms = ${int(p.deadlineMs)} ms`,
        measured: `${(share * 100).toFixed(1)} % (p99 ${ms(p.latency.p99)} ms, max ${ms(p.latency.max)} ms)`,
        ratio: null,
        met: share >= 0.99,
      };
    });
    if (check) {
      const bad = check.duplicates + check.gaps + check.recoveredBySync + check.lost + check.storedTwice + check.unchecked + check.unanswered;
      goals.push({
        scenario: 'B8',
        name: 'no gap, no duplicate after both storms',
        target: '0',
        measured:
          bad === 0
            ? `0 of ${int(check.sides)} timelines, ${int(check.answeredSends)} answered sends`
            : `${check.duplicates} duplicates, ${check.gaps} gaps, ${check.recoveredBySync} only by sync, ${check.lost} lost, ${check.storedTwice} stored twice, ${check.unanswered} unanswered, ${check.unchecked} unchecked (${check.firstDuplicate ?? check.firstProblem})`,
        ratio: null,
        met: bad === 0,
      });
    }
    return {
      notes: [
        `${int(pairs)} visitor–agent pairs (${int(clients)} sockets) on one Kefu, each pair with its conversation; visitors send ${int(messagesPerSec)} messages/s in all throughout, round-robin, keeping unanswered ones in an outbox that is resent (same id) after every reconnect, as the widget does. First every socket closes and reconnects calmly (connect + hello + resume, ${CONCURRENCY} in flight per generator process: B3's returning flow, measured here on this server): ${int(rate)}/s, which sets the deadline. Then two storms: **drain**, SIGTERM (the server sends \`reconnect\` with afterMs ${int(AFTER_MS)} ms plus a random share of a window as long as that or as its clients at 2,000 a second take, whichever is longer, and closes 4503; the deadline still adds only ${int(2 * AFTER_MS)} ms; it exits; a new process starts on the same store and port) and **kill -9** (the same restart without warning; clients wait a random share of ${int(AFTER_MS)} ms; while refused they retry with exponential backoff and jitter, 250 ms doubling up to 2 s). Each client reconnects on its own, without a cap on how many at once, resuming from the longest run of seqs it holds without a hole. Time counts from the socket's close to its \`welcome\`, and includes the restart of the server (_restart ms_: from the signal to the new process listening); _after listening_ times the same welcomes from the moment the new process listened, the storm's own cost.`,
        'The check after both storms: sending stops, outboxes drain, every side asks `sync` from its contiguous seq and must then hold every seq up to the last (_gaps_); a `msg` for a seq already received on the same connection or at or below the resume point is a _duplicate_; entries first seen in that final sync were missed by live delivery and resume (_only by sync_); every message answered with `sent` must reach the agent under one seq (_lost_, _stored twice_).',
      ],
      goals,
      tables: [
        {
          title: 'Welcomed again',
          columns: ['storm', 'sockets closed', 'welcomed again', 'within deadline', 'deadline ms', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'restart ms', 'p50 after listening ms', 'p99 after listening ms', 'largest afterMs told', 'attempts', 'refused during hello (4401)', 'generator loop delay p99 / max ms'],
          rows: phases.map((p) => [
            p.name,
            int(p.disconnected),
            int(p.welcomed),
            int(p.welcomedWithinDeadline),
            int(p.deadlineMs),
            ms(p.latency.p50),
            ms(p.latency.p90),
            ms(p.latency.p99),
            ms(p.latency.max),
            int(p.restartMs),
            ms(p.afterListening.p50),
            ms(p.afterListening.p99),
            p.maxToldMs ? int(p.maxToldMs) : '—',
            int(p.attempts),
            int(p.helloRefused),
            `${ms(p.generatorLoopP99Ms)} / ${ms(p.generatorLoopMaxMs)}`,
          ]),
        },
        ...(check
          ? [
              {
                title: 'Timelines after both storms',
                columns: ['timelines', 'answered sends', 'duplicates', 'gaps', 'only by final sync', 'lost', 'stored twice', 'never answered', 'unchecked'],
                rows: [[int(check.sides), int(check.answeredSends), check.duplicates, check.gaps, check.recoveredBySync, check.lost, check.storedTwice, check.unanswered, check.unchecked]],
              },
            ]
          : []),
      ],
      charts:
        phases.length > 0
          ? [
              {
                kind: 'bar',
                file: 'b8-reconnect-storm.svg',
                title: `B8 close → welcome again, ${int(clients)} sockets`,
                yLabel: 'ms',
                bars: phases.flatMap((p) => [
                  { label: `${p.kind} p50`, value: Math.round(p.latency.p50), color: PALETTE[0] },
                  { label: `${p.kind} p99`, value: Math.round(p.latency.p99), color: PALETTE[1] },
                  { label: `${p.kind} deadline`, value: Math.round(p.deadlineMs), color: PALETTE[5] },
                ]),
              },
            ]
          : [],
      data: { clients, pairs, messagesPerSec, afterMs: AFTER_MS, calmRatePerSec: rate, phases, check },
    };
  },
};
