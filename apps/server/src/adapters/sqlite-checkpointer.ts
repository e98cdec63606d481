// Keeps the SQLite WAL short without checkpointing on the event loop: a worker thread with its own connection.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * The store's writer and the checkpointer share two cells: who holds the write lock, and how many
 * batches have committed (so the checkpointer can tell a busy WAL from an idle one without a message
 * per commit).
 */
const LOCK = 0;
const COMMITS = 1;
const FREE = 0;
const WRITER = 1;
const CHECKPOINTER = 2;

export function sharedCells(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

/**
 * The store's side of the write lock. A checkpoint that restarts the WAL takes SQLite's write lock;
 * if the event loop then began a transaction, SQLite's busy handler would sleep on it. So the writer
 * only tries this lock, and when the checkpointer holds it the batch waits for its release message
 * instead, while sockets keep being served.
 */
export class WriterGate {
  readonly cells: Int32Array;
  #waiting: (() => void)[] = [];

  constructor(cells: Int32Array = sharedCells()) {
    this.cells = cells;
  }

  tryEnter(): boolean {
    return Atomics.compareExchange(this.cells, LOCK, FREE, WRITER) === FREE;
  }

  leave(): void {
    Atomics.store(this.cells, LOCK, FREE);
    Atomics.notify(this.cells, LOCK);
  }

  committed(): void {
    Atomics.add(this.cells, COMMITS, 1);
  }

  /** Calls back once the checkpointer has let go; registered after a failed tryEnter. */
  whenReleased(callback: () => void): void {
    this.#waiting.push(callback);
  }

  /** The checkpointer let go (its message), or is gone and will never hold the lock again. */
  released(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const callback of waiting) callback();
  }

  /** After the checkpointer died holding the lock: frees it, so writes go on. */
  forceRelease(): void {
    Atomics.compareExchange(this.cells, LOCK, CHECKPOINTER, FREE);
    this.released();
  }
}

export interface CheckpointSettings {
  /** How often the checkpointer looks at the WAL, in ms; default 250. */
  pollMs: number;
  /**
   * WAL frames (pages) past which the checkpointer restarts the log, holding writes back while it
   * copies what the last passive checkpoint could not; default 4,000 (16 MiB of 4 KiB pages).
   */
  restartFrames: number;
}

