import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeBlobStoreContract } from '../ports/blob-store.contract.js';
import { FsBlobStore } from './fs-blob-store.js';

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(dir, f)).isFile());
}

describeBlobStoreContract('FsBlobStore', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-blobs-'));
  const store = await FsBlobStore.open(path.join(dir, 'uploads'));
  return {
    store,
    leftovers: async () => filesUnder(path.join(dir, 'uploads')),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('FsBlobStore on disk', () => {
  it('keeps each blob in a file readable by the server alone, under a name of its own making', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-blobs-'));
    try {
      const store = await FsBlobStore.open(dir);
      const outcome = await store.put(Buffer.from('hello'), { maxBytes: 100 });
      if (outcome.kind !== 'stored') throw new Error('not stored');
      expect(filesUnder(dir)).toEqual([path.join(outcome.blob.key.slice(0, 2), outcome.blob.key)]);
      expect(statSync(path.join(dir, filesUnder(dir)[0]!)).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('clears temp files of a crashed upload on open, but not those of an upload in progress', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-blobs-'));
    try {
      mkdirSync(path.join(dir, '.tmp'));
      const stale = path.join(dir, '.tmp', 'stale.part');
      const fresh = path.join(dir, '.tmp', 'fresh.part');
      writeFileSync(stale, 'half');
      writeFileSync(fresh, 'half');
      const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
      utimesSync(stale, twoHoursAgo, twoHoursAgo);
      await FsBlobStore.open(dir);
      expect(filesUnder(dir)).toEqual([path.join('.tmp', 'fresh.part')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
