// The contract every BlobStore adapter runs: each guarantee stated in blob-store.ts, tested.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore, PutOutcome } from './blob-store.js';

/** Makes an empty store; `leftovers` lists whatever it holds on its medium, for "nothing left behind". */
export type MakeBlobStore = () => Promise<{ store: BlobStore; leftovers: () => Promise<string[]>; cleanup: () => Promise<void> }>;

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function stored(outcome: PutOutcome) {
  if (outcome.kind !== 'stored') throw new Error(`expected stored, got ${outcome.kind}`);
  return outcome.blob;
}

export function describeBlobStoreContract(name: string, make: MakeBlobStore): void {
  describe(`BlobStore contract: ${name}`, () => {
    let current: Awaited<ReturnType<MakeBlobStore>>;
    beforeEach(async () => {
      current = await make();
    });
    afterEach(async () => {
      await current.cleanup();
    });

    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31) % 251));
    const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

    it('stores a buffer and a stream, and hands back the same bytes with their size and SHA-256', async () => {
      const { store } = current;
      const fromBuffer = stored(await store.put(bytes, { maxBytes: bytes.length }));
      const fromStream = stored(await store.put(chunksOf(bytes, 7_777), { maxBytes: bytes.length }));
      for (const blob of [fromBuffer, fromStream]) {
        expect(blob).toEqual({ key: expect.any(String), size: bytes.length, sha256: sha256(bytes) });
        expect((await readAll((await store.get(blob.key))!)).equals(bytes)).toBe(true);
      }
      expect(fromStream.key).not.toBe(fromBuffer.key);
    });

    it('hands back a byte range, both ends included', async () => {
      const { store } = current;
      const blob = stored(await store.put(bytes, { maxBytes: bytes.length }));
      const part = await readAll((await store.get(blob.key, { start: 10, end: 19 }))!);
      expect(part.equals(bytes.subarray(10, 20))).toBe(true);
    });

    it('answers too_large past the limit, stops reading the source, and leaves nothing behind', async () => {
      const { store, leftovers } = current;
      let pulled = 0;
      async function* counted() {
        for await (const chunk of chunksOf(bytes, 1000)) {
          pulled += 1;
          yield chunk;
        }
      }
      expect(await store.put(counted(), { maxBytes: 4_500 })).toEqual({ kind: 'too_large', maxBytes: 4_500 });
      expect(pulled).toBe(5);
      expect(await store.put(bytes, { maxBytes: bytes.length - 1 })).toEqual({ kind: 'too_large', maxBytes: bytes.length - 1 });
      expect(await leftovers()).toEqual([]);
    });

    it('rejects when the source fails, and leaves nothing behind', async () => {
      const { store, leftovers } = current;
      async function* failing() {
        yield bytes.subarray(0, 1000);
        throw new Error('client went away');
      }
      await expect(store.put(failing(), { maxBytes: bytes.length })).rejects.toThrow('client went away');
      expect(await leftovers()).toEqual([]);
    });

    it('stores an empty file', async () => {
      const blob = stored(await current.store.put(Buffer.alloc(0), { maxBytes: 10 }));
      expect(blob.size).toBe(0);
      expect((await readAll((await current.store.get(blob.key))!)).length).toBe(0);
    });

    it('answers null for a key it never made, including one shaped like a path', async () => {
      const { store } = current;
      for (const key of ['0123456789abcdef0123456789abcdef', '../../etc/passwd', '', 'a/b']) {
        expect(await store.get(key)).toBeNull();
        expect(await store.delete(key)).toBe(false);
      }
    });

    it('deletes, once: the content is gone and a second delete answers false', async () => {
      const { store, leftovers } = current;
      const blob = stored(await store.put(bytes, { maxBytes: bytes.length }));
      expect(await store.delete(blob.key)).toBe(true);
      expect(await store.get(blob.key)).toBeNull();
      expect(await store.delete(blob.key)).toBe(false);
      expect(await leftovers()).toEqual([]);
    });
  });
}
