// A seeded Kefu store for every scenario: the demo tenant and N agents with access tokens.
//
// Agents are made through the API, and each costs two scrypt hashes (~25 ms of a core each), so
// 1,000 agents take about a minute. The seeded data directory is therefore kept in bench/.cache,
// keyed by the server code that decides its format, and every server under test starts on a fresh
// copy of it in a temporary directory.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAgent, firstWidgetKey, loginAdmin } from './kefu-api.js';
import { launchKefu } from './launcher.js';
import { BENCH_DIR, REPO_DIR, SERVER_MAIN } from './paths.js';
import { pool } from './pool.js';

export interface Fixture {
  /** The seeded data directory; copy it, never start a server under test on it. */
  dataDir: string;
  widgetKey: string;
  agents: Array<{ id: string; token: string }>;
}

interface Meta {
  widgetKey: string;
  agents: Array<{ id: string; token: string }>;
  /** When the first token made runs out; the fixture is rebuilt well before. */
  expiresAtMs: number;
}

const TOKEN_TTL_MS = 30 * 24 * 3_600_000;
const MIN_TOKEN_LIFE_MS = 2 * 24 * 3_600_000;
// Files whose change can make a cached store or its tokens unreadable by the server.
const KEY_FILES = ['adapters/sqlite-migrations.js', 'auth/tokens.js', 'auth/password.js'];

export async function ensureFixture(agentCount: number, log: (line: string) => void): Promise<Fixture> {
  const hash = createHash('sha256').update('fixture v1');
  for (const file of KEY_FILES) hash.update(readFileSync(path.join(path.dirname(SERVER_MAIN), file)));
  const dir = path.join(BENCH_DIR, '.cache', `fixture-${hash.digest('hex').slice(0, 12)}`);
  const dataDir = path.join(dir, 'data');
  const metaFile = path.join(dir, 'fixture.json');

  let meta: Meta | null = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as Meta) : null;
  if (meta && meta.expiresAtMs < Date.now() + MIN_TOKEN_LIFE_MS) meta = null;
  if (meta && meta.agents.length >= agentCount) return { dataDir, widgetKey: meta.widgetKey, agents: meta.agents };
  if (!meta) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
  }

  const have = meta?.agents.length ?? 0;
  log(`seeding the Kefu fixture: ${agentCount - have} agents (cached in ${path.relative(REPO_DIR, dir)} for later runs)`);
  const server = await launchKefu({ dataDir, env: { KEFU_TOKEN_TTL_MS: String(TOKEN_TTL_MS) } });
  try {
    const adminToken = await loginAdmin(server.httpUrl);
    const widgetKey = meta?.widgetKey ?? (await firstWidgetKey(server.httpUrl, adminToken));
    const agents = [...(meta?.agents ?? [])];
    const numbers = Array.from({ length: agentCount - have }, (_, i) => have + i);
    await pool(numbers, 8, async (n) => {
      agents[n] = await createAgent(server.httpUrl, adminToken, n);
    });
    meta = { widgetKey, agents, expiresAtMs: Math.min(meta?.expiresAtMs ?? Infinity, Date.now() + TOKEN_TTL_MS) };
  } finally {
    await server.stop();
  }
  writeFileSync(metaFile, JSON.stringify(meta));
  return { dataDir, widgetKey: meta.widgetKey, agents: meta.agents };
}

/** A fresh temporary copy of the fixture's data directory, for one server under test. */
export function freshCopy(fixture: Fixture | null): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-'));
  if (fixture) cpSync(fixture.dataDir, dir, { recursive: true });
  return dir;
}
