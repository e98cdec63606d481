// Command-line flags: `--name value` pairs and bare `--flag`s, nothing more.

export class UsageError extends Error {}

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly subcommand: string | undefined;
  readonly flags: ReadonlyMap<string, string>;
}

/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['validate', 'no-oos-class', 'help']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (BOOLEAN_FLAGS.has(name)) flags.set(name, inline ?? 'true');
    else if (inline !== undefined) flags.set(name, inline);
    else {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    }
  }
  return { command: positional[0], subcommand: positional[1], flags };
}

/** A flag as a non-negative integer, or the fallback when absent. */
export function intFlag(flags: ReadonlyMap<string, string>, name: string, fallback: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}
