// The durable baseline's store: better-sqlite3 in WAL with synchronous=FULL, every write queued in
// one tick committed in one IMMEDIATE transaction (one fsync), callbacks run after the commit.
// It is the least a durable chat server must do: a gap-free seq per conversation, a unique
// (sender, client id) so resends are harmless, and cumulative ack cursors.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Journal } from './router.js';

interface EntryWrite {
  kind: 'entry';
  conv: string;
  senderId: string;
  clientId: string;
  text: string;
  done: (stored: { seq: number; msgId: string; at: string }) => void;
}

interface CursorWrite {
  kind: 'cursor';
  conv: string;
  participantId: string;
  seq: number;
}

type Write = EntryWrite | CursorWrite;

interface StoredRow {
  seq: number;
  id: string;
  at: string;
}

export class SqliteJournal implements Journal {
  private readonly db: Database.Database;
  private queue: Write[] = [];
  private scheduled = false;
  private readonly seqs = new Map<string, number>();
  private readonly insertEntry: Database.Statement<[string, string, number, string, string, string, string]>;
  private readonly existing: Database.Statement<[string, string], StoredRow>;
  private readonly upsertCursor: Database.Statement<[string, string, number]>;
  private readonly commit: Database.Transaction<(batch: Write[]) => Array<() => void>>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS entries (
        id TEXT PRIMARY KEY, conv TEXT NOT NULL, seq INTEGER NOT NULL, sender TEXT NOT NULL,
        client_id TEXT NOT NULL, text TEXT NOT NULL, at TEXT NOT NULL,
        UNIQUE (conv, seq), UNIQUE (sender, client_id));
      CREATE TABLE IF NOT EXISTS cursors (
        conv TEXT NOT NULL, participant TEXT NOT NULL, ack_seq INTEGER NOT NULL,
        PRIMARY KEY (conv, participant));`);
    this.insertEntry = this.db.prepare('INSERT INTO entries (id, conv, seq, sender, client_id, text, at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.existing = this.db.prepare('SELECT seq, id, at FROM entries WHERE sender = ? AND client_id = ?');
    this.upsertCursor = this.db.prepare(
      'INSERT INTO cursors (conv, participant, ack_seq) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET ack_seq = max(ack_seq, excluded.ack_seq)',
    );
    this.commit = this.db.transaction((batch: Write[]) => batch.flatMap((write) => this.apply(write)));
  }

  append(entry: Omit<EntryWrite, 'kind' | 'done'>, done: EntryWrite['done']): void {
    this.enqueue({ kind: 'entry', ...entry, done });
  }

  cursor(conv: string, participantId: string, seq: number): void {
    this.enqueue({ kind: 'cursor', conv, participantId, seq });
  }

  private enqueue(write: Write): void {
    this.queue.push(write);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    // A failed commit is a broken baseline, not a result: let it crash loudly.
    const callbacks = this.commit.immediate(batch);
    for (const callback of callbacks) callback();
  }

  private apply(write: Write): Array<() => void> {
    if (write.kind === 'cursor') {
      this.upsertCursor.run(write.conv, write.participantId, write.seq);
      return [];
    }
    const seq = (this.seqs.get(write.conv) ?? 0) + 1;
    const id = randomUUID();
    const at = new Date().toISOString();
    try {
      this.insertEntry.run(id, write.conv, seq, write.senderId, write.clientId, write.text, at);
    } catch (error) {
      // A resend of a stored message: answer what was stored the first time.
      const row = this.existing.get(write.senderId, write.clientId);
      if (!row) throw error;
      return [() => write.done({ seq: row.seq, msgId: row.id, at: row.at })];
    }
    this.seqs.set(write.conv, seq);
    return [() => write.done({ seq, msgId: id, at })];
  }
}
