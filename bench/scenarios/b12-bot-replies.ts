// B12: 2,000 visitors ask the demo bot knowledge-base questions over WebSocket; each is timed from
// its send's intended time to the bot's reply (`msg` from role bot): p50/p90/p99/max.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Fleet } from '../lib/fleet.js';
import { merge, percentiles, type Percentiles } from '../lib/histogram.js';
import { firstWidgetKey, loginAdmin } from '../lib/kefu-api.js';
import { launchKefu, type ServerHandle } from '../lib/launcher.js';
import { REPO_DIR } from '../lib/paths.js';
import { sleep } from '../lib/pool.js';
import { CpuMeter } from '../lib/proc-stat.js';
import type { Goal, Scenario } from '../lib/result.js';
import { int, ms } from '../lib/result.js';
import { PALETTE } from '../lib/svg-chart.js';
import type { BotReport, ConnectReport, TargetInfo } from '../lib/types.js';

const PROBE_TIMEOUT_MS = 10_000;
const REPLY_TIMEOUT_MS = 15_000;

/** The demo knowledge base's similar questions and the evaluation set's answerable paraphrases. */
function demoQuestions(): { questions: string[]; fromKb: number; fromEval: number } {
  const demo = path.join(REPO_DIR, 'apps', 'server', 'demo');
  const kb = JSON.parse(readFileSync(path.join(demo, 'kb-zh.json'), 'utf8')) as Array<{ id: string; similar?: string[] }>;
  const ids = new Set(kb.map((e) => e.id));
  const fromKb = kb.flatMap((e) => e.similar ?? []);
  let fromEval: string[] = [];
  try {
    const evalSet = JSON.parse(readFileSync(path.join(demo, 'eval-zh.json'), 'utf8')) as Array<{ text: string; expect: string }>;
    fromEval = evalSet.filter((c) => ids.has(c.expect)).map((c) => c.text);
  } catch {
    // The evaluation set is optional; the knowledge base's own questions suffice.
  }
  // Interleaved, so that a short run still asks both kinds.
  const questions: string[] = [];
  for (let i = 0; i < Math.max(fromKb.length, fromEval.length); i++) {
    if (i < fromEval.length) questions.push(fromEval[i]!);
    if (i < fromKb.length) questions.push(fromKb[i]!);
  }
  return { questions, fromKb: fromKb.length, fromEval: fromEval.length };
}

