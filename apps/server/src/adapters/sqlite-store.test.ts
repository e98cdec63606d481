import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asAgentId, asContactId, asConversationId, asInboxId, asTeamId, asTenantId } from '../domain/ids.js';
import { DEFAULT_TENANT_SETTINGS, type ConversationStatus } from '../domain/model.js';
import type { ConversationFilter } from '../ports/conversation-store.js';
import { describeStoreContract } from '../ports/store.contract.js';
import { contactSearchSource, SEARCH_TOKENIZER, searchText } from './search-text.js';
import { migrations } from './sqlite-schema.js';
import { conversationListQuery } from './sqlite-queries.js';
import { SEARCH_SQL, tenantToken } from './sqlite-search.js';
import { prepareStatements } from './sqlite-statements.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
import type { SyncFile } from './sqlite-wal-sync.js';

const COMPILED_CHECKPOINT_WORKER = fileURLToPath(new URL('../../dist/adapters/sqlite-checkpoint-worker.js', import.meta.url));

/** A fresh directory per store, removed by the returned cleanup. */
function tempDatabase(): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-sqlite-'));
  return { path: join(dir, 'kefu.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describeStoreContract('SqliteStore', async (clock) => {
  const db = tempDatabase();
  const store = SqliteStore.open({ path: db.path, clock });
  return {
    store,
    cleanup: async () => {
      await store.close();
      db.remove();
    },
  };
});

