// Bot speed, no network: `understand` on a 10,000-entry synthetic knowledge base, timed on held-out
// paraphrases (goal p95 ≤ 5 ms without an encoder), and the training time for 15,000 examples (goal
// ≤ 60 s), on BANKING77's train split when the datasets folder is there, else on synthetic data.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BotSpeedResult, BotSpeedTask, KbEntry } from '../lib/bot-speed-child.js';
import { SERVER_MAIN } from '../lib/paths.js';
import type { Goal, Scenario } from '../lib/result.js';
import { int, ms } from '../lib/result.js';
import { PALETTE } from '../lib/svg-chart.js';

const CHILD = fileURLToPath(new URL('../lib/bot-speed-child.js', import.meta.url));
/** The goal's training set; `--bot-train-examples=N` makes it smaller, to check the scenario quickly. */
const GOAL_TRAIN_EXAMPLES = 15_000;
const GOAL_ENTRIES = 10_000;
/** The encoder variant: the server's hashing encoder at a sentence encoder's width (USE-lite's 512). */
const ENCODER_DIMENSION = 512;

/** Runs one task in a fresh process; null when it did not finish within `limitMs`. */
function inChild(task: BotSpeedTask, limitMs: number): Promise<BotSpeedResult | null> {
  const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced', execArgv: ['--max-old-space-size=4096'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, limitMs);
    child.once('message', (reply: { ok: true; result: BotSpeedResult } | { ok: false; error: string }) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      if (reply.ok) resolve(reply.result);
      else reject(new Error(reply.error));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`bot-speed process exited with ${code ?? signal}`));
    });
    child.send(task);
  });
}

/** A small deterministic generator (Park–Miller), so every run builds the same knowledge base. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/** Pronounceable made-up words, distinct: the vocabulary of the synthetic knowledge base. */
function words(count: number, seed: number): string[] {
  const r = random(seed);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'ba', 'do', 'fu', 'gi', 'ha', 'ju', 'ke', 'po', 'qui', 'ro', 'su', 'ta', 'wen', 'xi', 'yo'];
  const out = new Set<string>();
  while (out.size < count) {
    const n = 2 + Math.floor(r() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += syllables[Math.floor(r() * syllables.length)]!;
    out.add(w);
  }
  return [...out];
}

interface Topic {
  verb: string;
  object: string;
  detail: string;
}

/**
 * Entry i asks how to do one thing (a verb) to one thing (an object, with a detail): every entry a
 * different verb–object pair. Taught with its question and three similar questions; asked with
 * two other phrasings never taught (the held-out paraphrases).
 */
function syntheticKb(count: number): { entries: KbEntry[]; topics: Topic[] } {
  const verbs = words(100, 11);
  const objects = words(Math.max(1, Math.ceil(count / 100)), 23).map((w) => `${w}s`);
  const details = words(100, 37);
  const topics: Topic[] = [];
  const entries: KbEntry[] = [];
  for (let i = 0; i < count; i++) {
    const t: Topic = { verb: verbs[i % 100]!, object: objects[Math.floor(i / 100)]!, detail: details[(i * 7 + Math.floor(i / 100)) % 100]! };
    topics.push(t);
    entries.push({
      id: `e${i}`,
      question: `How do I ${t.verb} my ${t.object}?`,
      similar: [`can I ${t.verb} the ${t.detail} ${t.object}`, `${t.object} ${t.detail}: ${t.verb} it`, `I want to ${t.verb} ${t.object} with ${t.detail}`],
      answer: `To ${t.verb} your ${t.object}, open the ${t.detail} page and follow the steps there.`,
    });
  }
  return { entries, topics };
}

function heldOut(topics: Topic[], count: number): Array<{ text: string; expect: string }> {
  const r = random(101);
  return Array.from({ length: count }, (_, k) => {
    const i = Math.floor(r() * topics.length);
    const t = topics[i]!;
    const text = k % 2 === 0 ? `hi, is there a way to ${t.verb} a ${t.object} please` : `need help: ${t.verb} ${t.detail} ${t.object} not working`;
    return { text, expect: `e${i}` };
  });
}

interface TrainingSet {
  entries: KbEntry[];
  source: string;
}

