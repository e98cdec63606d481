// The BlobStore on the local filesystem: one file per blob under a directory of its own, named by
// a random key the store chooses (never by anything a client sent), written whole before it shows.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../domain/app-error.js';
import type { BlobStore, ByteRange, PutOutcome } from '../ports/blob-store.js';

/** 128 random bits, hex: the only shape of key this store makes or opens. */
const KEY = /^[0-9a-f]{32}$/;
const TEMP_DIR = '.tmp';
/** A temp file this old belongs to a put that died with its process; a later open removes it. */
const STALE_TEMP_MS = 3_600_000;

export class FsBlobStore implements BlobStore {
  private constructor(private readonly root: string) {}

  /** Creates the directory if needed and clears temp files left by a crash. */
  static async open(root: string): Promise<FsBlobStore> {
    const store = new FsBlobStore(path.resolve(root));
    await io(mkdir(path.join(store.root, TEMP_DIR), { recursive: true, mode: 0o700 }));
    await store.#removeStaleTemps(Date.now());
    return store;
  }

  async put(content: Uint8Array | AsyncIterable<Uint8Array>, limits: { maxBytes: number }): Promise<PutOutcome> {
    const key = randomBytes(16).toString('hex');
    const temp = path.join(this.root, TEMP_DIR, `${key}.part`);
    const hash = createHash('sha256');
    let size = 0;
    let stored = false;
    const file = await io(open(temp, 'wx', 0o600));
    let closed = false;
    try {
      for await (const chunk of content instanceof Uint8Array ? [content] : content) {
        size += chunk.length;
        // Returning leaves the loop, which stops reading the source; `finally` removes the temp file.
        if (size > limits.maxBytes) return { kind: 'too_large', maxBytes: limits.maxBytes };
        hash.update(chunk);
        await io(writeAll(file, chunk));
      }
      // Durable before it is announced, like an entry before `sent`.
      await io(file.sync());
      closed = true;
      await io(file.close());
      const final = this.#path(key);
      await io(mkdir(path.dirname(final), { recursive: true, mode: 0o700 }));
      await io(rename(temp, final));
      await syncDirectory(path.dirname(final));
      stored = true;
      return { kind: 'stored', blob: { key, size, sha256: hash.digest('hex') } };
    } finally {
      if (!closed) await file.close().catch(() => undefined);
      if (!stored) await rm(temp, { force: true }).catch(() => undefined);
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    if (!KEY.test(key)) return null;
    let file: FileHandle;
    try {
      file = await open(this.#path(key), 'r');
    } catch (error) {
      if (isNotFound(error)) return null;
      throw translate(error);
    }
    return file.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<boolean> {
    if (!KEY.test(key)) return false;
    try {
      await unlink(this.#path(key));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw translate(error);
    }
  }

  /** Two hex characters of the key as a directory, so that no directory grows past 1/256 of all blobs. */
  #path(key: string): string {
    return path.join(this.root, key.slice(0, 2), key);
  }

  async #removeStaleTemps(nowMs: number): Promise<void> {
    const dir = path.join(this.root, TEMP_DIR);
    for (const name of await io(readdir(dir))) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => null);
      if (info && nowMs - info.mtimeMs > STALE_TEMP_MS) await rm(file, { force: true }).catch(() => undefined);
    }
  }
}

/** A write may take less than the whole buffer; this one does not return until it is all written. */
async function writeAll(file: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/** Makes the rename itself durable. Not every platform can open a directory; there it is skipped. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** No filesystem error crosses the port: a full disk or a permission problem is `unavailable`. */
function translate(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code ?? 'unknown';
  return new AppError('unavailable', `the file store failed (${code})`, { retryable: code === 'ENOSPC' || code === 'EMFILE', cause: error });
}

async function io<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    throw translate(error);
  }
}
