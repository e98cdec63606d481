import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage, PENDING_CONV } from '../src/index.js';
import { msg, SharedStorage, welcome } from './fake-socket.js';
import { harness, settle } from './setup.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const OPEN_C1 = welcome({ conversations: [{ id: 'c1', lastSeq: 0, status: 'open' }] });

function sent(id: string, seq: number, conv = 'c1') {
  return { t: 'sent', id, conv, seq, msgId: `m${seq}`, at: new Date(1_700_000_000_000 + seq).toISOString() } as const;
}

describe('KefuClient outbox', () => {
  it('sends at once when open, and moves the item into the timeline with its seq on sent', () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(OPEN_C1);
    const id = h.client.send('hi', { conv: 'c1' });
    expect(socket.framesOf('send')).toEqual([{ t: 'send', id, conv: 'c1', text: 'hi' }]);
    expect(h.client.timeline('c1')).toEqual([expect.objectContaining({ state: 'sending', id, text: 'hi', conv: 'c1' })]);
    socket.receive(sent(id, 1));
    expect(h.client.timeline('c1')).toEqual([
      expect.objectContaining({ state: 'stored', seq: 1, msgId: 'm1', text: 'hi', mine: true, from: { role: 'visitor', id: 'v1' } }),
    ]);
    expect(h.storage.getItem('kefu:outbox')).toBeNull();
  });

  it('survives a reload: a new client on the same storage shows the items and sends them in order with the same ids', () => {
    const storage = new MemoryStorage();
    const first = harness({ storage });
    const a = first.client.send('one');
    const b = first.client.send('two');
    expect(first.client.timeline(PENDING_CONV).map((i) => i.text)).toEqual(['one', 'two']);

    const second = harness({ storage });
    expect(second.client.timeline(PENDING_CONV)).toEqual([
      expect.objectContaining({ state: 'sending', id: a, text: 'one', conv: null }),
      expect.objectContaining({ state: 'sending', id: b, text: 'two', conv: null }),
    ]);
    second.client.start();
    const socket = second.accept();
    expect(socket.framesOf('send')).toEqual([
      { t: 'send', id: a, text: 'one' },
      { t: 'send', id: b, text: 'two' },
    ]);
    socket.receive(sent(a, 1, 'c7'));
    socket.receive(sent(b, 2, 'c7'));
    expect(second.client.timeline(PENDING_CONV)).toEqual([]);
    expect(second.client.timeline('c7').map((i) => i.text)).toEqual(['one', 'two']);
    expect(second.client.openConversation()).toBe('c7');
  });

  it('resends every item without sent, with the same id, after each reconnect', async () => {
    const h = harness();
    h.client.start();
    let socket = h.accept(OPEN_C1);
    const a = h.client.send('a', { conv: 'c1' });
    const b = h.client.send('b', { conv: 'c1' });
    socket.receive(sent(a, 1));
    for (let round = 0; round < 2; round++) {
      socket.serverClose(1006);
      await vi.advanceTimersByTimeAsync(1000);
      socket = h.accept(OPEN_C1);
      expect(socket.framesOf('send')).toEqual([{ t: 'send', id: b, conv: 'c1', text: 'b' }]);
    }
    // The first `sent` was lost with the connection; the repeat answers the same seq.
    socket.receive(sent(b, 2));
    socket.receive(sent(b, 2));
    expect(h.client.timeline('c1').map((i) => (i.state === 'stored' ? i.seq : i.state))).toEqual([1, 2]);
  });

  it('shows a visitor’s sends without a conversation in its open conversation', () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(OPEN_C1);
    socket.receive(msg('c1', 1));
    const id = h.client.send('into the open one');
    expect(h.client.openConversation()).toBe('c1');
    expect(h.client.timeline('c1').at(-1)).toMatchObject({ state: 'sending', id, conv: null });
    expect(h.client.timeline(PENDING_CONV)).toEqual([]);
  });

  it('marks a refused send failed, and retry() sends it again', () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(OPEN_C1);
    const id = h.client.send('hi', { conv: 'c1' });
    socket.receive({ t: 'error', code: 'forbidden', message: 'no', ref: id });
    expect(h.client.timeline('c1')).toEqual([expect.objectContaining({ state: 'failed', id, error: 'forbidden' })]);
    socket.serverClose(1006);
    h.client.retry(id);
    expect(h.client.timeline('c1')[0]).toMatchObject({ state: 'sending' });
    expect(h.client.timeline('c1')[0]).not.toHaveProperty('error');
  });

  it('does not fail a send on rate_limited, unavailable or internal: it is tried again later', async () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(OPEN_C1);
    const id = h.client.send('hi', { conv: 'c1' });
    socket.receive({ t: 'error', code: 'rate_limited', message: 'slow down', ref: id, retryAfterMs: 300 });
    expect(h.client.timeline('c1')[0]).toMatchObject({ state: 'sending' });
    await vi.advanceTimersByTimeAsync(299);
    expect(socket.framesOf('send')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.framesOf('send')).toHaveLength(2);
    // The second retry waits twice the first backoff step (minMs 100).
    socket.receive({ t: 'error', code: 'internal', message: 'oops', ref: id });
    await vi.advanceTimersByTimeAsync(199);
    expect(socket.framesOf('send')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.framesOf('send')).toHaveLength(3);
    expect(h.client.timeline('c1')[0]).toMatchObject({ state: 'sending', id });
  });

  it('shows a send with attachments as sending until the server’s entry (with the files) arrives', () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(OPEN_C1);
    const id = h.client.send('', { conv: 'c1', attachments: ['up1'] });
    expect(socket.framesOf('send')).toEqual([{ t: 'send', id, conv: 'c1', text: '', attachments: ['up1'] }]);
    socket.receive(sent(id, 1));
    expect(h.client.timeline('c1')).toEqual([expect.objectContaining({ state: 'sending', id, attachments: ['up1'] })]);
    expect(h.storage.getItem('kefu:outbox')).toBeNull();
    expect(socket.framesOf('sync')).toEqual([{ t: 'sync', conv: 'c1', after: 0, limit: 1 }]);
    const file = { attachments: [{ id: 'up1', name: 'a.png', url: 'https://files/a.png' }] };
    socket.receive(msg('c1', 1, { kind: 'file', text: '', from: { role: 'visitor', id: 'v1' }, data: file }));
    socket.receive({ t: 'synced', conv: 'c1', upTo: 1, more: false });
    expect(h.client.timeline('c1')).toEqual([expect.objectContaining({ state: 'stored', seq: 1, kind: 'file', mine: true, data: file })]);
  });

  it('fails a message too large for a frame without sending it', () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(OPEN_C1);
    const id = h.client.send('x'.repeat(70_000), { conv: 'c1' });
    expect(socket.framesOf('send')).toEqual([]);
    expect(h.client.timeline('c1')).toEqual([expect.objectContaining({ state: 'failed', id, error: 'too_large' })]);
  });

  it('requires agents to name the conversation', () => {
    const h = harness({ role: 'agent' });
    expect(() => h.client.send('hi')).toThrow(TypeError);
  });

  it('lets two tabs share one storage without losing each other’s items, and updates each tab’s view', async () => {
    const shared = new SharedStorage();
    let tab = 0;
    vi.stubGlobal('addEventListener', (type: string, listener: (event: { key: string }) => void) => {
      if (type === 'storage') shared.listen(tab, listener);
    });
    vi.stubGlobal('removeEventListener', () => {});
    const tabs = [0, 1].map((i) => {
      tab = i;
      const h = harness({ storage: shared.tab(i) });
      h.client.start();
      return h;
    });
    const [a, b] = tabs as [(typeof tabs)[0], (typeof tabs)[0]];
    const socketA = a.accept(OPEN_C1);
    b.accept(OPEN_C1);
    const fromA = a.client.send('from A', { conv: 'c1' });
    const fromB = b.client.send('from B', { conv: 'c1' });
    expect(JSON.parse(shared.items.get('kefu:outbox')!).map((i: { id: string }) => i.id)).toEqual([fromA, fromB]);
    expect(a.client.timeline('c1').map((i) => i.text)).toEqual(['from A', 'from B']);
    expect(b.client.timeline('c1').map((i) => i.text)).toEqual(['from A', 'from B']);

    socketA.receive(sent(fromA, 1));
    await vi.advanceTimersByTimeAsync(300); // A writes its timeline
    expect(b.client.timeline('c1')).toEqual([
      expect.objectContaining({ state: 'stored', seq: 1, text: 'from A', mine: true }),
      expect.objectContaining({ state: 'sending', id: fromB }),
    ]);
    expect(JSON.parse(shared.items.get('kefu:outbox')!).map((i: { id: string }) => i.id)).toEqual([fromB]);
    a.client.read('c1', 1);
    await settle();
    for (const h of tabs) h.client.stop();
  });

  it('does not send another agent’s outbox items after a different agent signs in', () => {
    const storage = new MemoryStorage();
    const h = harness({ role: 'agent', storage });
    h.client.start();
    h.accept();
    h.last().serverClose(1006);
    const id = h.client.send('by a1', { conv: 'c1' });
    h.client.stop();
    const other = harness({ role: 'agent', storage });
    other.client.start();
    const socket = other.accept(welcome({ visitorId: undefined, visitorToken: undefined, agentId: 'a2' }));
    expect(socket.framesOf('send')).toEqual([]);
    expect(other.client.timeline('c1')).toEqual([expect.objectContaining({ id, state: 'failed', error: 'forbidden' })]);
  });
});
