// Group commit for SQLite: writes that arrive in the same tick, or while the last commit is being fsynced, share one transaction and one fsync, made off the event loop.
import Database from 'better-sqlite3';
import { AppError, isAppError } from '../domain/app-error.js';
import type { WriterGate } from './sqlite-checkpointer.js';
import type { WalSync } from './sqlite-wal-sync.js';

/** Writes over which the mean time between writes is smoothed (the weight of the newest is 1/16). */
const GAP_SMOOTHING = 16;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Turns a driver error into an AppError, so that no better-sqlite3 type crosses the port. */
export function translateError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof Database.SqliteError && (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'))) {
    return new AppError('unavailable', 'database is busy', { retryable: true, cause: error });
  }
  return new AppError('internal', 'store failure', { cause: error });
}

export interface GroupCommitOptions {
  /**
   * Makes each commit durable: the connection commits without an fsync and the batch's promises wait
   * for this WAL fsync instead. Without it (an in-memory database, or a connection that syncs at
   * commit) a batch settles as soon as it has committed.
   */
  wal?: WalSync;
  /** The write lock shared with the checkpointer: a batch waits while a checkpoint holds it. */
  gate?: WriterGate;
  /**
   * While writes arrive more often than one per this many ms, the shortest time between two
   * commits: a write made sooner after the last commit waits for the rest of it, gathering the
   * writes made meanwhile into one commit. 0 (the default): no wait.
   */
  gatherMs?: number;
}

/**
 * Queues synchronous write steps and runs every step queued in the same tick in one IMMEDIATE
 * transaction on `setImmediate`. A step that throws rolls back alone and rejects alone: when one
 * does, the transaction is rolled back whole and the batch runs again with each step in its own
 * SAVEPOINT (a nested better-sqlite3 transaction). Steps only write to the database, and what they
 * return is handed out after the commit, so running them again is safe; most batches have no
 * failing step and so skip the two statements of a savepoint per step. A step's promise settles
 * only once the whole transaction is durable: after an fsync of the WAL that started after the
 * commit. Batches settle in commit order.
 *
 * While an fsync runs, the next batch waits for it to finish before it commits. It could not be
 * durable any sooner (its own fsync can only start then), and it gathers every write of that time:
 * under load, one commit per fsync rather than one per tick, so the pages every commit rewrites
 * (the conversation's row, the index leaves) are written once per fsync.
 *
 * A fast disk ends that wait before the next write arrives, and a steady stream then commits one
 * write at a time. With `gatherMs`, while writes arrive more often than one per `gatherMs` (a
 * smoothed mean of the time between them), commits are at least that far apart: a write made
 * sooner after the last one waits for company, much as with PostgreSQL's `commit_delay`, and a
 * commit's fixed costs (its statements, the log's shared pages, the fsync and the thread wake-up it
 * needs) are paid once per group. Rarer writes would wait for nobody, so they commit in the next
 * tick, and a slow fsync, which gathers writes anyway, is not waited for any longer than it takes.
 */
export class GroupCommit {
  readonly #db: Database.Database;
  readonly #wal: WalSync | undefined;
  readonly #gate: WriterGate | undefined;
  readonly #gatherMs: number;
  /** performance.now() of the last commit: the next one waits until `gatherMs` after it. */
  #lastCommitAt = Number.NEGATIVE_INFINITY;
  /**
   * Mean time between writes, smoothed over the last dozens of them, each gap counted as at most
   * twice `gatherMs`: below `gatherMs`, a wait would gather at least one more write.
   */
  #meanGapMs: number;
  #lastWriteAt = Number.NEGATIVE_INFINITY;
  #queue: Pending[] = [];
  #scheduled = false;
  #waitingForGate = false;
  #waitingForSync = false;
  #waitingForCompany = false;
  #commits = 0;
  /** Settles once every batch committed so far is durable; undefined when nothing awaits an fsync. */
  #undurable: Promise<void> | undefined;
  #failure: AppError | undefined;
  /** Every step of the batch in one transaction; throws (and rolls back) if any step does. */
  readonly #plainBatch: Database.Transaction<(batch: Pending[]) => Outcome[]>;
  /** The same with each step in a savepoint, for a batch in which a step throws. */
  readonly #batch: Database.Transaction<(batch: Pending[]) => Outcome[]>;
  readonly #step: Database.Transaction<(write: () => unknown) => unknown>;

  constructor(db: Database.Database, options: GroupCommitOptions = {}) {
    this.#db = db;
    this.#wal = options.wal;
    this.#gate = options.gate;
    this.#gatherMs = options.gatherMs ?? 0;
    this.#meanGapMs = 2 * this.#gatherMs;
    this.#plainBatch = db.transaction((batch: Pending[]) => batch.map((pending) => this.#runPlainStep(pending)));
    this.#step = db.transaction((write: () => unknown) => write());
    this.#batch = db.transaction((batch: Pending[]) => batch.map((pending) => this.#runStep(pending)));
  }

  /** Transactions committed so far; one per flushed batch. */
  get commitCount(): number {
    return this.#commits;
  }

