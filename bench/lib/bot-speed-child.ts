// The bot-speed scenario's work, in a process of its own (forked) so that a build that runs too
// long can be stopped: builds the built server's DialogueEngine on a knowledge base and times
// `understand`, or times training alone. No network.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { newHistogram, percentiles, recordMs, type Percentiles } from './histogram.js';
import { SERVER_MAIN } from './paths.js';

export interface KbEntry {
  id: string;
  question: string;
  similar: string[];
  answer: string;
}

export type BotSpeedTask =
  /**
   * Build on `entries` (with `semantic` options, if any), then understand each query. With
   * `encoder`, the engine gets the server's deterministic hashing encoder of that many dimensions.
   */
  | { task: 'understand'; entries: KbEntry[]; queries: Array<{ text: string; expect: string }>; semantic?: unknown; encoder?: { dimension: number } }
  /** Build with the server's defaults and report the time only. */
  | { task: 'train'; entries: KbEntry[] };

export interface BotSpeedResult {
  buildMs: number;
  examples: number;
  entries: number;
  understand: (Percentiles & { p95: number }) | null;
  /** Share of queries answered with the expected entry (top decision `answer` with that id). */
  accuracy: number | null;
  heapUsedMiB: number;
  /** Which encoder stage the engine ran (`none`, `head` or `nearest`). */
  encoderKind?: string;
}

interface Engine {
  understand(text: string, state: object): Promise<{ decision: { kind: string; entryId?: string } }>;
  readonly encoderKind?: string;
}
type Build = (entries: KbEntry[], options?: object) => Promise<{ ok: true; engine: Engine } | { ok: false; issues: unknown[] }>;

type HashingEncoder = new (dimension: number) => object;

async function load(): Promise<{ build: Build; initial: object; HashingEncoder: HashingEncoder }> {
  const dist = path.dirname(SERVER_MAIN);
  const engine = (await import(pathToFileURL(path.join(dist, 'dialogue', 'engine.js')).href)) as { DialogueEngine: { build: Build } };
  const decision = (await import(pathToFileURL(path.join(dist, 'dialogue', 'decision.js')).href)) as { initialDialogueState: object };
  const hashing = (await import(pathToFileURL(path.join(dist, 'adapters', 'hashing-encoder.js')).href)) as { HashingEncoder: HashingEncoder };
  return { build: (e, o) => engine.DialogueEngine.build(e, o), initial: decision.initialDialogueState, HashingEncoder: hashing.HashingEncoder };
}

async function run(task: BotSpeedTask): Promise<BotSpeedResult> {
  const { build, initial, HashingEncoder } = await load();
  const examples = task.entries.reduce((n, e) => n + 1 + e.similar.length, 0);
  const options = {
    ...(task.task === 'understand' && task.semantic ? { semantic: task.semantic } : {}),
    ...(task.task === 'understand' && task.encoder ? { encoder: new HashingEncoder(task.encoder.dimension) } : {}),
  };
  const t0 = performance.now();
  const built = await build(task.entries, options);
  const buildMs = performance.now() - t0;
  if (!built.ok) throw new Error(`build refused the knowledge base: ${JSON.stringify(built.issues).slice(0, 300)}`);
  let understand: BotSpeedResult['understand'] = null;
  let accuracy: number | null = null;
  if (task.task === 'understand') {
    const h = newHistogram();
    let right = 0;
    // A few queries first, so that the timings are of warm code, as in a running server.
    for (const q of task.queries.slice(0, 20)) await built.engine.understand(q.text, initial);
    for (const q of task.queries) {
      const t = performance.now();
      const { decision } = await built.engine.understand(q.text, initial);
      recordMs(h, performance.now() - t);
      if (decision.kind === 'answer' && decision.entryId === q.expect) right += 1;
    }
    understand = { ...percentiles(h), p95: Math.round(h.getValueAtPercentile(95)) / 1000 };
    accuracy = task.queries.length > 0 ? right / task.queries.length : null;
  }
  const encoderKind = built.engine.encoderKind;
  return { buildMs, examples, entries: task.entries.length, understand, accuracy, heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20, ...(encoderKind ? { encoderKind } : {}) };
}

process.on('message', (task: BotSpeedTask) => {
  run(task).then(
    (result) => process.send!({ ok: true, result }),
    (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
