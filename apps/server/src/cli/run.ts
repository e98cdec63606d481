// `kefu` command lines: parse, dispatch, print one JSON object; cli.ts is only the executable's entry.
import { readFileSync } from 'node:fs';
import { parseEncoderSpec } from '../config.js';
import { defaultEncoderHeadOptions } from '../dialogue/semantic/encoder-head.js';
import type { ClassifierOptions } from '../dialogue/semantic/intent-classifier.js';
import { encoderIdentity, loadEncoder } from '../load-encoder.js';
import { UsageError, intFlag, parseArgs, type ParsedArgs } from './args.js';
import { datasetDir } from './datasets.js';
import { defaultDatasetEvalOptions, evalBanking77, evalClinc150, type Confidence } from './eval-dataset.js';
import type { EvalEncoderOptions } from './eval-encoder.js';
import { evalKnowledgeBase } from './eval-kb.js';

const USAGE = `usage:
  kefu eval --kb FILE --cases FILE [--encoder use-lite|onnx:DIR [--encoder-weight W]]
  kefu eval --dataset banking77|clinc150 [--shots N] [--seed S] [--data DIR] [--validate] [--no-oos-class]
            [--confidence oos-odds|probability|supported] [--classifier JSON|FILE]
            [--encoder use-lite|onnx:DIR [--encoder-weight W]]`;

/** Flags of earlier encoder experiments; the only encoder stage now is the engine's (`EncoderHead`). */
const REMOVED_ENCODER_FLAGS = ['encoder-head', 'encoder-mix', 'encoder-temperature'];

/** Classifier options from inline JSON or a JSON file; only for tuning experiments. */
function classifierFlag(raw: string | undefined): ClassifierOptions {
  if (raw === undefined) return defaultDatasetEvalOptions.classifier;
  const text = raw.trimStart().startsWith('{') ? raw : readFileSync(raw, 'utf8');
  return JSON.parse(text) as ClassifierOptions;
}

function confidenceFlag(raw: string | undefined): Confidence {
  if (raw === undefined) return defaultDatasetEvalOptions.confidence;
  if (raw !== 'probability' && raw !== 'supported' && raw !== 'oos-odds') throw new UsageError('--confidence must be oos-odds, probability or supported');
  return raw;
}

function numberFlag(flags: ReadonlyMap<string, string>, name: string, fallback: number, min: number, max: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

/** The encoder named by --encoder, loaded, with its blend settings; undefined without the flag. */
async function encoderFlags(f: ReadonlyMap<string, string>, out: Output): Promise<EvalEncoderOptions | undefined> {
  const raw = f.get('encoder');
  if (raw === undefined) return undefined;
  const spec = parseEncoderSpec(raw);
  if (typeof spec === 'string') throw new UsageError(`--encoder: ${spec}`);
  const removed = REMOVED_ENCODER_FLAGS.find((name) => f.has(name));
  if (removed) throw new UsageError(`--${removed} is gone: eval measures the engine's encoder stage (regression head, geometric mix)`);
  // Every flag is checked before the model loads, so a typo costs no wait.
  const weight = numberFlag(f, 'encoder-weight', defaultEncoderHeadOptions.weight, 0, 1);
  const started = performance.now();
  let last = 0;
  return {
    encoder: await loadEncoder(spec),
    id: encoderIdentity(spec),
    weight,
    // Embedding a dataset the first time takes minutes; a line every ~10 s says it is moving.
    progress: (done, total) => {
      const now = performance.now();
      if (now - last < 10_000 && done < total) return;
      last = now;
      const rate = done / ((now - started) / 1000);
      out.stderr.write(`kefu: embedded ${done}/${total} texts (${rate.toFixed(0)}/s)\n`);
    },
  };
}

async function evalCommand(args: ParsedArgs, out: Output): Promise<unknown> {
  const f = args.flags;
  const dataset = f.get('dataset');
  if (dataset !== undefined) {
    if (dataset !== 'banking77' && dataset !== 'clinc150') throw new UsageError(`unknown dataset ${JSON.stringify(dataset)}`);
    const options = {
      dataset,
      dir: datasetDir(f.get('data')),
      shots: intFlag(f, 'shots', 0),
      seed: intFlag(f, 'seed', 1),
      validate: f.has('validate'),
      oosClass: !f.has('no-oos-class'),
      classifier: classifierFlag(f.get('classifier')),
      confidence: confidenceFlag(f.get('confidence')),
      encoder: await encoderFlags(f, out),
    } as const;
    return dataset === 'banking77' ? evalBanking77(options) : evalClinc150(options);
  }
  const kb = f.get('kb');
  const cases = f.get('cases');
  if (kb === undefined || cases === undefined) throw new UsageError('eval needs --kb and --cases, or --dataset');
  const encoder = await encoderFlags(f, out);
  return evalKnowledgeBase(kb, cases, encoder ? { encoder: encoder.encoder, encoderWeight: encoder.weight } : {});
}

/** Where `run` writes: the process's streams, or a buffer in tests. */
export interface Output {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Runs one command line; resolves to the exit code (0 ok, 1 failure, 2 usage). */
export async function run(argv: readonly string[], out: Output): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.flags.has('help') || args.command === undefined) {
      out.stdout.write(`${USAGE}\n`);
      return args.command === undefined && !args.flags.has('help') ? 2 : 0;
    }
    if (args.command !== 'eval') throw new UsageError(`unknown command ${JSON.stringify(args.command)}`);
    out.stdout.write(`${JSON.stringify(await evalCommand(args, out))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr.write(`kefu: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    out.stderr.write(`kefu: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
