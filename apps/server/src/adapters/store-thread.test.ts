import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/app-error.js';
import { asTenantId } from '../domain/ids.js';
import { describeStoreContract } from '../ports/store.contract.js';
import { openStoreThread } from './store-thread.js';

// The worker runs compiled code: `npm test` builds first (npx tsc -b apps/server otherwise).
const WORKER = fileURLToPath(new URL('../../dist/adapters/store-thread-worker.js', import.meta.url));
const built = existsSync(WORKER);

function tempDir(): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-store-thread-'));
  return { path: join(dir, 'kefu.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

if (built) {
  describeStoreContract('SqliteStore on a worker thread', async (clock) => {
    const db = tempDir();
    const store = await openStoreThread({ path: db.path, clock, workerFile: WORKER });
    return {
      store,
      cleanup: async () => {
        await store.close();
        db.remove();
      },
    };
  });
}

describe.skipIf(!built)('the store thread', () => {
  it('hands back AppErrors with their code and details, and refuses calls once closed', async () => {
    const db = tempDir();
    const store = await openStoreThread({ path: db.path, workerFile: WORKER });
    try {
      const error = await store.getTenant(asTenantId('no-such-tenant')).then(
        () => undefined,
        (e: unknown) => e,
      );
      // A missing tenant is an answer, not an error; an unknown tenant in a write is an AppError.
      expect(error).toBeUndefined();
      const refused = await store.createTeam(asTenantId('no-such-tenant'), { name: 'x' } as never).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: 'not_found' });
    } finally {
      await store.close();
    }
    await expect(store.ping()).rejects.toMatchObject({ code: 'unavailable' });
    db.remove();
  });

  it('fails to open with the reason when the database cannot be opened', async () => {
    const db = tempDir();
    await expect(openStoreThread({ path: join(db.path, '\u0000bad'), workerFile: WORKER })).rejects.toThrow();
    db.remove();
  });
});
