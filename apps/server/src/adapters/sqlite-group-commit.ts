// Group commit for SQLite: writes that arrive in the same tick share one transaction, so one fsync.
import Database from 'better-sqlite3';
import { AppError, isAppError } from '../domain/app-error.js';

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

/**
 * Queues synchronous write steps and runs every step queued in the same tick in one IMMEDIATE
 * transaction on `setImmediate`. Each step runs in its own SAVEPOINT (a nested better-sqlite3
 * transaction), so a step that throws rolls back alone and rejects alone. A step's promise settles
 * only after the whole transaction has committed: no caller hears "done" before its write is durable.
 */
export class GroupCommit {
  readonly #db: Database.Database;
  #queue: Pending[] = [];
  #scheduled = false;
  #commits = 0;
  readonly #batch: Database.Transaction<(batch: Pending[]) => Outcome[]>;
  readonly #step: Database.Transaction<(write: () => unknown) => unknown>;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#step = db.transaction((write: () => unknown) => write());
    this.#batch = db.transaction((batch: Pending[]) => batch.map((pending) => this.#runStep(pending)));
  }

  /** Transactions committed so far; one per flushed batch. */
  get commitCount(): number {
    return this.#commits;
  }

  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // setImmediate runs after the pending I/O callbacks of this turn, so writes from every
      // socket read in the same turn land in the same batch.
      setImmediate(() => this.flush());
    });
  }

  /** Commits everything queued now; synchronous, so close() can call it before closing the file. */
  flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    if (batch.length === 0) return;
    this.#queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.#batch.immediate(batch);
      this.#commits++;
    } catch (error) {
      // Nothing of the batch committed: every write in it fails with the reason.
      const failure = translateError(error);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(translateError(outcome.error));
    });
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