describe('SqliteStore on disk', () => {
  const opened: SqliteStore[] = [];
  let db: { path: string; remove: () => void } | undefined;

  function open(path: string, options: Omit<SqliteStoreOptions, 'path'> = {}): SqliteStore {
    const store = SqliteStore.open({ path, ...options });
    opened.push(store);
    return store;
  }

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    db?.remove();
  });

  async function seed(store: SqliteStore) {
    const tenant = await store.createTenant('Acme');
    const inbox = await store.createInbox(tenant.id, { name: 'Web', widgetKey: 'wk-1', identitySecret: 's', requireIdentity: false, settings: {} });
    const contact = await store.createContact(tenant.id, { inboxId: inbox.id });
    return { tenant, inbox, contact };
  }

  it('keeps conversations, timelines and cursors across close and reopen', async () => {
    db = tempDatabase();
    const first = open(db.path);
    const { tenant, inbox, contact } = await seed(first);
    const sender = { role: 'visitor' as const, id: contact.id };
    const target = { inboxId: inbox.id, contactId: contact.id, statusIfNew: 'bot' as const };
    const a = await first.append({ tenantId: tenant.id, target, sender, clientMsgId: 'm1', kind: 'text', text: 'hello' });
    if (a.kind !== 'appended') throw new Error('not appended');
    await first.moveCursor(tenant.id, a.conversation.id, sender, { ackSeq: 1, readSeq: 1 });
    const unawaited = first.append({ tenantId: tenant.id, target, sender, clientMsgId: 'm2', kind: 'text', text: 'still there?' });
    await first.close();
    await unawaited;

    const second = open(db.path);
    expect(await second.findInboxByWidgetKey('wk-1')).toEqual(inbox);
    expect((await second.readTimeline(tenant.id, a.conversation.id, 0, 10)).map((e) => e.text)).toEqual(['hello', 'still there?']);
    expect(await second.getConversation(tenant.id, a.conversation.id)).toMatchObject({ lastSeq: 2 });
    expect(await second.listCursors(tenant.id, a.conversation.id)).toEqual([
      { conversationId: a.conversation.id, participant: sender, ackSeq: 1, readSeq: 1 },
    ]);
    const again = await second.append({ tenantId: tenant.id, target, sender, clientMsgId: 'm1', kind: 'text', text: 'hello' });
    expect(again).toMatchObject({ kind: 'appended', created: false, entry: { seq: 1 } });
    const next = await second.append({ tenantId: tenant.id, target, sender, clientMsgId: 'm3', kind: 'text', text: 'ok' });
    expect(next).toMatchObject({ kind: 'appended', created: true, entry: { seq: 3 } });
  });

  it('commits without an fsync and acknowledges a write, or answers a durable read, only after an fsync of the WAL', async () => {
    db = tempDatabase();
    const held: Array<() => void> = [];
    let holding = false;
    const syncWal: SyncFile = (file) => (holding ? new Promise<void>((resolve, reject) => held.push(() => void file.sync().then(resolve, reject))) : file.sync());
    const store = open(db.path, { syncWal });
    const connection = (store as unknown as { db: Database.Database }).db;
    // NORMAL: no fsync inside COMMIT in WAL mode; no checkpoint on the event loop either.
    expect(connection.pragma('synchronous', { simple: true })).toBe(1);
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const { tenant, inbox, contact } = await seed(store);
    const sender = { role: 'visitor' as const, id: contact.id };
    const target = { inboxId: inbox.id, contactId: contact.id, statusIfNew: 'bot' as const };

    holding = true;
    const fsyncsBefore = store.fsyncCount;
    const settled: string[] = [];
    const append = store.append({ tenantId: tenant.id, target, sender, clientMsgId: 'm1', kind: 'text', text: 'hello' }).then((o) => {
      settled.push('append');
      return o;
    });
    await vi.waitFor(() => expect(held).toHaveLength(1));
    const raw = new Database(db.path, { readonly: true });
    try {
      expect(raw.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(1);
    } finally {
      raw.close();
    }
    const read = store.listConversations(tenant.id, { limit: 10 }).then((list) => {
      settled.push('read');
      return list;
    });
    // A check that only decides a later write may read what is committed at once (ReadMode).
    const stored = await store.findBySenderKey(tenant.id, contact.id, 'm1', 'committed');
    expect(stored?.text).toBe('hello');
    await expect(store.getConversation(tenant.id, stored!.conversationId, 'committed')).resolves.toMatchObject({ lastSeq: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toEqual([]);
    holding = false;
    held[0]!();
    const appended = await append;
    if (appended.kind !== 'appended') throw new Error('not appended');
    expect((await read).map((c) => c.id)).toEqual([appended.conversation.id]);
    expect(settled).toEqual(['append', 'read']);
    expect(store.fsyncCount - fsyncsBefore).toBe(1);
  });

  for (const where of ['on this thread (run from sources)', 'on the compiled worker thread (needs npx tsc -b apps/server)'] as const) {
    const onWorker = where.includes('worker');
    it.skipIf(onWorker && !existsSync(COMPILED_CHECKPOINT_WORKER))(`checkpoints the WAL ${where} and keeps it bounded under 20,000 appends`, async () => {
      db = tempDatabase();
      const restartFrames = 1000;
      const store = open(db.path, { checkpoint: { pollMs: 20, restartFrames, ...(onWorker ? { workerFile: COMPILED_CHECKPOINT_WORKER } : {}) } });
      expect(store.checkpointsOnWorker).toBe(onWorker);
      const { tenant, inbox, contact } = await seed(store);
      const sender = { role: 'visitor' as const, id: contact.id };
      const target = { inboxId: inbox.id, contactId: contact.id, statusIfNew: 'bot' as const };
      const wal = () => statSync(`${db!.path}-wal`).size;
      let largest = 0;
      for (let batch = 0; batch < 100; batch += 1) {
        await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            store.append({ tenantId: tenant.id, target, sender, clientMsgId: `${batch}-${i}`, kind: 'text', text: `message ${batch} ${i}` }),
          ),
        );
        largest = Math.max(largest, wal());
      }
      // A restart is due past 1,000 frames (4 MiB) and comes within a poll or two; between polls the
      // appends grow the WAL by a few MiB at most.
      expect(largest).toBeLessThan(16 * 2 ** 20);
      // Idle: the next look truncates the WAL.
      await vi.waitFor(() => expect(wal()).toBe(0), { timeout: 2000 });
      await store.close();
      const raw = new Database(db.path, { readonly: true });
      try {
        expect(raw.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(20_000);
      } finally {
        raw.close();
      }
    }, 60_000);
  }

  it('leaves every acknowledged write in the database file when closed, with the WAL gone', async () => {
    db = tempDatabase();
    const first = open(db.path);
    const { tenant, inbox, contact } = await seed(first);
    const sender = { role: 'visitor' as const, id: contact.id };
    const target = { inboxId: inbox.id, contactId: contact.id, statusIfNew: 'bot' as const };
    const acknowledged = await Promise.all(
      Array.from({ length: 300 }, (_, i) => first.append({ tenantId: tenant.id, target, sender, clientMsgId: `c${i}`, kind: 'text', text: `${i}` })),
    );
    const unawaited = first.append({ tenantId: tenant.id, target, sender, clientMsgId: 'last', kind: 'text', text: 'last' });
    await first.close();
    await expect(unawaited).resolves.toMatchObject({ kind: 'appended', created: true });
    expect(existsSync(`${db.path}-wal`)).toBe(false);
    const raw = new Database(db.path, { readonly: true });
    try {
      const ids = raw.prepare('SELECT client_msg_id FROM entries').pluck().all();
      expect(ids).toHaveLength(301);
      expect(new Set(ids)).toEqual(new Set([...acknowledged.map((_, i) => `c${i}`), 'last']));
    } finally {
      raw.close();
    }
  });

  it('keeps its identity across close and reopen of the same file', async () => {
    db = tempDatabase();
    const first = open(db.path);
    const identity = await first.identity();
    await first.close();
    expect(await open(db.path).identity()).toEqual(identity);
  });

  it('gives each new database its own identity', async () => {
    db = tempDatabase();
    const other = tempDatabase();
    try {
      const a = await open(db.path).identity();
      const b = await open(other.path).identity();
      expect(a.epoch).not.toBe(b.epoch);
      expect(a.secret).not.toBe(b.secret);
    } finally {
      for (const store of opened.splice(0)) await store.close();
      other.remove();
    }
  });

  it('commits a burst of 500 appends issued in one tick in a few transactions', async () => {
    db = tempDatabase();
    const store = open(db.path);
    const { tenant, inbox, contact } = await seed(store);
    const sender = { role: 'visitor' as const, id: contact.id };
    const target = { inboxId: inbox.id, contactId: contact.id, statusIfNew: 'bot' as const };
    const before = store.commitCount;
    const outcomes = await Promise.all(
      Array.from({ length: 500 }, (_, i) => store.append({ tenantId: tenant.id, target, sender, clientMsgId: `b${i}`, kind: 'text', text: `${i}` })),
    );
    expect(outcomes.every((o) => o.kind === 'appended' && o.created)).toBe(true);
    expect(store.commitCount - before).toBeLessThanOrEqual(3);
    expect(store.commitCount - before).toBeGreaterThanOrEqual(1);
  });

  it('rejects only the failing write of a batch and commits the others', async () => {
    db = tempDatabase();
    const store = open(db.path);
    const { tenant } = await seed(store);
    const inbox = (key: string) => ({ name: key, widgetKey: key, identitySecret: 's', requireIdentity: false, settings: {} });
    const results = await Promise.allSettled([
      store.createInbox(tenant.id, inbox('wk-a')),
      store.createInbox(tenant.id, inbox('wk-1')),
      store.createInbox(tenant.id, inbox('wk-b')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    expect((await store.listInboxes(tenant.id)).map((i) => i.widgetKey).sort()).toEqual(['wk-1', 'wk-a', 'wk-b']);
  });

  it('merges the settings stored for a tenant over the defaults, dropping settings it does not know', async () => {
    db = tempDatabase();
    const store = open(db.path);
    const tenant = await store.createTenant('Acme');
    await store.close();
    const raw = new Database(db.path);
    raw.prepare('UPDATE tenants SET settings = ? WHERE id = ?').run(JSON.stringify({ defaultCapacity: 9, retired: true }), tenant.id);
    raw.close();
    const reopened = open(db.path);
    expect(await reopened.getTenant(tenant.id)).toEqual({ ...tenant, settings: { ...DEFAULT_TENANT_SETTINGS, defaultCapacity: 9 } });
    const updated = await reopened.updateTenantSettings(tenant.id, { idleAwayMs: 1000 });
    expect(updated?.settings).toEqual({ ...DEFAULT_TENANT_SETTINGS, defaultCapacity: 9, idleAwayMs: 1000 });
  });

  it('brings a database of schema 1 up to date and fills the new fields of its rows', async () => {
    db = tempDatabase();
    const v1 = new Database(db.path);
    v1.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
    v1.exec(migrations[0]!);
    v1.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (1, ?)').run('2024-01-01T00:00:00.000Z');
    const at = (minute: number) => `2024-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
    v1.exec(`
      INSERT INTO tenants VALUES ('t1', 'Acme', '${at(0)}');
      INSERT INTO inboxes VALUES ('i1', 't1', 'Web', 'wk-old', 's', 0, '{}', '${at(0)}');
      INSERT INTO contacts (id, tenant_id, inbox_id, created_at) VALUES ('k1', 't1', 'i1', '${at(0)}'), ('k2', 't1', 'i1', '${at(0)}');
      INSERT INTO agents VALUES ('a1', 't1', 'bo@example.com', 'Bo', 'agent', 'h', '${at(0)}');
      INSERT INTO conversations (id, tenant_id, inbox_id, contact_id, status, assignee_id, last_seq, created_at, updated_at)
        VALUES ('c1', 't1', 'i1', 'k1', 'queued', NULL, 1, '${at(1)}', '${at(2)}'),
               ('c2', 't1', 'i1', 'k2', 'open', 'a1', 4, '${at(3)}', '${at(9)}'),
               ('c3', 't1', 'i1', 'k1', 'resolved', NULL, 0, '${at(4)}', '${at(4)}');
      INSERT INTO entries (id, tenant_id, conversation_id, seq, sender_role, sender_id, client_msg_id, kind, text, created_at)
        VALUES ('e1', 't1', 'c1', 1, 'visitor', 'k1', 'm1', 'text', 'hi', '${at(1)}'),
               ('e2', 't1', 'c2', 1, 'visitor', 'k2', 'm1', 'text', 'hi', '${at(3)}'),
               ('e3', 't1', 'c2', 2, 'agent', 'a1', 'm2', 'text', 'hello', '${at(5)}'),
               ('e4', 't1', 'c2', 3, 'agent', 'a1', 'm3', 'note', 'psst', '${at(7)}'),
               ('e5', 't1', 'c2', 4, 'visitor', 'k2', 'm4', 'file', 'a.png', '${at(8)}');
    `);
    v1.close();

    const store = open(db.path);
    const tenantId = asTenantId('t1');
    expect(await store.getTenant(tenantId)).toEqual({ id: 't1', name: 'Acme', settings: DEFAULT_TENANT_SETTINGS, createdAt: at(0) });
    expect(await store.findInboxByWidgetKey('wk-old')).toMatchObject({ id: 'i1', defaultTeamId: null });
    expect(await store.listAgents(tenantId)).toEqual([
      expect.objectContaining({ id: 'a1', capacity: null, manualStatus: 'online', lastAssignedAt: null }),
    ]);
    const queued = await store.getConversation(tenantId, asConversationId('c1'));
    expect(queued).toMatchObject({ priority: 'normal', teamId: null, queuedAt: at(1), assignedAt: null, lastVisitorMessageAt: at(1), lastAgentMessageAt: null });
    expect(queued).toMatchObject({ updatedAt: at(2), lastMessageAt: at(1) });
    const assigned = await store.getConversation(tenantId, asConversationId('c2'));
    expect(assigned).toMatchObject({ priority: 'normal', queuedAt: null, assignedAt: at(9), lastVisitorMessageAt: at(8), lastAgentMessageAt: at(5) });
    expect(assigned).toMatchObject({ updatedAt: at(9), lastMessageAt: at(8) });
    expect(await store.getConversation(tenantId, asConversationId('c3'))).toMatchObject({ updatedAt: at(4), lastMessageAt: null });
    expect((await store.listConversations(tenantId, { contactId: asContactId('k1'), limit: 10 })).map((c) => c.id)).toEqual(['c3', 'c1']);
    expect((await store.listQueue(tenantId, { limit: 10 })).map((c) => c.id)).toEqual(['c1']);
    expect(await store.countOpenByAgent(tenantId, [asAgentId('a1')])).toEqual(new Map([['a1', 1]]));
    await store.close();
    const check = new Database(db.path, { readonly: true });
    try {
      expect(check.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(migrations.map((_, i) => i + 1));
      expect(check.pragma('foreign_key_check')).toEqual([]);
    } finally {
      check.close();
    }
  });

  it('indexes again, by their first 64 characters, the longer words a database of schema 8 indexed whole', async () => {
    db = tempDatabase();
    const long = `${'a1b2c3d4'.repeat(10)}tail`;
    const v8 = new Database(db.path);
    // Schema 8 as it was written: every word whole.
    v8.function('kefu_search_tenant', (tenantId: unknown) => tenantToken(String(tenantId)));
    v8.function('kefu_search_text', (value: unknown) => searchText(String(value), Number.POSITIVE_INFINITY));
    v8.function('kefu_contact_search_text', (name: unknown, email: unknown, attributes: unknown) =>
      searchText(
        contactSearchSource({ name: name as string | null, email: email as string | null, attributes: JSON.parse(String(attributes)) as Record<string, unknown> }),
        Number.POSITIVE_INFINITY,
      ),
    );
    v8.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
    for (const sql of migrations.slice(0, 8)) v8.exec(sql);
    v8.prepare("INSERT INTO schema_migrations (version, applied_at) SELECT value, '2026-11-01' FROM json_each('[1,2,3,4,5,6,7,8]')").run();
    v8.exec(`
      INSERT INTO tenants (id, name, created_at) VALUES ('t1', 'Acme', '2026-11-01T00:00:00.000Z');
      INSERT INTO inboxes (id, tenant_id, name, widget_key, identity_secret, require_identity, created_at)
        VALUES ('i1', 't1', 'Web', 'wk-1', 's', 0, '2026-11-01T00:00:00.000Z');
      INSERT INTO contacts (id, tenant_id, inbox_id, name, created_at) VALUES ('k1', 't1', 'i1', 'Long ${long}', '2026-11-01T00:00:00.000Z');
      INSERT INTO contacts_fts (rowid, tenant, body) SELECT rowid, kefu_search_tenant(tenant_id), kefu_contact_search_text(name, email, attributes) FROM contacts;
      INSERT INTO conversations (id, tenant_id, inbox_id, contact_id, status, last_seq, created_at, updated_at)
        VALUES ('c1', 't1', 'i1', 'k1', 'bot', 2, '2026-11-01T00:01:00.000Z', '2026-11-01T00:01:00.000Z');
      INSERT INTO entries (id, tenant_id, conversation_id, seq, sender_role, sender_id, client_msg_id, kind, text, created_at)
        VALUES ('e1', 't1', 'c1', 1, 'visitor', 'k1', 'm1', 'text', 'my key is ${long} thanks', '2026-11-01T00:01:00.000Z'),
               ('e2', 't1', 'c1', 2, 'visitor', 'k1', 'm2', 'text', 'short words only', '2026-11-01T00:02:00.000Z');
      INSERT INTO entries_fts (rowid, tenant, body) SELECT rowid, kefu_search_tenant(tenant_id), kefu_search_text(text) FROM entries;
      UPDATE search_progress SET last_rowid = (SELECT max(rowid) FROM entries) WHERE name = 'entries';
    `);
    v8.close();

    const store = open(db.path);
    const t1 = asTenantId('t1');
    expect((await store.search(t1, long, { limit: 10 })).messages.map((m) => m.seq)).toEqual([1]);
    expect((await store.search(t1, `is ${long} thanks`, { limit: 10 })).messages.map((m) => m.seq)).toEqual([1]);
    expect((await store.search(t1, 'short words', { limit: 10 })).messages.map((m) => m.seq)).toEqual([2]);
    expect((await store.search(t1, long, { limit: 10 })).contacts.map((c) => c.id)).toEqual(['k1']);
    await store.close();
    const check = new Database(db.path, { readonly: true });
    try {
      // The old rows are gone from the index: the whole word finds nothing there any more.
      const whole = `"${searchText(long, Number.POSITIVE_INFINITY)}"`;
      expect(check.prepare('SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?').pluck().get(`body : ${whole}`)).toBe(0);
      expect(check.prepare('SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH ?').pluck().get(`body : ${whole}`)).toBe(0);
      expect(check.prepare('SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?').pluck().get('body : "short"')).toBe(1);
    } finally {
      check.close();
    }
  });

  it('brings a database of schema 2 up to date and fills the search index from its entries and contacts', async () => {
    db = tempDatabase();
    const v2 = new Database(db.path);
    v2.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
    v2.exec(migrations[0]!);
    v2.exec(migrations[1]!);
    v2.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (1, '2024-01-01'), (2, '2024-06-01')").run();
    const at = (minute: number) => `2024-07-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
    v2.exec(`
      INSERT INTO tenants (id, name, created_at) VALUES ('t1', 'Acme', '${at(0)}'), ('t2', 'Other', '${at(0)}');
      INSERT INTO inboxes (id, tenant_id, name, widget_key, identity_secret, require_identity, created_at)
        VALUES ('i1', 't1', 'Web', 'wk-1', 's', 0, '${at(0)}'), ('i2', 't2', 'Web', 'wk-2', 's', 0, '${at(0)}');
      INSERT INTO contacts (id, tenant_id, inbox_id, name, email, attributes, created_at)
        VALUES ('k1', 't1', 'i1', '王小明', 'XM@example.com', '{"company":"星光科技","seats":3}', '${at(0)}'),
               ('k2', 't2', 'i2', '王小明', NULL, '{}', '${at(0)}');
      INSERT INTO conversations (id, tenant_id, inbox_id, contact_id, status, last_seq, created_at, updated_at)
        VALUES ('c1', 't1', 'i1', 'k1', 'bot', 3, '${at(1)}', '${at(3)}'), ('c2', 't2', 'i2', 'k2', 'bot', 1, '${at(1)}', '${at(1)}');
      INSERT INTO entries (id, tenant_id, conversation_id, seq, sender_role, sender_id, client_msg_id, kind, text, created_at)
        VALUES ('e1', 't1', 'c1', 1, 'visitor', 'k1', 'm1', 'text', '我想申请退款，可以吗', '${at(1)}'),
               ('e2', 't1', 'c1', 2, 'system', 'system', 'm2', 'event', '退款 event', '${at(2)}'),
               ('e3', 't1', 'c1', 3, 'agent', 'a1', 'm3', 'note', 'Refund approved', '${at(3)}'),
               ('e4', 't2', 'c2', 1, 'visitor', 'k2', 'm1', 'text', '退款 elsewhere', '${at(1)}');
    `);
    v2.close();

    const store = open(db.path);
    const [t1, t2] = [asTenantId('t1'), asTenantId('t2')];
    const c1 = asConversationId('c1');
    expect(await store.search(t1, '退款', { limit: 10 })).toEqual({
      messages: [{ conversationId: c1, seq: 1, snippet: '我想申请退款，可以吗' }],
      contacts: [],
      labelled: [],
    });
    expect((await store.search(t1, 'REFUND', { limit: 10 })).messages).toEqual([{ conversationId: c1, seq: 3, snippet: 'Refund approved' }]);
    expect((await store.search(t2, '退款', { limit: 10 })).messages.map((m) => m.conversationId)).toEqual(['c2']);
    for (const query of ['小明', 'xm@example.com', '科技', '3']) {
      expect((await store.search(t1, query, { limit: 10 })).contacts.map((c) => c.id)).toEqual(['k1']);
    }
    expect((await store.search(t2, '科技', { limit: 10 })).contacts).toEqual([]);
    expect(await store.getContact(t1, asContactId('k1'))).toMatchObject({ blocked: false, attributes: { company: '星光科技', seats: 3 } });
    expect(await store.getConversation(t1, c1)).toMatchObject({ labels: [], pendingTransferTo: null, lastSeq: 3 });
    const later = await store.append({ tenantId: t1, target: { conversationId: c1 }, sender: { role: 'visitor', id: 'k1' }, clientMsgId: 'm4', kind: 'text', text: '退款呢' });
    expect(later.kind).toBe('appended');
    expect((await store.search(t1, '退款', { limit: 10 })).messages.map((m) => m.seq)).toEqual([4, 1]);
    await store.updateContact(t1, asContactId('k1'), { attributes: { company: null } });
    expect((await store.search(t1, '科技', { limit: 10 })).contacts).toEqual([]);
    await store.close();
    const check = new Database(db.path, { readonly: true });
    try {
      expect(check.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(migrations.map((_, i) => i + 1));
      expect(check.pragma('foreign_key_check')).toEqual([]);
    } finally {
      check.close();
    }
  });

  it('keeps the search index across close and reopen, and with every write of a batch that commits', async () => {
    db = tempDatabase();
    const first = open(db.path);
    const { tenant, inbox, contact } = await seed(first);
    const target = { inboxId: inbox.id, contactId: contact.id, statusIfNew: 'bot' as const };
    const sender = { role: 'visitor' as const, id: contact.id };
    const outcomes = await Promise.allSettled([
      first.append({ tenantId: tenant.id, target, sender, clientMsgId: 'a', kind: 'text', text: '订单一' }),
      first.createInbox(tenant.id, { name: 'dup', widgetKey: 'wk-1', identitySecret: 's', requireIdentity: false, settings: {} }),
      first.append({ tenantId: tenant.id, target, sender, clientMsgId: 'b', kind: 'text', text: '订单二' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await first.close();
    const second = open(db.path);
    expect((await second.search(tenant.id, '订单', { limit: 10 })).messages.map((m) => m.snippet)).toEqual(['订单二', '订单一']);
  });

  it('matches the tenant column only through the tenant it searches in', async () => {
    db = tempDatabase();
    const store = open(db.path);
    const { tenant, inbox, contact } = await seed(store);
    const target = { inboxId: inbox.id, contactId: contact.id, statusIfNew: 'bot' as const };
    await store.append({ tenantId: tenant.id, target, sender: { role: 'visitor', id: contact.id }, clientMsgId: 'a', kind: 'text', text: 'hello' });
    expect((await store.search(tenant.id, 'hello', { limit: 10 })).messages).toHaveLength(1);
    for (const query of [tenantToken(tenant.id), `tenant:${tenantToken(tenant.id)}`, `{tenant}: ${tenantToken(tenant.id)}`]) {
      expect(await store.search(tenant.id, query, { limit: 10 })).toEqual({ messages: [], contacts: [], labelled: [] });
    }
  });

  it('declares for every search index the tokenizer that search-text.ts tokenizes for', async () => {
    db = tempDatabase();
    await open(db.path).close();
    const check = new Database(db.path, { readonly: true });
    try {
      const tables = check.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE sql LIKE '%USING fts5%'").all();
      expect(tables.map((t) => t.name).sort()).toEqual(['contacts_fts', 'entries_fts', 'labels_fts']);
      for (const table of tables) expect(table.sql).toContain(`tokenize = "${SEARCH_TOKENIZER}"`);
    } finally {
      check.close();
    }
  });

  it('plans searches on the full-text indexes and the label filter on its index', async () => {
    db = tempDatabase();
    await open(db.path).close();
    const check = new Database(db.path, { readonly: true });
    const plan = (sql: string, params: Record<string, unknown>) =>
      check
        .prepare<[Record<string, unknown>], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(params)
        .map((r) => r.detail)
        .join('\n');
    try {
      const params = { tenantId: 't', match: '"x"', contactId: null, limit: 10 };
      for (const [table, alias] of [['entries', 'e'], ['contacts', 'c']] as const) {
        const steps = plan(SEARCH_SQL[table], params);
        expect(steps).toContain(`SCAN ${table}_fts VIRTUAL TABLE INDEX`);
        expect(steps).toContain(`SEARCH ${alias} USING INTEGER PRIMARY KEY (rowid=?)`);
      }
      const labelled = plan(SEARCH_SQL.labelled, params);
      expect(labelled).toContain('SCAN labels_fts VIRTUAL TABLE INDEX');
      expect(labelled).toContain('USING COVERING INDEX conversation_labels_by_label');
      const byLabel = conversationListQuery(asTenantId('t'), { label: 'vip', limit: 10 });
      expect(plan(byLabel.sql, byLabel.params)).toContain('USING COVERING INDEX conversation_labels_by_label (tenant_id=? AND label_name=?)');
    } finally {
      check.close();
    }
  });

  it('plans the lists of hello, the timers and routing, and the lookups by contact, on their indexes', async () => {
    db = tempDatabase();
    await open(db.path).close();
    const check = new Database(db.path, { readonly: true });
    const plan = (sql: string, params: unknown[]) =>
      check
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((r) => r.detail)
        // The steps over conversations and a sort of the result (not the labels' subquery).
        .filter((d) => /^(SEARCH|SCAN) conversations |^USE TEMP B-TREE FOR (ORDER BY|LAST TERM)/.test(d))
        .join('\n');
    const list = (filter: Omit<ConversationFilter, 'limit'>) => {
      const { sql, params } = conversationListQuery(asTenantId('t'), { ...filter, limit: 50 });
      return plan(sql, [params]);
    };
    const agent = asAgentId('a');
    const active: ConversationStatus[] = ['bot', 'queued', 'open'];
    try {
      // A visitor's hello: the contact's few conversations, already in list order.
      expect(list({ contactId: asContactId('k') })).toBe('SEARCH conversations USING INDEX conversations_by_contact (tenant_id=? AND contact_id=?)');
      // An agent's hello, and the offline requeue of the timers.
      expect(list({ status: active, assigneeId: agent })).toBe('SEARCH conversations USING INDEX conversations_by_assignee (tenant_id=? AND assignee_id=?)');
      expect(list({ status: active, assigneeId: null })).toBe('SEARCH conversations USING INDEX conversations_by_assignee (tenant_id=? AND assignee_id=?)');
      expect(list({ status: ['open'], assigneeId: agent })).toBe('SEARCH conversations USING INDEX conversations_by_assignee (tenant_id=? AND assignee_id=?)');
      // The unanswered and the quiet timers (not a walk of the tenant's every conversation).
      expect(list({ status: ['open'], unanswered: true, assignedBefore: 'x' })).toContain(
        'SEARCH conversations USING INDEX conversations_by_assigned_at (tenant_id=? AND status=? AND assigned_at<?)',
      );
      expect(list({ status: active, visitorQuietSince: 'x' })).toContain('SEARCH conversations USING INDEX conversations_by_visitor_quiet (tenant_id=? AND <expr><?)');
      // The filters of the REST list.
      expect(list({ status: ['queued'] })).toBe('SEARCH conversations USING INDEX conversations_by_status (tenant_id=? AND status=?)');
      expect(list({ inboxId: asInboxId('i') })).toBe('SEARCH conversations USING INDEX conversations_by_inbox (tenant_id=? AND inbox_id=?)');
      expect(list({ teamId: asTeamId('x') })).toBe('SEARCH conversations USING INDEX conversations_by_team (tenant_id=? AND team_id=?)');
      expect(list({ before: { updatedAt: 'x', id: 'y' } })).toBe('SEARCH conversations USING INDEX conversations_by_update (tenant_id=? AND (updated_at,id)<(?,?))');
      expect(list({ status: [] })).not.toContain('SCAN');

      const sql = prepareStatements(check);
      for (const lookup of [sql.newestOpenConversation, sql.lastAssigneeOfContact]) {
        expect(plan(lookup.source, ['t', 'k', 'i'].slice(0, lookup.source.split('?').length - 1))).toContain(
          'SEARCH conversations USING INDEX conversations_by_contact (tenant_id=? AND contact_id=?)',
        );
      }
      expect(plan(sql.countOpenByAgent.source, ['t', '[]'])).toContain('USING COVERING INDEX conversations_open_by_assignee (tenant_id=? AND assignee_id=?)');
    } finally {
      check.close();
    }
  });

  it("sets no indexed column with an append, but a visitor message's time that the quiet timer reads", async () => {
    db = tempDatabase();
    await open(db.path).close();
    const check = new Database(db.path, { readonly: true });
    try {
      const indexes = check
        .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'conversations' AND sql IS NOT NULL")
        .all();
      const sql = prepareStatements(check);
      const touched = (statement: { source: string }) => {
        const set = /SET (.*?)\s+WHERE/s.exec(statement.source)![1]!;
        const columns = set.split(',').map((assignment) => assignment.split('=')[0]!.trim());
        return indexes.filter((index) => columns.some((column) => new RegExp(`\\b${column}\\b`).test(index.sql))).map((index) => index.name);
      };
      expect(touched(sql.nextSeq)).toEqual([]);
      expect(touched(sql.nextSeqAgentMessage)).toEqual([]);
      expect(touched(sql.nextSeqVisitorMessage)).toEqual(['conversations_by_visitor_quiet']);
    } finally {
      check.close();
    }
  });
});
