// The demo tenant's first bot: the Chinese shop knowledge base and flows that ship in the package's demo/ folder.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFlowFiles } from './flow-files.js';

/** apps/server/demo, found from this module (src/bot or dist/bot), never from the working directory. */
export const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));

/**
 * The raw demo config (unvalidated): `kb-zh.json` as entries and the flows of `flows/` (see
 * `loadFlowFiles`). Null when the knowledge base file is missing; throws when a file does not parse.
 */
export async function readDemoBotConfig(dir = DEMO_DIR): Promise<{ entries: unknown; flows: unknown[] } | null> {
  const kbFile = path.join(dir, 'kb-zh.json');
  if (!existsSync(kbFile)) return null;
  const entries = JSON.parse(await readFile(kbFile, 'utf8')) as unknown;
  const flowsDir = path.join(dir, 'flows');
  // No flows folder: a bot of the knowledge base alone.
  const flows = existsSync(flowsDir) ? await loadFlowFiles(flowsDir) : [];
  return { entries, flows };
}
