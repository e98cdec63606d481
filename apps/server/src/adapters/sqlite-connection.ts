// The SQLite Store's connection and how its layers use it: reads direct, writes group-committed.
// Layers, one per aggregate: this ← sqlite-directory ← sqlite-conversations ← sqlite-agent-tools
// ← sqlite-store.
import type Database from 'better-sqlite3';
import { AppError } from '../domain/app-error.js';
import type { TenantId } from '../domain/ids.js';
import type { Clock } from '../ports/clock.js';
import type { StoreIdentity } from '../ports/store.js';
import { translateError, type GroupCommit } from './sqlite-group-commit.js';
import { ensureIdentity, migrate } from './sqlite-migrations.js';
import { SqliteQueries } from './sqlite-queries.js';
import { SqliteSearchIndex } from './sqlite-search.js';
import { SearchCatchUp, type SearchCatchUpOptions } from './sqlite-search-catch-up.js';
import { prepareStatements, type Statements } from './sqlite-statements.js';
import type { ReadMode } from '../ports/read-mode.js';

export abstract class SqliteConnection {
  protected readonly db: Database.Database;
  protected readonly clock: Clock;
  protected readonly storeIdentity: StoreIdentity;
  protected readonly sql: Statements;
  protected readonly queries: SqliteQueries;
  protected readonly searchIndex: SqliteSearchIndex;
  /** Indexes new entries for search behind the writes; a search catches up first. */
  protected readonly searchCatchUp: SearchCatchUp;
  protected readonly commit: GroupCommit;
  protected closed = false;

  /** Brings the schema up to date and prepares the statements; writes go through `commit`, made for `db`. */
  protected constructor(db: Database.Database, clock: Clock, commit: GroupCommit, searchCatchUp: SearchCatchUpOptions) {
    this.db = db;
    this.clock = clock;
    migrate(db, this.now());
    this.storeIdentity = ensureIdentity(db);
    this.sql = prepareStatements(db);
    this.queries = new SqliteQueries(db);
    this.searchIndex = new SqliteSearchIndex(db);
    this.commit = commit;
    this.searchCatchUp = new SearchCatchUp((chunk) => this.write(() => this.searchIndex.indexNewEntries(chunk.entries, chunk.bytes)), searchCatchUp);
    // Entries stored before a crash or a close may be waiting to be indexed.
    this.searchCatchUp.noteWritten();
  }

  protected now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  protected assertOpen(): void {
    if (this.closed) throw new AppError('unavailable', 'store is closed');
  }

  /** Inside a write step. */
  protected assertTenant(tenantId: TenantId): void {
    if (this.sql.tenantExists.get(tenantId) === undefined) throw new AppError('not_found', 'tenant not found');
  }

  /**
   * Reads run at once on the connection: they see every write whose promise has resolved, and also
   * batches that have committed but whose fsync has not completed. A result is therefore handed out
   * only once every batch committed before the read is durable, so nothing shown (a replayed entry,
   * the stored entry a repeated send is answered with) can vanish in a power loss. The read itself
   * does not wait; its answer waits for the fsync in flight (or the one after it) at most.
   */
  protected async read<T>(query: () => T, mode: ReadMode = 'durable'): Promise<T> {
    this.assertOpen();
    let result: T;
    try {
      result = query();
    } catch (error) {
      throw translateError(error);
    }
    if (mode === 'committed') return result;
    const durable = this.commit.durable();
    if (durable) await durable;
    return result;
  }

  /** Writes join the group commit and resolve once their transaction is durable. */
  protected async write<T>(step: () => T): Promise<T> {
    this.assertOpen();
    return this.commit.run(step);
  }
}

export function nullable<R, T>(row: R | undefined, map: (row: R) => T): T | null {
  return row === undefined ? null : map(row);
}