  run<T>(write: () => T): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#gatherMs > 0) this.#noteWrite();
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // setImmediate runs after the pending I/O callbacks of this turn, so writes from every
      // socket read in the same turn land in the same batch.
      setImmediate(() => this.flush());
    });
  }

  /**
   * For a read that has just run: undefined when everything it can have seen is durable, else a
   * promise that settles when it is (and rejects if it never will be).
   */
  durable(): Promise<void> | undefined {
    if (this.#failure) return Promise.reject(this.#failure);
    return this.#undurable;
  }

  /** Resolves once every committed batch has settled (durable or failed); for close(), after `flush({ now: true })`. */
  async settled(): Promise<void> {
    while (this.#undurable) await this.#undurable.catch(() => undefined);
  }

  /**
   * Commits everything queued, synchronously, unless the checkpointer holds the write lock (then
   * as soon as it lets go) or an fsync runs (then once it has finished; `now` commits at once, for
   * close()). The batch's promises settle later, once the commit is durable.
   */
  flush(options: { now?: boolean } = {}): void {
    this.#scheduled = false;
    if (this.#queue.length === 0 || this.#waitingForGate) return;
    if (this.#failure) {
      this.#rejectQueued(this.#failure);
      return;
    }
    if (this.#wal?.syncing && !options.now) {
      if (!this.#waitingForSync) {
        this.#waitingForSync = true;
        this.#wal.whenDone(() => {
          this.#waitingForSync = false;
          this.flush();
        });
      }
      return;
    }
    const gathering = !options.now && this.#meanGapMs < this.#gatherMs;
    const early = gathering ? this.#lastCommitAt + this.#gatherMs - performance.now() : 0;
    if (early > 0) {
      if (!this.#waitingForCompany) {
        this.#waitingForCompany = true;
        setTimeout(() => {
          this.#waitingForCompany = false;
          this.flush();
        }, early);
      }
      return;
    }
    if (this.#gate && !this.#gate.tryEnter()) {
      this.#waitingForGate = true;
      this.#gate.whenReleased(() => {
        this.#waitingForGate = false;
        this.flush();
      });
      return;
    }
    const batch = this.#queue;
    this.#queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.#commitBatch(batch);
      this.#commits++;
      this.#lastCommitAt = performance.now();
    } catch (error) {
      // Nothing of the batch committed: every write in it fails with the reason.
      const failure = translateError(error);
      for (const pending of batch) pending.reject(failure);
      return;
    } finally {
      this.#gate?.leave();
    }
    this.#gate?.committed();
    this.#afterDurable(batch, outcomes);
  }

  #noteWrite(): void {
    const now = performance.now();
    const gap = Math.min(now - this.#lastWriteAt, 2 * this.#gatherMs);
    this.#lastWriteAt = now;
    this.#meanGapMs += (gap - this.#meanGapMs) / GAP_SMOOTHING;
  }

  #afterDurable(batch: Pending[], outcomes: Outcome[]): void {
    const settle = (failure: AppError | undefined) => {
      batch.forEach((pending, i) => {
        const outcome = outcomes[i]!;
        if (!outcome.ok) pending.reject(translateError(outcome.error));
        else if (failure) pending.reject(failure);
        else pending.resolve(outcome.value);
      });
    };
    if (!this.#wal) {
      settle(undefined);
      return;
    }
    const durable = this.#wal.request().then(
      // A batch behind a failed fsync is not durable either, whatever its own fsync said.
      () => settle(this.#failure),
      (error: unknown) => {
        const failure = this.#fail(error);
        settle(failure);
        throw failure;
      },
    );
    this.#undurable = durable;
    void durable.then(
      () => this.#settledIfLatest(durable),
      () => this.#settledIfLatest(durable),
    );
  }

  #settledIfLatest(durable: Promise<void>): void {
    if (this.#undurable === durable) this.#undurable = undefined;
  }

  /**
   * After a failed fsync the batch is committed: it is in the WAL, this connection reads it, and
   * SQLite would keep it. But it is not known to be on disk, and may never get there: after a failed
   * writeback the kernel may drop the dirty pages and report the error once, so a later fsync can
   * succeed without them, and recovery stops at the first frame missing from the WAL, losing every
   * commit after it as well. No later write can be made durable then, so the store stops: every write
   * it covered, every later write and every read fails with this error until the server restarts and
   * recovers from what is on disk.
   */
  #fail(cause: unknown): AppError {
    this.#failure ??= new AppError('internal', 'durability failed: the write is committed but not known to be on disk; restart the server', {
      cause,
    });
    this.#rejectQueued(this.#failure);
    return this.#failure;
  }

  #rejectQueued(failure: AppError): void {
    const queued = this.#queue;
    this.#queue = [];
    for (const pending of queued) pending.reject(failure);
  }

  #commitBatch(batch: Pending[]): Outcome[] {
    try {
      return this.#plainBatch.immediate(batch);
    } catch {
      // Rolled back whole: the batch again, each step in its savepoint, tells the failing steps
      // from the others (and fails the batch again if SQLite gives up on the transaction).
      return this.#batch.immediate(batch);
    }
  }

  #runPlainStep(pending: Pending): Outcome {
    const value = pending.write();
    // SQLite gave up on the transaction (disk full, I/O) without an error from this step: the
    // steps after it must not run in autocommit, outside the batch.
    if (!this.#db.inTransaction) throw new Error('the transaction was abandoned');
    return { ok: true, value };
  }

  #runStep(pending: Pending): Outcome {
    try {
      return { ok: true, value: this.#step(pending.write) };
    } catch (error) {
      // Some errors (disk full, I/O) make SQLite roll back the whole transaction, not just the
      // savepoint. Later steps would then run in autocommit, outside the batch: abort it instead.
      if (!this.#db.inTransaction) throw error;
      return { ok: false, error };
    }
  }
}