export const b12BotReplies: Scenario = {
  id: 'B12',
  title: 'Bot replies over WebSocket',
  smoke: true,
  estimateSec: 30,
  smokeEstimateSec: 10,
  async run(ctx) {
    const visitors = Number(ctx.options['b12-visitors'] ?? (ctx.smoke ? 60 : 2000));
    const rate = ctx.smoke ? 30 : 100;
    const { questions, fromKb, fromEval } = demoQuestions();
    if (questions.length === 0) throw new Error('apps/server/demo/kb-zh.json has no similar questions to ask');
    // A store of its own, made on first start with the demo bot (the fixture's has none).
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-bot-'));
    let server: ServerHandle | null = null;
    let fleet: Fleet | null = null;
    let latency: Percentiles | null = null;
    let totals = { asked: 0, answered: 0, missing: 0, errors: 0, firstError: null as string | null };
    let serverCpuCores = 0;
    let probeMs: number | null = null;
    let sampleReply: string | null = null;
    try {
      server = await launchKefu({ dataDir, env: { KEFU_DEMO_BOT: 'true' }, cpuProfileDir: ctx.cpuProfileDir ?? undefined });
      const widgetKey = await firstWidgetKey(server.httpUrl, await loginAdmin(server.httpUrl));
      const info: TargetInfo = { name: 'kefu', transport: 'ws', url: server.wsUrl, kefu: { httpUrl: server.httpUrl, widgetKey } };
      fleet = await Fleet.start(info, [], ctx.workers);
      // One question first: if the bot does not answer it, say so now rather than wait for 2,000.
      await fleet.tell<ConnectReport>({ cmd: 'prepareVisitors', count: 1, concurrency: 1 });
      const probes = await fleet.tell<{ ms: number; text: string } | null>({ cmd: 'botProbe', question: questions[0]!, timeoutMs: PROBE_TIMEOUT_MS });
      const probe = probes.find((p) => p !== null) ?? null;
      probeMs = probe?.ms ?? null;
      sampleReply = probe ? `${questions[0]} → ${probe.text.slice(0, 80)}` : null;
      ctx.log(`  probe: ${sampleReply ?? 'no reply'}`);
      if (probeMs === null) {
        throw new Error(
          `no bot reply within ${PROBE_TIMEOUT_MS / 1000} s to “${questions[0]}” (a new visitor's first message, server started with KEFU_DEMO_BOT=true): the demo tenant's bot does not answer conversations in this build`,
        );
      }
      const perWorker = Math.ceil(visitors / fleet.workers.length);
      const prepared = await fleet.tell<ConnectReport>({ cmd: 'prepareVisitors', count: perWorker, concurrency: 50 });
      const failed = prepared.reduce((n, p) => n + p.failed, 0);
      if (failed > 0) throw new Error(`${failed} visitors failed to say hello: ${prepared.find((p) => p.firstError)?.firstError}`);
      await sleep(500);
      const cpu = new CpuMeter([server.pid]);
      const parts = await fleet.tell<BotReport>({
        cmd: 'botRun',
        startAtMs: Date.now() + 300,
        ratePerSec: rate / fleet.workers.length,
        questions,
        offset: 0,
        timeoutMs: REPLY_TIMEOUT_MS,
      });
      serverCpuCores = cpu.read().cores;
      latency = percentiles(merge(parts.map((p) => p.histogram)));
      totals = {
        asked: parts.reduce((n, p) => n + p.asked, 0),
        answered: parts.reduce((n, p) => n + p.answered, 0),
        missing: parts.reduce((n, p) => n + p.missing, 0),
        errors: parts.reduce((n, p) => n + p.errors, 0),
        firstError: parts.find((p) => p.firstError)?.firstError ?? null,
      };
      ctx.log(`  ${totals.answered}/${totals.asked} answered by the bot: p50 ${ms(latency.p50)} p99 ${ms(latency.p99)} ms`);
      if (totals.answered === 0) throw new Error(`none of ${totals.asked} questions got a bot reply within ${REPLY_TIMEOUT_MS / 1000} s: ${totals.firstError}`);
    } finally {
      await fleet?.stop();
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }

    const goals: Goal[] = [];
    if (latency) {
      goals.push({
        scenario: 'B12',
        name: `every question of ${int(visitors)} visitors answered by the bot (within ${REPLY_TIMEOUT_MS / 1000} s)`,
        target: 'all',
        measured: `${int(totals.answered)} of ${int(totals.asked)}; p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms`,
        ratio: null,
        met: totals.answered === totals.asked && totals.errors === 0,
      });
    }
    return {
      notes: [
        `Kefu on a store of its own, made on first start with \`KEFU_DEMO_BOT=true\` (the demo tenant's bot on apps/server/demo/kb-zh.json). ${int(visitors)} new visitors connect and say hello first; then visitor n sends its question (the first message of a new conversation) at start + n / ${int(rate)} s, one open-loop schedule, and is timed from that intended time to the first \`msg\` of its conversation whose sender has role \`bot\`. Questions: the knowledge base's ${int(fromKb)} similar questions and the evaluation set's ${int(fromEval)} answerable paraphrases, interleaved, in order. A reply not there after ${REPLY_TIMEOUT_MS / 1000} s counts as missing, at that age. The issue asks for the figures, not a bound; the goal row only checks that every question was answered.`,
      ],
      goals,
      tables: [
        {
          title: 'Question → bot reply',
          columns: ['visitors', 'questions/s', 'asked', 'answered', 'missing', 'errors', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'server CPU', 'first reply (probe) ms'],
          rows: latency
            ? [[int(visitors), int(rate), int(totals.asked), int(totals.answered), totals.missing, totals.errors, ms(latency.p50), ms(latency.p90), ms(latency.p99), ms(latency.max), serverCpuCores.toFixed(2), probeMs === null ? '' : ms(probeMs)]]
            : [],
        },
      ],
      charts: latency
        ? [
            {
              kind: 'bar',
              file: 'b12-bot-replies.svg',
              title: `B12 question → bot reply, ${int(visitors)} visitors at ${int(rate)}/s`,
              yLabel: 'ms',
              bars: (['p50', 'p90', 'p99', 'max'] as const).map((k, i) => ({ label: k, value: Math.round(latency[k] * 10) / 10, color: PALETTE[i] })),
            },
          ]
        : [],
      data: { visitors, rate, questions: questions.length, latency, totals, serverCpuCores, probeMs, sampleReply },
    };
  },
};
