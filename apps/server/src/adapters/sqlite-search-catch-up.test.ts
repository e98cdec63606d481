import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TenantId } from '../domain/ids.js';
import { SearchCatchUp } from './sqlite-search-catch-up.js';
import { SqliteStore } from './sqlite-store.js';

describe('SearchCatchUp', () => {
  afterEach(() => vi.useRealTimers());

  const chunk = (entries: number) => ({ entries, bytes: 64 * 1024 });

  /** A backlog of `pending` entries, indexed a chunk's entries at a time; records each chunk's size. */
  function backlog(pending: number) {
    const state = { pending, chunks: [] as number[] };
    const indexChunk = vi.fn((size: { entries: number }) => {
      const n = Math.min(size.entries, state.pending);
      state.pending -= n;
      state.chunks.push(n);
      return Promise.resolve(state.pending === 0 && n < size.entries);
    });
    return { state, indexChunk };
  }

  it('indexes a backlog a chunk per call until a chunk says it has caught up', async () => {
    const { state, indexChunk } = backlog(450);
    await new SearchCatchUp(indexChunk, { chunk: chunk(200), delayMs: 10 }).catchUp();
    expect(state.chunks).toEqual([200, 200, 50]);
    expect(state.pending).toBe(0);
  });

  it('catches up once after a burst of writes, after the delay', async () => {
    vi.useFakeTimers();
    const { state, indexChunk } = backlog(30);
    const catchUp = new SearchCatchUp(indexChunk, { chunk: chunk(200), delayMs: 100 });
    for (let i = 0; i < 30; i++) catchUp.noteWritten();
    await vi.advanceTimersByTimeAsync(99);
    expect(indexChunk).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(state.chunks).toEqual([30]);
  });

  it('runs one pass at a time; a call made during a pass gets a pass of its own after it', async () => {
    let release!: () => void;
    const calls: number[] = [];
    const indexChunk = (size: { entries: number }) => {
      calls.push(size.entries);
      return calls.length === 1 ? new Promise<boolean>((resolve) => (release = () => resolve(true))) : Promise.resolve(true);
    };
    const catchUp = new SearchCatchUp(indexChunk, { chunk: chunk(10), delayMs: 10 });
    const first = catchUp.catchUp();
    const second = catchUp.catchUp();
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    release();
    await Promise.all([first, second]);
    expect(calls).toHaveLength(2);
  });

  it('does nothing more once stopped', async () => {
    vi.useFakeTimers();
    const { indexChunk } = backlog(5);
    const catchUp = new SearchCatchUp(indexChunk, { chunk: chunk(200), delayMs: 100 });
    catchUp.noteWritten();
    await catchUp.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    await catchUp.catchUp();
    expect(indexChunk).not.toHaveBeenCalled();
  });
});

describe('SqliteStore search behind the writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-search-catch-up-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function seeded(store: SqliteStore) {
    const tenant = await store.createTenant('Acme');
    const inbox = await store.createInbox(tenant.id, { name: 'Web', widgetKey: 'wk-1', identitySecret: 's', requireIdentity: false, settings: {} });
    const contact = await store.createContact(tenant.id, { inboxId: inbox.id });
    return { tenantId: tenant.id, inboxId: inbox.id, contactId: contact.id };
  }

  const indexedRows = (path: string): number => {
    const check = new Database(path, { readonly: true });
    try {
      return check.prepare<[], number>('SELECT count(*) FROM entries_fts').pluck().get() ?? 0;
    } finally {
      check.close();
    }
  };

  it('finds a message the moment it is stored, and indexes the rest without being asked', async () => {
    const path = join(dir, 'a.db');
    const store = SqliteStore.open({ path });
    const { tenantId, inboxId, contactId } = await seeded(store);
    const first = await store.append({
      tenantId,
      target: { inboxId, contactId, statusIfNew: 'queued' },
      sender: { role: 'visitor', id: contactId },
      clientMsgId: 'm1',
      kind: 'text',
      text: 'where is my parcel',
    });
    if (first.kind !== 'appended') throw new Error('not appended');
    const conversationId = first.conversation.id;
    expect((await store.search(tenantId, 'parcel', { limit: 10 })).messages).toEqual([{ conversationId, seq: 1, snippet: 'where is my parcel' }]);

    for (let i = 2; i <= 5; i++) {
      await store.append({ tenantId, target: { conversationId }, sender: { role: 'visitor', id: contactId }, clientMsgId: `m${i}`, kind: 'text', text: `parcel ${i}` });
    }
    // No search: the catch-up's own timer indexes them (the default delay is 200 ms).
    await vi.waitFor(() => expect(indexedRows(path)).toBe(5), { timeout: 3_000, interval: 50 });
    await store.close();
  });

  it('indexes long messages a few per transaction, by their length, and finds every one', async () => {
    const path = join(dir, 'c.db');
    const store = SqliteStore.open({ path, searchCatchUp: { delayMs: 60_000, chunk: { entries: 200, bytes: 100_000 } } });
    const { tenantId, inboxId, contactId } = await seeded(store);
    const target = { inboxId, contactId, statusIfNew: 'queued' as const };
    const long = (i: number) => `order ${i} `.padEnd(48 * 1024, 'x ');
    for (let i = 1; i <= 5; i++) {
      await store.append({ tenantId, target, sender: { role: 'visitor', id: contactId }, clientMsgId: `m${i}`, kind: 'text', text: long(i) });
    }
    const before = store.commitCount;
    expect((await store.search(tenantId, 'order', { limit: 10 })).messages.map((m) => m.seq)).toEqual([5, 4, 3, 2, 1]);
    // 48 KiB each against 100,000 characters a transaction: three chunks (2 + 2 + 1), not one.
    expect(store.commitCount - before).toBe(3);
    await store.close();
  });

  it('indexes after the next open what a close left unindexed, once, and nothing twice', async () => {
    const path = join(dir, 'b.db');
    // A delay longer than the test: only a search or the next open may index.
    const store = SqliteStore.open({ path, searchCatchUp: { delayMs: 60_000 } });
    const { tenantId, inboxId, contactId } = await seeded(store);
    const target = { inboxId, contactId, statusIfNew: 'queued' as const };
    for (let i = 1; i <= 3; i++) {
      await store.append({ tenantId, target, sender: { role: 'visitor', id: contactId }, clientMsgId: `m${i}`, kind: 'text', text: `refund number ${i}` });
    }
    await store.close();
    expect(indexedRows(path)).toBe(0);

    const reopened = SqliteStore.open({ path });
    const seqs = async (t: TenantId) => (await reopened.search(t, 'refund', { limit: 10 })).messages.map((m) => m.seq);
    expect(await seqs(tenantId)).toEqual([3, 2, 1]);
    expect(await seqs(tenantId)).toEqual([3, 2, 1]);
    await reopened.close();
    expect(indexedRows(path)).toBe(3);
  });
});
