import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './adapters/sqlite-store.js';
import { bootstrap } from './bootstrap.js';
import { readDemoBotConfig } from './bot/demo-bot.js';

describe('bootstrap', () => {
  let dir: string;
  let store: SqliteStore;
  const cwd = process.cwd();
  const admin = { email: 'admin@example.com', password: 'admin-password-1' };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-bootstrap-'));
    store = SqliteStore.open({ path: join(dir, 'kefu.db') });
  });
  afterEach(async () => {
    process.chdir(cwd);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the demo account the demo bot from the package, whatever the working directory', async () => {
    process.chdir(dir);
    const result = await bootstrap(store, admin, { demoBot: true });
    expect(result.demoBotIssues).toEqual([]);
    const tenant = (await store.listTenants())[0]!;
    const active = await store.getActiveBotVersion(tenant.id);
    expect(active).toMatchObject({ version: 1, note: 'demo knowledge base' });
    expect(active!.config.entries.length).toBe(((await readDemoBotConfig())!.entries as unknown[]).length);
    expect(active!.config.flows.length).toBe((await readDemoBotConfig())!.flows.length);
    expect(active!.config.entries.length).toBeGreaterThan(10);
  });

  it('starts without a bot when asked, and adds the demo bot on a later start that wants it', async () => {
    await bootstrap(store, admin, { demoBot: false });
    const tenant = (await store.listTenants())[0]!;
    expect(await store.getActiveBotVersion(tenant.id)).toBeNull();
    const again = await bootstrap(store, admin, { demoBot: true });
    expect(again.created).toBe(false);
    expect((await store.getActiveBotVersion(tenant.id))?.version).toBe(1);
    await bootstrap(store, admin, { demoBot: true });
    expect(await store.listBotVersions(tenant.id, 10)).toHaveLength(1);
  });
});