/** 15,000 examples: BANKING77's train split (one entry per intent) topped up, or synthetic. */
async function trainingSet(datasetsOption: string | undefined, trainExamples: number): Promise<TrainingSet> {
  const dist = path.dirname(SERVER_MAIN);
  const datasetsJs = path.join(dist, 'cli', 'datasets.js');
  if (existsSync(datasetsJs)) {
    const mod = (await import(pathToFileURL(datasetsJs).href)) as {
      datasetDir(data?: string): string;
      loadBanking77(dir: string): { train: Array<{ text: string; label: string }> };
    };
    const dir = mod.datasetDir(datasetsOption);
    if (existsSync(path.join(dir, 'banking77', 'train.csv'))) {
      const all = mod.loadBanking77(dir).train;
      const stride = Math.max(1, Math.ceil(all.length / trainExamples));
      const train = all.filter((_, i) => i % stride === 0);
      const byLabel = new Map<string, string[]>();
      for (const e of train) byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), e.text]);
      // The split holds about 10,000 sentences; the rest up to 15,000 are the same sentences
      // with an opening a visitor might type, under the same intent.
      const openings = ['hi, ', 'hello, ', 'quick question: ', 'excuse me, ', 'please help: '];
      let extra = trainExamples - train.length;
      for (let k = 0; extra > 0 && k < train.length * openings.length; k++) {
        const e = train[k % train.length]!;
        byLabel.get(e.label)!.push(`${openings[Math.floor(k / train.length)]}${e.text}`);
        extra -= 1;
      }
      const entries = [...byLabel].map(([label, texts]) => ({ id: label, question: texts[0]!, similar: texts.slice(1, 500), answer: `About ${label.replace(/_/g, ' ')}.` }));
      const examples = entries.reduce((n, e) => n + 1 + e.similar.length, 0);
      return { entries, source: `BANKING77's train split (${int(train.length)}${stride > 1 ? `, one in ${stride},` : ''} sentences, ${entries.length} intents as entries) and ${int(examples - train.length)} of its sentences again with an opening (“hi, ” …)` };
    }
  }
  // No datasets: 150 synthetic entries of 100 phrasings each.
  const { entries: base } = syntheticKb(150);
  const fillers = ['', 'please ', 'quickly ', 'today ', 'again '];
  const r = random(5);
  const entries = base.map((e) => {
    const similar = new Set<string>(e.similar);
    while (similar.size < Math.max(4, trainExamples / 150) - 1) {
      const s = e.similar[Math.floor(r() * e.similar.length)]!;
      similar.add(`${fillers[Math.floor(r() * fillers.length)]}${s} ${Math.floor(r() * 1000)}`);
    }
    return { ...e, similar: [...similar] };
  });
  return { entries, source: `synthetic data (the datasets folder was not found: 150 made-up entries of ${Math.round(trainExamples / 150)} phrasings each)` };
}

