// Micro-benchmark behind FINDINGS.md: where the CPU of one Kefu append goes, by replaying its SQL
// (the server's migrated schema, its statements) with one thing changed at a time.
// Usage: node bench/dist/tools/append-sql-variants.js [appends=20000]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { SERVER_MAIN } from '../lib/paths.js';

const total = Number(process.argv[2] ?? 20_000);
const BATCH = 50;
const VARIANTS: Record<string, string> = {
  'as built': 'every append sets conversations.updated_at, which several indexes contain',
  'updated_at at most once a minute': 'UPDATE … SET updated_at = CASE WHEN updated_at < now-60s THEN now ELSE updated_at END',
  'updated_at never': 'the conversation row gets only last_seq + 1',
  'one updated_at index': 'every index with updated_at dropped but conversations_by_status',
};

const migrations = pathToFileURL(path.join(path.dirname(SERVER_MAIN), 'adapters', 'sqlite-migrations.js')).href;
const { migrate } = (await import(migrations)) as { migrate(db: Database.Database, now: string): void };

for (const [variant, what] of Object.entries(VARIANTS)) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-sql-variants-'));
  try {
    const db = new Database(path.join(dir, 'kefu.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const now = () => new Date().toISOString();
    migrate(db, now());
    const timeIndexes = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'conversations' AND sql LIKE '%updated_at%'")
      .pluck()
      .all();
    if (variant === 'as built') process.stdout.write(`indexes of conversations that contain updated_at: ${timeIndexes.join(', ')}\n`);
    if (variant === 'one updated_at index') for (const name of timeIndexes) if (name !== 'conversations_by_status') db.exec(`DROP INDEX ${name}`);
    db.prepare("INSERT INTO tenants (id, name, created_at) VALUES ('t', 'T', ?)").run(now());
    db.prepare("INSERT INTO inboxes (id, tenant_id, name, widget_key, identity_secret, require_identity, settings, created_at) VALUES ('i', 't', 'W', 'wk', 's', 0, '{}', ?)").run(now());
    const contact = db.prepare("INSERT INTO contacts (id, tenant_id, inbox_id, created_at) VALUES (?, 't', 'i', ?)");
    const conversation = db.prepare("INSERT INTO conversations (id, tenant_id, inbox_id, contact_id, status, last_seq, created_at, updated_at) VALUES (?, 't', 'i', ?, 'open', 0, ?, ?)");
    const pairs: Array<{ c: string; v: string }> = [];
    db.transaction(() => {
      for (let i = 0; i < 1000; i++) {
        const c = randomUUID();
        const v = randomUUID();
        contact.run(c, now());
        conversation.run(v, c, now(), now());
        pairs.push({ c, v });
      }
    })();
    // The statements of SqliteStore.append: idempotency probe, next seq, insert.
    const bySender = db.prepare('SELECT * FROM entries WHERE tenant_id = ? AND sender_id = ? AND client_msg_id = ?');
    const nextSeq = db.prepare<unknown[], { last_seq: number }>(
      variant === 'updated_at never'
        ? 'UPDATE conversations SET last_seq = last_seq + 1 WHERE tenant_id = @t AND id = @id RETURNING *'
        : variant.startsWith('updated_at at most')
          ? 'UPDATE conversations SET last_seq = last_seq + 1, updated_at = CASE WHEN updated_at < @stale THEN @now ELSE updated_at END WHERE tenant_id = @t AND id = @id RETURNING *'
          : 'UPDATE conversations SET last_seq = last_seq + 1, updated_at = @now WHERE tenant_id = @t AND id = @id RETURNING *',
    );
    const insert = db.prepare(`INSERT INTO entries (id, tenant_id, conversation_id, seq, sender_role, sender_id, sender_name, client_msg_id, kind, text, data, created_at)
      VALUES (@id, 't', @conv, @seq, 'visitor', @sender, NULL, @key, 'text', @text, NULL, @now) RETURNING *`);
    const step = db.transaction((run: () => void) => run());
    const append = (i: number) => {
      const { c, v } = pairs[i % pairs.length]!;
      bySender.get('t', c, `m${i}`);
      const stamp = now();
      const params: Record<string, string> = { t: 't', id: v };
      if (variant !== 'updated_at never') params.now = stamp;
      if (variant.startsWith('updated_at at most')) params.stale = new Date(Date.now() - 60_000).toISOString();
      const row = nextSeq.get(params)!;
      insert.get({ id: randomUUID(), conv: v, seq: row.last_seq, sender: c, key: `m${i}`, text: `message ${i}`, now: stamp });
    };
    // Like the server's group commit: one IMMEDIATE transaction per batch, a savepoint per write.
    const batch = db.transaction((from: number) => {
      for (let i = from; i < from + BATCH; i++) step(() => append(i));
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < total; i += BATCH) batch.immediate(i);
    const used = process.cpuUsage(cpu);
    process.stdout.write(
      `${variant.padEnd(40)} ${(((performance.now() - started) * 1000) / total).toFixed(0).padStart(4)} µs wall, ${((used.user + used.system) / total).toFixed(0).padStart(4)} µs CPU per append  (${what})\n`,
    );
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
