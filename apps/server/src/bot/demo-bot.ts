// The demo tenant's first bot: the Chinese shop knowledge base and flows that ship in the package's demo/ folder.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** apps/server/demo, found from this module (src/bot or dist/bot), never from the working directory. */
export const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));

/**
 * The raw demo config (unvalidated): `kb-zh.json` as entries, every `flows/*.yaml|yml|json` as a
 * flow, in file-name order. Null when the knowledge base file is missing.
 */
export function readDemoBotConfig(dir = DEMO_DIR): { entries: unknown; flows: unknown[] } | null {
  let kb: string;
  try {
    kb = readFileSync(path.join(dir, 'kb-zh.json'), 'utf8');
  } catch {
    return null;
  }
  const flowsDir = path.join(dir, 'flows');
  let names: string[] = [];
  try {
    names = readdirSync(flowsDir).filter((n) => /\.(ya?ml|json)$/i.test(n)).sort();
  } catch {
    // No flows folder: a bot of the knowledge base alone.
  }
  const flows = names.flatMap((name): unknown[] => {
    const text = readFileSync(path.join(flowsDir, name), 'utf8');
    const parsed: unknown = name.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    // A file may hold one flow or a list of them.
    return Array.isArray(parsed) ? parsed : [parsed];
  });
  return { entries: JSON.parse(kb) as unknown, flows };
}
