import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../domain/app-error.js';
import { WriterGate } from './sqlite-checkpointer.js';
import { GroupCommit } from './sqlite-group-commit.js';
import { WalSync, type SyncFile } from './sqlite-wal-sync.js';

/** A WAL database with one table, and a second connection that sees only what is committed. */
function openTable(): { dir: string; db: Database.Database; observer: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-group-commit-'));
  const db = new Database(join(dir, 'g.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (v TEXT PRIMARY KEY)');
  return { dir, db, observer: new Database(join(dir, 'g.db')) };
}

describe('GroupCommit', () => {
  let dir: string;
  let db: Database.Database;
  let observer: Database.Database;
  let commit: GroupCommit;
  const insert = (value: string) => () => db.prepare('INSERT INTO t (v) VALUES (?)').run(value).changes;
  const stored = () => observer.prepare('SELECT v FROM t ORDER BY v').pluck().all();

  beforeEach(() => {
    ({ dir, db, observer } = openTable());
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

  it('runs each step once when none fails, and the batch again, each step once more, when one does', async () => {
    const runs: string[] = [];
    const counted = (value: string) => () => {
      runs.push(value);
      return insert(value)();
    };
    await Promise.all([commit.run(counted('a')), commit.run(counted('b'))]);
    expect(runs).toEqual(['a', 'b']);
    runs.length = 0;
    const failing = () => {
      runs.push('x');
      throw new AppError('conflict', 'no');
    };
    const results = await Promise.allSettled([commit.run(counted('c')), commit.run(failing), commit.run(counted('d'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(runs).toEqual(['c', 'x', 'c', 'x', 'd']);
    expect(stored()).toEqual(['a', 'b', 'c', 'd']);
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

  it('keeps commits apart by the gathering time while writes are frequent, so writes made meanwhile share one', async () => {
    const gathering = new GroupCommit(db, { gatherMs: 200 });
    // A burst: writes are frequent now. The first commit of all does not wait.
    await Promise.all(Array.from({ length: 20 }, (_, i) => gathering.run(insert(`burst-${String(i).padStart(2, '0')}`))));
    expect(gathering.commitCount).toBe(1);
    // Right after a commit: the write waits, and one made turns later joins its commit.
    const second = gathering.run(insert('b'));
    await turn();
    await turn();
    expect(stored()).not.toContain('b');
    const third = gathering.run(insert('c'));
    await Promise.all([second, third]);
    expect(stored()).toEqual(expect.arrayContaining(['b', 'c']));
    expect(gathering.commitCount).toBe(2);
    // Longer than the gathering time after the last commit: the next tick.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const fourth = gathering.run(insert('d'));
    await turn();
    expect(stored()).toContain('d');
    await fourth;
    expect(gathering.commitCount).toBe(3);
  });

  it('holds back no write while writes are rare, even one right after a commit', async () => {
    const gathering = new GroupCommit(db, { gatherMs: 200 });
    await gathering.run(insert('a'));
    const next = gathering.run(insert('b'));
    await turn();
    expect(stored()).toEqual(['a', 'b']);
    await next;
  });
});

/** An fsync that waits to be let go: records how many batches had committed when it started. */
function heldSync(committed: () => number) {
  const started: number[] = [];
  const held: Array<{ release: () => void; fail: (error: Error) => void }> = [];
  const sync: SyncFile = (file) => {
    started.push(committed());
    return new Promise<void>((resolve, reject) => {
      held.push({ release: () => void file.sync().then(resolve, reject), fail: reject });
    });
  };
  return { sync, started, held };
}

async function until(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(condition()).toBe(true), { timeout: 2000, interval: 1 });
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('GroupCommit with the WAL fsynced off the event loop', () => {
  let dir: string;
  let db: Database.Database;
  let observer: Database.Database;
  let commit: GroupCommit;
  let fsyncs: ReturnType<typeof heldSync>;
  let wal: WalSync;
  const insert = (value: string) => () => db.prepare('INSERT INTO t (v) VALUES (?)').run(value).changes;
  const stored = () => observer.prepare('SELECT v FROM t ORDER BY v').pluck().all();

  beforeEach(() => {
    ({ dir, db, observer } = openTable());
    db.pragma('synchronous = NORMAL');
    fsyncs = heldSync(() => commit.commitCount);
    wal = new WalSync(join(dir, 'g.db-wal'), fsyncs.sync);
    commit = new GroupCommit(db, { wal });
  });

  afterEach(async () => {
    for (const fsync of fsyncs.held) fsync.release();
    await commit.settled();
    await wal.close();
    observer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves a write only after an fsync of the WAL that started after its commit', async () => {
    let resolved = false;
    const write = commit.run(insert('a')).then(() => (resolved = true));
    await until(() => fsyncs.held.length === 1);
    expect(stored()).toEqual(['a']);
    expect(fsyncs.started).toEqual([1]);
    await turn();
    expect(resolved).toBe(false);
    fsyncs.held[0]!.release();
    await write;
    expect(resolved).toBe(true);
  });

  it('commits the writes made during an fsync together once it has finished, fsyncs them once, and settles in order', async () => {
    const settled: string[] = [];
    const write = (v: string) => commit.run(insert(v)).then(() => void settled.push(v));
    const writes = [write('a')];
    await until(() => fsyncs.held.length === 1);
    for (const v of ['b', 'c', 'd']) {
      writes.push(write(v));
      await turn();
    }
    // They wait: committing now would not make them durable any sooner.
    expect(commit.commitCount).toBe(1);
    expect(stored()).toEqual(['a']);
    fsyncs.held[0]!.release();
    await until(() => fsyncs.held.length === 2);
    expect(settled).toEqual(['a']);
    expect(commit.commitCount).toBe(2);
    expect(stored()).toEqual(['a', 'b', 'c', 'd']);
    expect(fsyncs.started).toEqual([1, 2]);
    fsyncs.held[1]!.release();
    await Promise.all(writes);
    expect(settled).toEqual(['a', 'b', 'c', 'd']);
  });

  it('commits at once when flushed for closing, even while an fsync runs', async () => {
    const first = commit.run(insert('a'));
    await until(() => fsyncs.held.length === 1);
    const second = commit.run(insert('b'));
    commit.flush({ now: true });
    expect(stored()).toEqual(['a', 'b']);
    fsyncs.held[0]!.release();
    await until(() => fsyncs.held.length === 2);
    fsyncs.held[1]!.release();
    await expect(Promise.all([first, second])).resolves.toEqual([1, 1]);
  });

  it('holds back the answer of a read until what it may have seen is durable', async () => {
    const write = commit.run(insert('a'));
    await until(() => fsyncs.held.length === 1);
    const seen = stored();
    const answered = commit.durable()!.then(() => seen);
    let answer: unknown[] | undefined;
    void answered.then((a) => (answer = a));
    await turn();
    expect(answer).toBeUndefined();
    fsyncs.held[0]!.release();
    expect(await answered).toEqual(['a']);
    await write;
    expect(commit.durable()).toBeUndefined();
  });

  it('rejects every write a failed fsync covered, and every later write and read, with a durability error', async () => {
    const first = commit.run(insert('a'));
    await until(() => fsyncs.held.length === 1);
    // Queued behind the fsync: never committed once it fails.
    const queued = commit.run(insert('b'));
    await turn();
    fsyncs.held[0]!.fail(new Error('EIO: i/o error, fsync'));
    const failure = await first.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'internal', message: expect.stringMatching(/durability failed/) });
    expect((failure as AppError).cause).toMatchObject({ message: 'EIO: i/o error, fsync' });
    await expect(queued).rejects.toBe(failure);
    await expect(commit.run(insert('c'))).rejects.toBe(failure);
    await expect(commit.durable()).rejects.toBe(failure);
    // Committed, not rolled back: the state the comment of #fail describes; nothing after it.
    expect(stored()).toEqual(['a']);
    expect(fsyncs.held).toHaveLength(1);
  });

  it('rejects a write committed before a failed fsync finished, though its own fsync succeeds', async () => {
    const first = commit.run(insert('a'));
    await until(() => fsyncs.held.length === 1);
    const committed = commit.run(insert('b'));
    commit.flush({ now: true });
    const alone = commit.run(() => {
      throw new AppError('conflict', 'no');
    });
    commit.flush({ now: true });
    fsyncs.held[0]!.fail(new Error('EIO: i/o error, fsync'));
    const failure = await first.catch((e: unknown) => e);
    await until(() => fsyncs.held.length === 2);
    fsyncs.held[1]!.release();
    // The batch behind it is not durable either, whatever its own fsync says; a write that failed
    // on its own keeps its own reason.
    const results = await Promise.allSettled([committed, alone]);
    expect(results.map((r) => r.status === 'rejected' && (r.reason as AppError).code)).toEqual(['internal', 'conflict']);
    expect((results[0] as PromiseRejectedResult).reason).toBe(failure);
    expect(stored()).toEqual(['a', 'b']);
  });

  it('holds a batch back, not the event loop, while the checkpointer holds the write lock', async () => {
    const gate = new WriterGate();
    const gated = new GroupCommit(db, { gate });
    // What the checkpointer does before a RESTART or TRUNCATE checkpoint.
    expect(Atomics.compareExchange(gate.cells, 0, 0, 2)).toBe(0);
    const write = gated.run(insert('a'));
    await turn();
    await turn();
    expect(stored()).toEqual([]);
    Atomics.store(gate.cells, 0, 0);
    gate.released();
    await expect(write).resolves.toBe(1);
    expect(stored()).toEqual(['a']);
    expect(gated.commitCount).toBe(1);
  });
});
