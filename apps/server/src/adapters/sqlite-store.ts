// The embedded Store: one SQLite file in WAL mode, writes group-committed, reads direct.
// Split by aggregate into layers: sqlite-connection ← sqlite-directory ← sqlite-conversations
// ← sqlite-agent-tools ← sqlite-uploads ← sqlite-bot ← this.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../ports/clock.js';
import type { Store, StoreIdentity } from '../ports/store.js';
import { SqliteBot } from './sqlite-bot.js';
import { Checkpointer, DEFAULT_CHECKPOINT_SETTINGS, WriterGate, type CheckpointSettings } from './sqlite-checkpointer.js';
import { GroupCommit, translateError } from './sqlite-group-commit.js';
import { DEFAULT_SEARCH_CATCH_UP, type SearchCatchUpOptions } from './sqlite-search-catch-up.js';
import { WalSync, type SyncFile } from './sqlite-wal-sync.js';

export interface SqliteStoreOptions {
  /** Database file; its directory is created if missing. `:memory:` for a throwaway store. */
  path: string;
  /** Source of every stored timestamp; default the system clock. */
  clock?: Clock;
  /** Makes the WAL durable after each group commit; default `fsync` on the thread pool. For tests. */
  syncWal?: SyncFile;
  /** How the WAL is checkpointed; defaults in DEFAULT_CHECKPOINT_SETTINGS. */
  checkpoint?: Partial<CheckpointSettings> & { workerFile?: string };
  /** How the search index follows the writes; defaults in DEFAULT_SEARCH_CATCH_UP. */
  searchCatchUp?: Partial<SearchCatchUpOptions>;
  /** While writes are frequent, the shortest time between two commits (GroupCommit's `gatherMs`); default 0. */
  commitGatherMs?: number;
}

/**
 * Durability: a write's promise resolves only once its transaction is on disk, in a way that
 * survives power loss, not just a crash of the process. The connection commits without an fsync
 * (synchronous=NORMAL in WAL mode) and the group commit fsyncs the WAL on the libuv thread pool
 * before settling the batch (sqlite-wal-sync), so the event loop never waits for the disk.
 * Checkpoints run on a worker thread with a connection of its own (sqlite-checkpointer).
 */
export class SqliteStore extends SqliteBot implements Store {
  readonly #wal: WalSync | undefined;
  #checkpointer: Checkpointer | undefined;

  private constructor(db: Database.Database, clock: Clock, commit: GroupCommit, wal: WalSync | undefined, searchCatchUp: SearchCatchUpOptions) {
    super(db, clock, commit, searchCatchUp);
    this.#wal = wal;
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    if (options.path !== ':memory:' && !options.path.startsWith('file:')) mkdirSync(dirname(options.path), { recursive: true });
    let db: Database.Database | undefined;
    try {
      db = new Database(options.path);
      // Waits for another process's write lock instead of failing at once.
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      // The migrations and the store's identity commit with an fsync each, before any client sees them.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      const file = db.prepare<[], { name: string; file: string }>('PRAGMA database_list').all().find((d) => d.name === 'main')?.file ?? '';
      const gate = new WriterGate();
      // An in-memory database has no file to sync; its commits are final when they return.
      const wal = file === '' ? undefined : new WalSync(`${file}-wal`, options.syncWal);
      const commit = new GroupCommit(db, { wal, gate, gatherMs: options.commitGatherMs ?? 0 });
      const store = new SqliteStore(db, options.clock ?? systemClock, commit, wal, { ...DEFAULT_SEARCH_CATCH_UP, ...options.searchCatchUp });
      if (wal === undefined) return store;
      // From here on a commit does not fsync; the group commit does, off the event loop. NORMAL, not
      // OFF: SQLite still fsyncs a new WAL header when it starts the log over (see sqlite-checkpointer).
      db.pragma('synchronous = NORMAL');
      // Checkpoints fsync the database file: the checkpointer does them, on its own thread.
      db.pragma('wal_autocheckpoint = 0');
      const { workerFile, ...settings } = options.checkpoint ?? {};
      store.#checkpointer = Checkpointer.start(file, gate, { ...DEFAULT_CHECKPOINT_SETTINGS, ...settings }, workerFile);
      return store;
    } catch (error) {
      db?.close();
      throw translateError(error);
    }
  }

  /** Transactions committed by the write queue; a burst of writes in one tick costs one. */
  get commitCount(): number {
    return this.commit.commitCount;
  }

  identity(): Promise<StoreIdentity> {
    return this.read(() => ({ ...this.storeIdentity }));
  }

  ping(): Promise<boolean> {
    return this.read(() => this.sql.ping.get() === 1);
  }

  /** Whether checkpoints run on a worker thread (the compiled server) or on this one (sources, in tests). */
  get checkpointsOnWorker(): boolean {
    return this.#checkpointer?.onWorker ?? false;
  }

  /** Fsyncs of the WAL started so far; several commits made during one fsync share the next. */
  get fsyncCount(): number {
    return this.#wal?.fsyncCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Refuse new calls first, then commit what is queued, so nothing acknowledged is left behind.
    this.closed = true;
    try {
      // Entries not yet indexed for search are indexed when the store opens again.
      await this.searchCatchUp.stop();
      // The checkpointer first: once it is gone it holds no lock, so the last batch commits now.
      await this.#checkpointer?.close();
      this.commit.flush({ now: true });
      await this.commit.settled();
      // A last fsync on this thread, then a checkpoint that leaves the WAL empty: the database file
      // alone holds everything, synced (NORMAL syncs at checkpoints).
      await this.#wal?.close();
      if (this.#wal) this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    } catch (error) {
      if (this.db.open) this.db.close();
      throw translateError(error);
    }
  }
}
