// Reads flow definitions from a folder of YAML and JSON files, for validateFlows to check.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Bytes of one flow file read; a definition is limited to 200 steps, far below this. */
export const MAX_FLOW_FILE_BYTES = 1_048_576;

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The YAML parser, loaded with the first YAML file: a server without flow files never loads it. */
async function yamlParser(): Promise<typeof import('yaml').parse> {
  return (await import('yaml')).parse;
}

/**
 * The definitions in `dir`'s *.yaml, *.yml and *.json files, by file name; a file holds one flow
 * or a list of flows. Unchecked: pass them to `validateFlows`. Throws with the file's name when
 * one cannot be read or parsed, so a typo is never a silently missing flow.
 */
export async function loadFlowFiles(dir: string): Promise<unknown[]> {
  const names = (await readdir(dir)).filter((n) => EXTENSIONS.includes(path.extname(n).toLowerCase())).sort();
  const flows: unknown[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    if ((await stat(file)).size > MAX_FLOW_FILE_BYTES) throw new Error(`${name}: larger than ${MAX_FLOW_FILE_BYTES} bytes`);
    const text = await readFile(file, 'utf8');
    let parsed: unknown;
    try {
      // YAML aliases are capped by the parser (maxAliasCount), so a file cannot expand without bound.
      parsed = name.toLowerCase().endsWith('.json') ? JSON.parse(text) : (await yamlParser())(text, { uniqueKeys: true });
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
    }
    if (Array.isArray(parsed)) flows.push(...(parsed as unknown[]));
    else flows.push(parsed);
  }
  return flows;
}
