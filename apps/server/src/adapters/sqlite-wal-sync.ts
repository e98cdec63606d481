// Makes the SQLite write-ahead log durable off the event loop: fsyncs on the libuv thread pool, coalesced.
import { fsyncSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Makes a file's written bytes durable; the default is `fsync` on the thread pool. */
export type SyncFile = (file: FileHandle) => Promise<void>;

const fsyncFile: SyncFile = (file) => file.sync();

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Fsyncs the WAL at `path` on request. A request resolves once an fsync that started after the
 * request has completed, so every byte written to the file before the request is on disk. At most one
 * fsync runs at a time; requests made meanwhile wait together for the one that follows it, so a
 * stream of commits costs about one fsync per fsync duration, not one per commit. Requests settle in
 * the order they were made.
 */
export class WalSync {
  readonly #path: string;
  readonly #sync: SyncFile;
  #file: Promise<FileHandle> | undefined;
  #running = false;
  #next: Waiter[] = [];
  #idle: Promise<void> = Promise.resolve();
  #fsyncs = 0;
  #whenDone: Array<() => void> = [];

  constructor(path: string, sync: SyncFile = fsyncFile) {
    this.#path = path;
    this.#sync = sync;
  }

  /** True while an fsync runs. */
  get syncing(): boolean {
    return this.#running;
  }

  /** Calls `callback` once the fsync running now has finished, whether it succeeded or not. */
  whenDone(callback: () => void): void {
    if (this.#running) this.#whenDone.push(callback);
    else queueMicrotask(callback);
  }

  /** Fsyncs started so far. */
  get fsyncCount(): number {
    return this.#fsyncs;
  }

  request(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#next.push({ resolve, reject });
      if (!this.#running) this.#start();
    });
  }

  /** Resolves once no fsync runs and none waits: at close, before the file is closed. */
  async settled(): Promise<void> {
    while (this.#running) await this.#idle;
  }

  /**
   * Fsyncs at once on this thread, for close() and for a process about to exit; then closes the file.
   * Waits for a running fsync first, so the file is never closed under it.
   */
  async close(): Promise<void> {
    await this.settled();
    if (this.#file === undefined) return;
    const file = await this.#file.catch(() => undefined);
    this.#file = undefined;
    if (file === undefined) return;
    try {
      fsyncSync(file.fd);
    } finally {
      await file.close();
    }
  }

  #start(): void {
    const covered = this.#next;
    this.#next = [];
    this.#running = true;
    this.#fsyncs += 1;
    this.#idle = this.#fsync().then(
      () => {
        for (const waiter of covered) waiter.resolve();
      },
      (error: unknown) => {
        for (const waiter of covered) waiter.reject(error);
      },
    ).finally(() => {
      this.#running = false;
      // Requests made while this fsync ran: one fsync, started now, covers them all.
      if (this.#next.length > 0) this.#start();
      const done = this.#whenDone;
      this.#whenDone = [];
      for (const callback of done) callback();
    });
  }

  async #fsync(): Promise<void> {
    // Opened at the first request: by then a commit has written to the WAL, so the file exists. It
    // is the same file for as long as the store is open (a checkpoint truncates or rewrites it in
    // place; SQLite deletes it only when its last connection closes), so the descriptor stays valid.
    this.#file ??= open(this.#path, 'r+');
    let file: FileHandle;
    try {
      file = await this.#file;
    } catch (error) {
      this.#file = undefined;
      throw error;
    }
    await this.#sync(file);
  }
}
