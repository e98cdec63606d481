import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeWebSocket, msg, welcome } from './fake-socket.js';
import { harness, settle } from './setup.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('KefuClient connection', () => {
  it('says hello with the subprotocol, stores the visitor token and reports status', () => {
    const h = harness();
    const statuses: string[] = [];
    h.client.on('status', (s) => statuses.push(s));
    h.client.start();
    const socket = h.last();
    expect(socket.protocols).toBe('kefu.v1.json');
    socket.open();
    expect(socket.sent[0]).toEqual({ t: 'hello', v: 1, role: 'visitor', widgetKey: 'wk' });
    socket.receive(welcome());
    expect(statuses).toEqual(['connecting', 'open']);
    expect(h.client.visitorId).toBe('v1');
    expect(h.client.epoch).toBe('E1');
    expect(h.storage.getItem('kefu:visitorToken')).toBe('tok-1');
  });

  it('reconnects with exponential backoff and full jitter, and resumes with the token it was given', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const h = harness();
    h.client.start();
    h.accept();
    h.last().serverClose(1006);
    expect(h.client.status).toBe('waiting');
    // Caps grow 100, 200, 400, 800, 1000 (maxMs); with random ≈ 1 each delay is just under its cap.
    for (const cap of [100, 200, 400, 800, 1000, 1000]) {
      const before = h.sockets.length;
      await vi.advanceTimersByTimeAsync(cap - 2);
      expect(h.sockets.length).toBe(before);
      await vi.advanceTimersByTimeAsync(2);
      expect(h.sockets.length).toBe(before + 1);
      h.last().serverClose(1006);
    }
    await vi.advanceTimersByTimeAsync(1000);
    h.last().open();
    expect(h.last().sent[0]).toMatchObject({ t: 'hello', visitorToken: 'tok-1' });
  });

  it('starts the backoff small again after a welcome', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const h = harness();
    h.client.start();
    h.last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(100);
    h.last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(200);
    h.accept();
    h.last().serverClose(1006);
    const before = h.sockets.length;
    await vi.advanceTimersByTimeAsync(100);
    expect(h.sockets.length).toBe(before + 1);
  });

  it('honours a reconnect frame: waits afterMs plus jitter before reconnecting, then resumes', async () => {
    const h = harness();
    h.client.start();
    const socket = h.accept();
    socket.receive(msg('c1', 1));
    socket.receive({ t: 'reconnect', afterMs: 3000, reason: 'drain' });
    socket.serverClose(4503);
    expect(h.client.status).toBe('waiting');
    await vi.advanceTimersByTimeAsync(3000 + 49);
    expect(h.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // jitter: 0.5 × minMs
    expect(h.sockets).toHaveLength(2);
    h.last().open();
    expect(h.last().sent[0]).toMatchObject({ t: 'hello', resume: { c1: 1 } });
  });

  it('stops on close 1000, 4400 and 4403, reporting the last two as errors', async () => {
    for (const [code, error] of [
      [1000, undefined],
      [4400, 'bad_frame'],
      [4403, 'forbidden'],
    ] as const) {
      const h = harness();
      const errors: unknown[] = [];
      h.client.on('error', (e) => errors.push(e));
      h.client.start();
      h.accept().serverClose(code);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(h.client.status).toBe('idle');
      expect(h.sockets).toHaveLength(1);
      expect(errors).toEqual(error === undefined ? [] : [expect.objectContaining({ code: error, closeCode: code })]);
    }
  });

  it('on 4401 drops the stored visitor token once and retries as a new visitor; a second 4401 stops', async () => {
    const h = harness();
    const errors: Array<{ code: string; closeCode?: number }> = [];
    h.client.on('error', (e) => errors.push(e));
    h.client.start();
    h.accept();
    h.last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(1000);
    h.last().open();
    expect(h.last().sent[0]).toMatchObject({ visitorToken: 'tok-1' });
    h.last().receive({ t: 'error', code: 'unauthorized', message: 'unknown visitor' });
    h.last().serverClose(4401);
    expect(errors.filter((e) => e.closeCode === 4401)).toEqual([expect.objectContaining({ code: 'unauthorized' })]);
    expect(h.storage.getItem('kefu:visitorToken')).toBeNull();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sockets).toHaveLength(3);
    h.last().open();
    expect(h.last().sent[0]).not.toHaveProperty('visitorToken');
    h.last().serverClose(4401);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(3);
    expect(h.client.status).toBe('idle');
  });

  it('drops what it holds of another visitor when the welcome names a new one, and keeps the outbox', async () => {
    const h = harness();
    h.client.start();
    h.accept(welcome({ conversations: [{ id: 'c1', lastSeq: 1, status: 'open' }] })).receive(msg('c1', 1));
    h.last().serverClose(4401);
    const id = h.client.send('typed before the new visitor');
    await vi.advanceTimersByTimeAsync(0);
    const socket = h.accept(welcome({ visitorId: 'v2', visitorToken: 'tok-2' }));
    expect(h.client.visitorId).toBe('v2');
    expect(h.client.conversations()).toEqual([]);
    expect(socket.framesOf('send')).toEqual([{ t: 'send', id, text: 'typed before the new visitor' }]);
    expect(h.storage.getItem('kefu:visitorToken')).toBe('tok-2');
  });

  it('on 4401 an agent stops and reports unauthorized', async () => {
    const h = harness({ role: 'agent' });
    const errors: Array<{ code: string }> = [];
    h.client.on('error', (e) => errors.push(e));
    h.client.start();
    h.last().open();
    h.last().serverClose(4401);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.client.status).toBe('idle');
    expect(errors).toEqual([expect.objectContaining({ code: 'unauthorized', closeCode: 4401 })]);
  });

  it('on 4429 waits retryAfterMs of the last error before reconnecting', async () => {
    const h = harness();
    h.client.start();
    const socket = h.accept();
    socket.receive({ t: 'error', code: 'rate_limited', message: 'slow down', retryAfterMs: 2500 });
    socket.serverClose(4429);
    await vi.advanceTimersByTimeAsync(2499);
    expect(h.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.sockets).toHaveLength(2);
  });

  it('stop() closes with 1000 and does not reconnect', async () => {
    const h = harness();
    h.client.start();
    const socket = h.accept();
    h.client.stop();
    expect(socket.closedWith).toBe(1000);
    expect(h.client.status).toBe('idle');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(1);
  });

  it('pings every pingMs, and drops and reconnects a link whose pong does not come', async () => {
    const h = harness({ pingMs: 1000 });
    h.client.start();
    const socket = h.accept();
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.framesOf('ping')).toHaveLength(1);
    socket.receive({ t: 'pong' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.framesOf('ping')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(h.client.status).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.closedWith).toBe(4000);
    expect(h.client.status).toBe('waiting');
    await vi.advanceTimersByTimeAsync(100);
    expect(h.sockets).toHaveLength(2);
  });

  it('gives up on a socket that opens but never welcomes', async () => {
    const fake = fakeWebSocket();
    const h = harness({ pingMs: 1000, fake });
    h.client.start();
    h.last().open();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.client.status).toBe('waiting');
  });

  it('throttles typing on to one frame per 2 s per conversation, and sends off at once', async () => {
    const h = harness();
    h.client.start();
    const socket = h.accept();
    h.client.typing('c1', true);
    h.client.typing('c1', true);
    h.client.typing('c2', true);
    h.client.typing('c1', false);
    await vi.advanceTimersByTimeAsync(1999);
    h.client.typing('c1', true);
    await vi.advanceTimersByTimeAsync(1);
    h.client.typing('c1', true);
    expect(socket.framesOf('typing')).toEqual([
      { t: 'typing', conv: 'c1', on: true },
      { t: 'typing', conv: 'c2', on: true },
      { t: 'typing', conv: 'c1', on: false },
      { t: 'typing', conv: 'c1', on: true },
    ]);
  });

  it('shows others typing until they stop, write, or go quiet for 6 s', async () => {
    const h = harness();
    h.client.start();
    const socket = h.accept(welcome({ conversations: [{ id: 'c1', lastSeq: 0, status: 'open' }] }));
    const agent = { role: 'agent', id: 'a1', name: 'Ann' } as const;
    socket.receive({ t: 'typing', conv: 'c1', from: agent, on: true });
    expect(h.client.conversations()[0]!.typing).toEqual([agent]);
    socket.receive(msg('c1', 1));
    expect(h.client.conversations()[0]!.typing).toEqual([]);
    socket.receive({ t: 'typing', conv: 'c1', from: agent, on: true });
    await vi.advanceTimersByTimeAsync(6001);
    expect(h.client.conversations()[0]!.typing).toEqual([]);
    await settle();
  });
});
