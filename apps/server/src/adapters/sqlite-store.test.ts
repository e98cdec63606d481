import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../ports/store.contract.js';
import { SqliteStore } from './sqlite-store.js';

/** A fresh directory per store, removed by the returned cleanup. */
function tempDatabase(): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-sqlite-'));
  return { path: join(dir, 'kefu.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describeStoreContract('SqliteStore', async () => {
  const db = tempDatabase();
  const store = SqliteStore.open({ path: db.path });
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
});
