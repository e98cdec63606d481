// `kefu` command lines: parse, dispatch, print one JSON object; cli.ts is only the executable's entry.
import { readFileSync } from 'node:fs';
import type { ClassifierOptions } from '../dialogue/semantic/intent-classifier.js';
import { UsageError, intFlag, parseArgs, type ParsedArgs } from './args.js';
import { datasetDir } from './datasets.js';
import { defaultDatasetEvalOptions, evalBanking77, evalClinc150, type Confidence } from './eval-dataset.js';
import { evalKnowledgeBase } from './eval-kb.js';

const USAGE = `usage:
  kefu eval --kb FILE --cases FILE
  kefu eval --dataset banking77|clinc150 [--shots N] [--seed S] [--data DIR] [--validate] [--no-oos-class]
            [--confidence oos-odds|probability|supported] [--classifier JSON|FILE]`;

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

async function evalCommand(args: ParsedArgs): Promise<unknown> {
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
    } as const;
    return dataset === 'banking77' ? evalBanking77(options) : evalClinc150(options);
  }
  const kb = f.get('kb');
  const cases = f.get('cases');
  if (kb === undefined || cases === undefined) throw new UsageError('eval needs --kb and --cases, or --dataset');
  return evalKnowledgeBase(kb, cases);
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
    out.stdout.write(`${JSON.stringify(await evalCommand(args))}\n`);
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
