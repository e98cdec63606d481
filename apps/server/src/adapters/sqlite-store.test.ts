import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { asAgentId, asConversationId, asTenantId } from '../domain/ids.js';
import { DEFAULT_TENANT_SETTINGS } from '../domain/model.js';
import { describeStoreContract } from '../ports/store.contract.js';
import { migrations } from './sqlite-migrations.js';
import { SqliteStore } from './sqlite-store.js';

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

  function open(path: string): SqliteStore {
    const store = SqliteStore.open({ path });
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
               ('c2', 't1', 'i1', 'k2', 'open', 'a1', 4, '${at(3)}', '${at(9)}');
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
    const assigned = await store.getConversation(tenantId, asConversationId('c2'));
    expect(assigned).toMatchObject({ priority: 'normal', queuedAt: null, assignedAt: at(9), lastVisitorMessageAt: at(8), lastAgentMessageAt: at(5) });
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
});
