import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { Connection } from './connection.js';

/** Just enough of a ws socket: open, never backed up, records what is sent. */
function fakeSocket(): { socket: WebSocket; sent: string[] } {
  const sent: string[] = [];
  const socket = { OPEN: 1, readyState: 1, bufferedAmount: 0, send: (text: string) => void sent.push(text) };
  return { socket: socket as unknown as WebSocket, sent };
}

const limits = { sendHighWaterBytes: 1 << 20, ratePerSec: 100, rateBurst: 100 };

/** A connection on a fake socket, and what it sent. */
function open(): { conn: Connection; sent: string[] } {
  const { socket, sent } = fakeSocket();
  return { conn: new Connection('s1', socket, limits, 0), sent };
}

describe('Connection live entries during a replay', () => {
  it('holds a replayed conversation\'s live entries and sends only those the replay did not', () => {
    const { conn, sent } = open();
    conn.holdLive('c1');
    conn.sendEntry('c1', 3, 'c1#3');
    conn.sendEntry('other', 7, 'other#7');
    conn.sendEntry('c1', 4, 'c1#4');
    // Another conversation is not held; the replayed one waits.
    expect(sent).toEqual(['other#7']);
    // The replay sent up to 3 itself: only 4 is left to send, once.
    conn.releaseLive('c1', 3);
    expect(sent).toEqual(['other#7', 'c1#4']);
    conn.sendEntry('c1', 5, 'c1#5');
    expect(sent).toEqual(['other#7', 'c1#4', 'c1#5']);
  });

  it('sends everything held after the point the client resumed from when the replay fails', () => {
    const { conn, sent } = open();
    conn.holdLive('c1');
    conn.sendEntry('c1', 2, 'c1#2');
    conn.sendEntry('c1', 3, 'c1#3');
    conn.releaseLive('c1', 2);
    expect(sent).toEqual(['c1#3']);
    // Releasing again, or a conversation never held, sends nothing.
    conn.releaseLive('c1', 0);
    conn.releaseLive('never', 0);
    expect(sent).toEqual(['c1#3']);
  });
});

describe('Connection delivered seqs', () => {
  it('knows what it was sent, live or released after a replay, and nothing else', () => {
    const { conn } = open();
    expect(conn.wasDelivered('c1', 1)).toBe(false);
    conn.sendEntry('c1', 4, 'c1#4');
    expect(conn.wasDelivered('c1', 4)).toBe(true);
    expect(conn.wasDelivered('c1', 5)).toBe(false);
    conn.holdLive('c2');
    conn.sendEntry('c2', 7, 'c2#7');
    // Held, not sent: not delivered yet.
    expect(conn.wasDelivered('c2', 7)).toBe(false);
    conn.releaseLive('c2', 6);
    expect(conn.wasDelivered('c2', 7)).toBe(true);
    // A replay or a `sent` answer records its own.
    conn.noteDelivered('c3', 2);
    expect(conn.wasDelivered('c3', 2)).toBe(true);
    expect(conn.wasDelivered('other', 1)).toBe(false);
  });
});
