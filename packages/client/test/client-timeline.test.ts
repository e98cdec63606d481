import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage, STORED_ENTRIES_PER_CONV, type StoredItem } from '../src/index.js';
import { msg, welcome } from './fake-socket.js';
import { harness, settle } from './setup.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const OPEN_C1 = welcome({ conversations: [{ id: 'c1', lastSeq: 0, status: 'open' }] });

function seqs(items: ReturnType<typeof Array.prototype.slice>): number[] {
  return (items as StoredItem[]).map((i) => i.seq);
}

describe('KefuClient timeline', () => {
  it('drops an entry whose seq it holds, and announces each new entry once', async () => {
    const h = harness();
    const announced: number[] = [];
    h.client.on('message', (m) => announced.push(m.seq));
    h.client.start();
    const socket = h.accept(OPEN_C1);
    socket.receive(msg('c1', 1));
    socket.receive(msg('c1', 2));
    socket.receive(msg('c1', 1, { text: 'a repeat with other text' }));
    socket.receive(msg('c1', 2));
    expect(seqs(h.client.timeline('c1'))).toEqual([1, 2]);
    expect(h.client.timeline('c1')[0]).toMatchObject({ text: 'hello 1', mine: false });
    expect(announced).toEqual([1, 2]);
  });

  it('does not announce my own entries nor note placeholders, and does not count them unread', () => {
    const h = harness();
    const announced: number[] = [];
    h.client.on('message', (m) => announced.push(m.seq));
    h.client.start();
    const socket = h.accept(OPEN_C1);
    socket.receive(msg('c1', 1, { from: { role: 'visitor', id: 'v1' } }));
    socket.receive({ t: 'msg', conv: 'c1', seq: 2, kind: 'hidden' });
    socket.receive(msg('c1', 3));
    expect(announced).toEqual([3]);
    expect(h.client.timeline('c1').map((i) => (i.state === 'stored' ? [i.kind, i.mine] : []))).toEqual([
      ['text', true],
      ['hidden', false],
      ['text', false],
    ]);
    expect(h.client.conversations()[0]).toMatchObject({ id: 'c1', unread: 1, heldSeq: 3 });
  });

  it('asks for a gap with sync from the last contiguous seq, once, and holds what arrives', async () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(OPEN_C1);
    socket.receive(msg('c1', 1));
    socket.receive(msg('c1', 2));
    socket.receive(msg('c1', 5));
    socket.receive(msg('c1', 6));
    expect(socket.framesOf('sync')).toEqual([{ t: 'sync', conv: 'c1', after: 2, limit: 500 }]);
    socket.receive(msg('c1', 3));
    socket.receive(msg('c1', 4));
    socket.receive(msg('c1', 5));
    socket.receive(msg('c1', 6));
    socket.receive({ t: 'synced', conv: 'c1', upTo: 6, more: false });
    expect(socket.framesOf('sync')).toHaveLength(1);
    expect(seqs(h.client.timeline('c1'))).toEqual([1, 2, 3, 4, 5, 6]);
    await settle();
    expect(socket.framesOf('ack').at(-1)).toEqual({ t: 'ack', conv: 'c1', seq: 6 });
  });

  it('keeps asking while the server says there is more', () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(welcome({ conversations: [{ id: 'c1', lastSeq: 3, status: 'open' }] }));
    expect(socket.framesOf('sync')).toEqual([{ t: 'sync', conv: 'c1', after: 0, limit: 500 }]);
    socket.receive(msg('c1', 1));
    socket.receive(msg('c1', 2));
    socket.receive({ t: 'synced', conv: 'c1', upTo: 2, more: true });
    expect(socket.framesOf('sync').at(-1)).toEqual({ t: 'sync', conv: 'c1', after: 2, limit: 500 });
  });

  it('resumes with the highest contiguous seq held, not the highest seq', async () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(OPEN_C1);
    socket.receive(msg('c1', 1));
    socket.receive(msg('c1', 2));
    socket.receive(msg('c1', 4));
    socket.serverClose(1006);
    await vi.advanceTimersByTimeAsync(100);
    h.last().open();
    expect(h.last().sent[0]).toMatchObject({ t: 'hello', resume: { c1: 2 } });
  });

  it('on a different epoch drops what it holds (not the outbox) and syncs every conversation from 0', async () => {
    const storage = new MemoryStorage();
    const h = harness({ storage });
    const announced: number[] = [];
    h.client.on('message', (m) => announced.push(m.seq));
    h.client.start();
    const socket = h.accept(OPEN_C1);
    for (let seq = 1; seq <= 3; seq++) socket.receive(msg('c1', seq));
    h.client.read('c1', 3);
    socket.serverClose(1006);
    const id = h.client.send('written while offline', { conv: 'c1' });
    await vi.advanceTimersByTimeAsync(100);
    const next = h.last();
    next.open();
    expect(next.sent[0]).toMatchObject({ resume: { c1: 3 } });
    next.receive(welcome({ epoch: 'E2', conversations: [{ id: 'c1', lastSeq: 2, status: 'open' }] }));
    expect(h.client.epoch).toBe('E2');
    expect(h.client.timeline('c1')).toEqual([expect.objectContaining({ state: 'sending', id })]);
    expect(next.framesOf('sync')).toEqual([{ t: 'sync', conv: 'c1', after: 0, limit: 500 }]);
    expect(next.framesOf('send')).toEqual([{ t: 'send', id, conv: 'c1', text: 'written while offline' }]);
    // The resume answers from the new store after seq 3: nothing; then the sync from 0.
    next.receive({ t: 'synced', conv: 'c1', upTo: 3, more: false });
    next.receive(msg('c1', 1, { text: 'new store 1' }));
    next.receive(msg('c1', 2, { text: 'new store 2' }));
    next.receive({ t: 'synced', conv: 'c1', upTo: 2, more: false });
    expect(h.client.timeline('c1').map((i) => i.text)).toEqual(['new store 1', 'new store 2', 'written while offline']);
    expect(h.client.conversations()[0]).toMatchObject({ readSeq: 0, unread: 2 });
    expect(announced).toEqual([1, 2, 3]);
    next.receive(msg('c1', 3, { text: 'news' }));
    expect(announced).toEqual([1, 2, 3, 3]);
  });

  it('sends read and ack, never moves the read cursor back, and counts unread after it', async () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(OPEN_C1);
    for (let seq = 1; seq <= 4; seq++) socket.receive(msg('c1', seq));
    await settle();
    h.client.read('c1', 3);
    h.client.read('c1', 2);
    expect(socket.framesOf('read')).toEqual([{ t: 'read', conv: 'c1', seq: 3 }]);
    expect(socket.framesOf('ack')).toEqual([{ t: 'ack', conv: 'c1', seq: 4 }]);
    expect(h.client.conversations()[0]).toMatchObject({ readSeq: 3, unread: 1 });
  });

  it('marks my entries read by others from receipts', () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(OPEN_C1);
    socket.receive(msg('c1', 1, { from: { role: 'visitor', id: 'v1' } }));
    socket.receive(msg('c1', 2, { from: { role: 'visitor', id: 'v1' } }));
    socket.receive({ t: 'receipt', conv: 'c1', from: { role: 'agent', id: 'a1' }, read: 1 });
    expect(h.client.timeline('c1').map((i) => i.state === 'stored' && i.readByOthers)).toEqual([true, false]);
    expect(h.client.conversations()[0]!.readByOthersSeq).toBe(1);
  });

  it('shows the queue position and clears it when an agent is assigned', () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(welcome({ conversations: [{ id: 'c1', lastSeq: 0, status: 'queued' }] }));
    socket.receive({ t: 'queue', conv: 'c1', position: 2, etaSec: 120 });
    expect(h.client.conversations()[0]).toMatchObject({ status: 'queued', queue: { position: 2, etaSec: 120 } });
    socket.receive(msg('c1', 1, { kind: 'event', from: { role: 'system', id: 'routing' }, data: { event: 'assigned', agentId: 'a1' } }));
    expect(h.client.conversations()[0]).toMatchObject({ status: 'open' });
    expect(h.client.conversations()[0]!.queue).toBeUndefined();
  });

  it('keeps conversation updates for agents, with the conv frame as received', () => {
    const h = harness({ role: 'agent' });
    h.client.start();
    const socket = h.accept();
    const view = { id: 'c9', status: 'open', assignee: 'a1', team: null, lastSeq: 4, priority: 'high' } as const;
    socket.receive({ t: 'conv', conv: view });
    expect(h.client.agentId).toBe('a1');
    expect(h.client.conversations()).toEqual([expect.objectContaining({ id: 'c9', status: 'open', assignee: 'a1', lastSeq: 4, view })]);
    expect(socket.framesOf('sync')).toEqual([]);
    const announced: number[] = [];
    h.client.on('message', (m) => announced.push(m.seq));
    h.client.sync('c9');
    expect(socket.framesOf('sync')).toEqual([{ t: 'sync', conv: 'c9', after: 0, limit: 500 }]);
    // Opening a conversation fills its history: that is not news.
    socket.receive(msg('c9', 1, { from: { role: 'visitor', id: 'v1' } }));
    socket.receive(msg('c9', 2, { from: { role: 'visitor', id: 'v1' } }));
    socket.receive({ t: 'synced', conv: 'c9', upTo: 2, more: false });
    socket.receive(msg('c9', 3, { from: { role: 'visitor', id: 'v1' } }));
    expect(announced).toEqual([3]);
  });

  it('batches change events per task and names the conversations that changed', async () => {
    const h = harness();
    const changes: string[][] = [];
    h.client.on('change', (e) => changes.push(e.convs));
    h.client.start();
    const socket = h.accept(OPEN_C1);
    await settle();
    changes.length = 0;
    socket.receive(msg('c1', 1));
    socket.receive(msg('c1', 2));
    socket.receive(msg('c2', 1));
    await settle();
    expect(changes).toEqual([['c1', 'c2']]);
  });

  it(`keeps the last ${STORED_ENTRIES_PER_CONV} entries per conversation in storage, and pages older ones back with loadOlder`, async () => {
    const storage = new MemoryStorage();
    const h = harness({ storage });
    h.client.start();
    const socket = h.accept(OPEN_C1);
    for (let seq = 1; seq <= 620; seq++) socket.receive(msg('c1', seq));
    h.client.stop();

    const reloaded = harness({ storage });
    expect(reloaded.client.timeline('c1')).toHaveLength(STORED_ENTRIES_PER_CONV);
    expect(reloaded.client.conversations()[0]).toMatchObject({ heldSeq: 620, hasOlder: true });
    reloaded.client.start();
    reloaded.last().open();
    expect(reloaded.last().sent[0]).toMatchObject({ resume: { c1: 620 } });
    reloaded.last().receive(welcome({ conversations: [{ id: 'c1', lastSeq: 620, status: 'open' }] }));
    expect(reloaded.last().framesOf('sync')).toEqual([]);
    expect(reloaded.client.loadOlder('c1')).toBe(true);
    expect(reloaded.last().framesOf('sync')).toEqual([{ t: 'sync', conv: 'c1', after: 0, limit: 120 }]);
    for (let seq = 1; seq <= 120; seq++) reloaded.last().receive(msg('c1', seq));
    reloaded.last().receive({ t: 'synced', conv: 'c1', upTo: 120, more: false });
    expect(seqs(reloaded.client.timeline('c1'))).toEqual(Array.from({ length: 620 }, (_, i) => i + 1));
    expect(reloaded.client.conversations()[0]!.hasOlder).toBe(false);
    expect(reloaded.client.loadOlder('c1')).toBe(false);
  });
});