export const botSpeed: Scenario = {
  id: 'BOT',
  title: 'Bot speed: understanding and training, no network',
  smoke: false,
  estimateSec: 60,
  smokeEstimateSec: 60,
  async run(ctx) {
    // The goal's size is 10,000 entries; training grows with entries × examples, so the sizes are
    // built in turn, smallest first, while the time allowed lasts. --bot-entries=N builds N alone,
    // with all the time it takes.
    const only = ctx.options['bot-entries'] ? Number(ctx.options['bot-entries']) : null;
    const sizes = only ? [only] : ctx.smoke ? [500, 1000] : [1000, 2500, 5000, GOAL_ENTRIES];
    const capMs = only ? 3_600_000 : ctx.smoke ? 40_000 : 50_000;
    const queries = ctx.smoke ? 300 : 2000;
    // Training time does not change what `understand` costs (the model's size is set by the entries
    // and their words), so these knowledge bases are trained with one pass and no calibration.
    const fast = { calibrate: false, classifier: { members: [{ vectorizer: { charWithinWords: true }, training: { epochs: 1, minSteps: 0 } }] } };
    const ladder: BotSpeedResult[] = [];
    let unfinished: number | null = null;
    const capEndsAt = performance.now() + capMs;
    let skipped: string | null = null;
    for (const size of sizes) {
      const leftMs = capEndsAt - performance.now();
      // Above 1,000 entries the engine indexes its examples instead of training a classifier over
      // every entry (FINDINGS.md §8, fixed): builds grow about with the entries. One that cannot
      // finish in the time left, with room for error, is not started.
      const last = ladder.at(-1);
      const expectedMs = last ? last.buildMs * (size / last.entries) * 2 : 0;
      if (leftMs < 5_000 || expectedMs > leftMs) {
        unfinished = size;
        skipped = last ? `expected to take ~${Math.round(expectedMs / 1000)} s, ${Math.round(leftMs / 1000)} s left` : 'no time left';
        ctx.log(`  ${int(size)} entries not built: ${skipped}`);
        break;
      }
      const { entries, topics } = syntheticKb(size);
      ctx.log(`  building a ${int(size)}-entry knowledge base (${Math.round(leftMs / 1000)} s left)`);
      const result = await inChild({ task: 'understand', entries, queries: heldOut(topics, queries), semantic: fast }, leftMs);
      if (!result) {
        unfinished = size;
        ctx.log(`  the ${int(size)}-entry build did not finish in the ${Math.round(leftMs / 1000)} s left`);
        break;
      }
      ladder.push(result);
      ctx.log(`  ${int(size)} entries: understand p50 ${ms(result.understand!.p50)} p95 ${ms(p95(result))} ms, build ${(result.buildMs / 1000).toFixed(1)} s`);
    }
    const largest = ladder.at(-1) ?? null;
    const goalSize = only ?? GOAL_ENTRIES;
    const atGoal = largest && largest.entries >= goalSize ? largest : null;

    // The same knowledge bases with a sentence encoder: above 1,000 entries the encoder stage keeps
    // its examples' embeddings instead of fitting a head (minutes at these sizes). A deterministic
    // hashing encoder stands in for a neural one, whose own cost (an embedding per example at
    // build, one per message) is not what this measures.
    const encoderSizes = only ? [only] : ctx.smoke ? [1500] : [1500, GOAL_ENTRIES];
    const withEncoder: BotSpeedResult[] = [];
    for (const size of encoderSizes) {
      const { entries, topics } = syntheticKb(size);
      const limitMs = only ? 3_600_000 : 60_000;
      ctx.log(`  building a ${int(size)}-entry knowledge base with a ${ENCODER_DIMENSION}-dimensional hashing encoder`);
      const result = await inChild({ task: 'understand', entries, queries: heldOut(topics, queries), semantic: fast, encoder: { dimension: ENCODER_DIMENSION } }, limitMs);
      if (!result) {
        ctx.log(`  the ${int(size)}-entry build with an encoder did not finish in ${Math.round(limitMs / 1000)} s`);
        break;
      }
      withEncoder.push(result);
      ctx.log(`  ${int(size)} entries, encoder stage ${result.encoderKind ?? '?'}: understand p50 ${ms(result.understand!.p50)} p95 ${ms(p95(result))} ms, build ${(result.buildMs / 1000).toFixed(1)} s`);
    }

    const trainExamples = Number(ctx.options['bot-train-examples'] ?? GOAL_TRAIN_EXAMPLES);
    const set = await trainingSet(ctx.options.datasets, trainExamples);
    const trainLimitMs = only ? 3_600_000 : ctx.smoke ? 45_000 : 75_000;
    const training = await inChild({ task: 'train', entries: set.entries }, trainLimitMs);
    ctx.log(training ? `  training ${int(training.examples)} examples: ${(training.buildMs / 1000).toFixed(1)} s` : `  training did not finish within ${Math.round(trainLimitMs / 1000)} s`);

    const goals: Goal[] = [
      {
        scenario: 'BOT',
        name: `\`understand\` p95 on a ${int(goalSize)}-entry knowledge base, no encoder`,
        target: '≤ 5 ms',
        measured: atGoal
          ? `${ms(p95(atGoal))} ms (p50 ${ms(atGoal.understand!.p50)} ms)`
          : `not measured: ${unfinished ? `the ${int(unfinished)}-entry build ${skipped ? `was not started (${skipped})` : 'did not finish in time'}` : `largest size built ${int(sizes.at(-1) ?? 0)}`}${largest ? `; p95 ${ms(p95(largest))} ms at ${int(largest.entries)} entries` : ''}`,
        ratio: null,
        met: atGoal ? p95(atGoal) <= 5 : false,
      },
      {
        scenario: 'BOT',
        name: `training time, ${int(trainExamples)} examples${set.source.startsWith('synthetic') ? ' (synthetic)' : ' (BANKING77)'}`,
        target: '≤ 60 s',
        measured: training ? `${(training.buildMs / 1000).toFixed(1)} s` : `did not finish within ${Math.round(trainLimitMs / 1000)} s`,
        ratio: null,
        met: training ? training.buildMs <= 60_000 && training.examples >= GOAL_TRAIN_EXAMPLES : false,
      },
    ];
    const row = (r: BotSpeedResult, what = 'understand, synthetic KB'): Array<string | number> => [
      what,
      int(r.entries),
      int(r.examples),
      (r.buildMs / 1000).toFixed(1),
      int(queries),
      ms(r.understand!.p50),
      ms(p95(r)),
      ms(r.understand!.p99),
      ms(r.understand!.max),
      `${((r.accuracy ?? 0) * 100).toFixed(0)} %`,
      r.heapUsedMiB.toFixed(0),
    ];
    return {
      notes: [
        `The built server's \`DialogueEngine\` (apps/server/dist/dialogue), each build in a process of its own with nothing else in it. **Understanding:** synthetic knowledge bases (made-up words; each entry a different verb–object pair, its question and three similar questions: 4 examples per entry) of ${sizes.map(int).join(', ')} entries are built in turn while ${Math.round(capMs / 1000)} s last; on each, ${int(queries)} held-out paraphrases (phrasings never taught, with words around them) are understood one after the other, as the server does, with \`understand(text, initialState)\`; p50/p95 of each call. The classifier's size, and so the cost of \`understand\`, depends on the entries and their words, not on how long it trained, so these builds train one pass without calibration; the default training is timed separately. _Accuracy_ (answered with the expected entry) only checks that the engine found something. **With an encoder:** the same bases of ${encoderSizes.map(int).join(' and ')} entries built with the server's deterministic hashing encoder at ${ENCODER_DIMENSION} dimensions (a sentence encoder's width; its own cost, an embedding per example and per message, is not part of it): above 1,000 entries the encoder stage keeps every example's embedding and fits a temperature instead of a head (docs/bot-quality.md, "Large knowledge bases"). **Training:** \`DialogueEngine.build\` with the server's defaults on ${set.source}: ${training ? int(training.examples) : int(trainExamples)} examples.${unfinished ? ` The ${int(unfinished)}-entry knowledge base was not built in the time left ([FINDINGS.md](FINDINGS.md) §8); \`npm run bench -- --only=bot --bot-entries=${only ?? GOAL_ENTRIES}\` builds one alone, however long it takes.` : ''}`,
      ],
      goals,
      tables: [
        {
          title: 'Understanding and training',
          columns: ['what', 'entries', 'examples', 'build s', 'queries', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'accuracy', 'heap MiB'],
          rows: [
            ...ladder.map((r) => row(r)),
            ...withEncoder.map((r) => row(r, `understand, synthetic KB, ${ENCODER_DIMENSION}-dim hashing encoder (${r.encoderKind ?? '?'})`)),
            ...(unfinished ? [[`understand, synthetic KB`, int(unfinished), int(unfinished * 4), skipped ? 'not started' : 'not finished', '', '', '', '', '', '', '']] : []),
            training
              ? [`training, server defaults`, int(training.entries), int(training.examples), (training.buildMs / 1000).toFixed(1), '', '', '', '', '', '', training.heapUsedMiB.toFixed(0)]
              : ['training, server defaults', int(set.entries.length), int(trainExamples), `> ${Math.round(trainLimitMs / 1000)}`, '', '', '', '', '', '', ''],
          ],
        },
      ],
      charts:
        ladder.length > 1
          ? [
              {
                kind: 'line',
                file: 'bot-understand.svg',
                title: 'Bot: understand latency against knowledge-base size',
                xLabel: 'entries',
                yLabel: 'ms',
                series: [
                  { name: 'p95', color: PALETTE[0], points: ladder.map((r) => [r.entries, p95(r)] as [number, number]) },
                  { name: 'p50', color: PALETTE[0], dashed: true, points: ladder.map((r) => [r.entries, r.understand!.p50] as [number, number]) },
                ],
                guides: [{ y: 5, label: '5 ms (goal)' }],
              },
            ]
          : [],
      data: { sizes, capMs, queries, ladder, unfinished, skipped, withEncoder, encoderDimension: ENCODER_DIMENSION, training, trainingSource: set.source },
    };
  },
};

function p95(result: BotSpeedResult): number {
  return result.understand?.p95 ?? Number.POSITIVE_INFINITY;
}
