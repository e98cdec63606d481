import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../domain/app-error.js';
import { GroupCommit } from './sqlite-group-commit.js';

describe('GroupCommit', () => {
  let dir: string;
  let db: Database.Database;
  let observer: Database.Database;
  let commit: GroupCommit;
  const insert = (value: string) => () => db.prepare('INSERT INTO t (v) VALUES (?)').run(value).changes;
  const stored = () => observer.prepare('SELECT v FROM t ORDER BY v').pluck().all();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-group-commit-'));
    db = new Database(join(dir, 'g.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (v TEXT PRIMARY KEY)');
    // A second connection sees only what is committed.
    observer = new Database(join(dir, 'g.db'));
    commit = new GroupCommit(db);
  });

  afterEach(() => {
    observer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves a write only once it is committed and visible to other connections', async () => {
    const seenAtResolve = await commit.run(insert('a')).then(() => stored());
    expect(seenAtResolve).toEqual(['a']);
  });

  it('commits writes queued in the same tick together and later ones in a new transaction', async () => {
    await Promise.all([commit.run(insert('a')), commit.run(insert('b')), commit.run(insert('c'))]);
    expect(commit.commitCount).toBe(1);
    await commit.run(insert('d'));
    expect(commit.commitCount).toBe(2);
    expect(stored()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rolls back and rejects only the write that failed, after its own partial changes', async () => {
    const failing = () => {
      insert('half-done')();
      throw new AppError('conflict', 'no');
    };
    const results = await Promise.allSettled([commit.run(insert('a')), commit.run(failing), commit.run(insert('b'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    expect(stored()).toEqual(['a', 'b']);
  });

  it('wraps driver errors and bugs in an internal AppError that keeps the cause', async () => {
    const error = await commit.run(insert('a')).then(() => commit.run(insert('a'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'internal' });
    expect((error as AppError).cause).toBeInstanceOf(Database.SqliteError);
  });

  it('fails the whole batch when SQLite abandons the transaction, committing none of it', async () => {
    const abandon = () => {
      // What SQLite does on its own after a disk-full or I/O error: the whole transaction is gone.
      db.exec('ROLLBACK');
    };
    const results = await Promise.allSettled([commit.run(insert('a')), commit.run(abandon), commit.run(insert('b'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(stored()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    await commit.run(insert('c'));
    expect(stored()).toEqual(['c']);
  });

  it('commits what is queued when flushed at once', async () => {
    const pending = commit.run(insert('a'));
    commit.flush();
    expect(stored()).toEqual(['a']);
    await expect(pending).resolves.toBe(1);
  });
});