export const DEFAULT_CHECKPOINT_SETTINGS: Readonly<CheckpointSettings> = Object.freeze({ pollMs: 250, restartFrames: 4000 });

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/** The checkpointer's own connection: FULL, so a checkpoint syncs the WAL before copying and the database file after. */
export function openCheckpointConnection(path: string): Database.Database {
  const db = new Database(path);
  try {
    // Waits (on the checkpointer's thread) for the store's readers to leave the WAL before a restart.
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = FULL');
    // This connection never writes; the setting only keeps it from ever checkpointing on its own.
    db.pragma('wal_autocheckpoint = 0');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * One look at the WAL, the same on either thread. While batches commit, a PASSIVE checkpoint copies
 * what it can without holding writers back; it rarely catches up with a busy writer, so past
 * `restartFrames` a RESTART holds the write lock while it copies the rest and waits for readers. When
 * no batch has committed since the last look, TRUNCATE gives the WAL's disk space back.
 *
 * Why the store's connection may then start the log over although its commits do not fsync: SQLite
 * starts a WAL over only when a checkpoint has copied every frame into the database file (nBackfill
 * equals mxFrame in the shared index). This connection runs with synchronous=FULL, so its
 * checkpoint fsyncs the WAL before copying and the database file after, and only then records the
 * frames as copied; so when the log is started over, everything in it is on disk in the database
 * file already, and overwriting the log loses nothing that recovery needs. What remains is the
 * order of writes within the new log: if the new header reached disk after some new frames, or old
 * frames survived beside new ones, recovery could replay old frames over newer pages (SQLite ticket
 * ff5be73dee). SQLite guards against that by syncing a new WAL header before any frame follows it,
 * but only when synchronous is not OFF. The store's connection therefore runs with NORMAL, not OFF:
 * in WAL mode NORMAL does not sync at commit either, but keeps that header sync: one fsync on the
 * event loop per start of the log, i.e. per `restartFrames` pages written under load, or after a
 * passive checkpoint that caught up, instead of one per commit.
 */
export class WalCheckpoints {
  readonly #db: Database.Database;
  readonly #cells: Int32Array;
  readonly #settings: CheckpointSettings;
  readonly #released: () => void;
  #seenCommits = -1;
  #truncated = false;

  constructor(db: Database.Database, cells: Int32Array, settings: CheckpointSettings, released: () => void) {
    this.#db = db;
    this.#cells = cells;
    this.#settings = settings;
    this.#released = released;
  }

  tick(): void {
    const commits = Atomics.load(this.#cells, COMMITS);
    if (commits !== this.#seenCommits) {
      this.#seenCommits = commits;
      this.#truncated = false;
      const passive = this.#checkpoint('PASSIVE');
      if (passive.log >= this.#settings.restartFrames) this.#exclusive('RESTART');
    } else if (!this.#truncated) {
      this.#exclusive('TRUNCATE');
      this.#truncated = true;
    }
  }

  #checkpoint(mode: 'PASSIVE' | 'RESTART' | 'TRUNCATE'): CheckpointResult {
    return this.#db.prepare<[], CheckpointResult>(`PRAGMA wal_checkpoint(${mode})`).get()!;
  }

  #exclusive(mode: 'RESTART' | 'TRUNCATE'): void {
    // The store's writer only tries the lock, so waiting here never blocks its event loop; it holds
    // the lock for one synchronous commit at a time, so the wait is short.
    while (Atomics.compareExchange(this.#cells, LOCK, FREE, CHECKPOINTER) !== FREE) Atomics.wait(this.#cells, LOCK, WRITER, 50);
    try {
      this.#checkpoint(mode);
    } finally {
      Atomics.store(this.#cells, LOCK, FREE);
      this.#released();
    }
  }
}

/** What the worker is started with. */
export interface CheckpointWorkerData extends CheckpointSettings {
  path: string;
  cells: Int32Array;
}

const WORKER_FILE = fileURLToPath(new URL('./sqlite-checkpoint-worker.js', import.meta.url));

/**
 * Runs WalCheckpoints every `pollMs` on a worker thread. The compiled server has
 * `sqlite-checkpoint-worker.js` beside this file; run from TypeScript sources (as unit tests are)
 * there is none, and the checkpoints run on this thread instead, on a timer, between batches.
 */
export class Checkpointer {
  readonly #stop: () => Promise<void>;
  /** Whether the checkpoints run on a worker thread. */
  readonly onWorker: boolean;

  private constructor(onWorker: boolean, stop: () => Promise<void>) {
    this.onWorker = onWorker;
    this.#stop = stop;
  }

  static start(path: string, gate: WriterGate, settings: CheckpointSettings, workerFile = WORKER_FILE): Checkpointer {
    if (!existsSync(workerFile)) return Checkpointer.#inThread(path, gate, settings);
    const data: CheckpointWorkerData = { ...settings, path, cells: gate.cells };
    const worker = new Worker(workerFile, { workerData: data });
    // A stopped store must not keep the process alive; a running one has its sockets for that.
    worker.unref();
    let running = true;
    worker.on('message', (message: unknown) => {
      if (message === 'released') gate.released();
    });
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const fellBack = exited.then(() => {
      if (!running) return undefined;
      // The worker died (it reports nothing else): free the lock it may hold and go on here, so the
      // WAL stays bounded.
      gate.forceRelease();
      return Checkpointer.#inThread(path, gate, settings);
    });
    worker.on('error', () => undefined);
    return new Checkpointer(true, async () => {
      running = false;
      // Kept alive until it has stopped, or a process that closes the store last would exit first.
      worker.ref();
      worker.postMessage('stop');
      await exited;
      await (await fellBack)?.close();
      gate.forceRelease();
    });
  }

  static #inThread(path: string, gate: WriterGate, settings: CheckpointSettings): Checkpointer {
    const db = openCheckpointConnection(path);
    const checkpoints = new WalCheckpoints(db, gate.cells, settings, () => gate.released());
    const timer = setInterval(() => {
      try {
        checkpoints.tick();
      } catch {
        // Busy or failed: the WAL only grows until the next look; nothing acknowledged depends on it.
      }
    }, settings.pollMs);
    timer.unref();
    return new Checkpointer(false, async () => {
      clearInterval(timer);
      db.close();
    });
  }

  /** Stops the checkpoints and closes their connection; the store's writer is free afterwards. */
  close(): Promise<void> {
    return this.#stop();
  }
}
