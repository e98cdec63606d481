// The embedded Store: one SQLite file in WAL mode, writes group-committed, reads direct.
// Split by aggregate into layers: sqlite-connection ← sqlite-directory ← sqlite-conversations
// ← sqlite-agent-tools ← sqlite-uploads ← sqlite-bot ← this.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../ports/clock.js';
import type { Store, StoreIdentity } from '../ports/store.js';
import { SqliteBot } from './sqlite-bot.js';
import { translateError } from './sqlite-group-commit.js';

export interface SqliteStoreOptions {
  /** Database file; its directory is created if missing. `:memory:` for a throwaway store. */
  path: string;
  /** Source of every stored timestamp; default the system clock. */
  clock?: Clock;
}

export class SqliteStore extends SqliteBot implements Store {
  private constructor(db: Database.Database, clock: Clock) {
    super(db, clock);
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    if (options.path !== ':memory:' && !options.path.startsWith('file:')) mkdirSync(dirname(options.path), { recursive: true });
    let db: Database.Database | undefined;
    try {
      db = new Database(options.path);
      // Waits for another process's write lock instead of failing at once.
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      // FULL fsyncs the WAL at every commit, so an acknowledged write survives power loss, not just a
      // crash of the process (NORMAL would only sync at checkpoints). Group commit pays for it.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      return new SqliteStore(db, options.clock ?? systemClock);
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

  async close(): Promise<void> {
    if (this.closed) return;
    // Refuse new calls first, then commit what is queued, so nothing acknowledged is left behind.
    this.closed = true;
    this.commit.flush();
    try {
      this.db.close();
    } catch (error) {
      throw translateError(error);
    }
  }
}
