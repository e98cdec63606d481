import { afterEach, describe, expect, it } from 'vitest';
import { asConversationId, asTenantId } from '../domain/ids.js';
import { createLogger } from '../log.js';
import type { AckMove } from '../ports/cursor-store.js';
import type { Store } from '../ports/store.js';
import { AckBuffer } from './ack-buffer.js';

/** A store whose cursor writes wait to be let go, so the test sees how many are in flight at once. */
function heldStore() {
  const written = new Map<string, number>();
  const held: Array<() => void> = [];
  const chunks: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const store = {
    moveAckCursors: (acks: AckMove[]) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      chunks.push(acks.length);
      return new Promise((resolve) => {
        held.push(() => {
          inFlight -= 1;
          for (const a of acks) written.set(`${a.conversationId}/${a.participant.id}`, a.ackSeq);
          resolve(acks.length);
        });
      });
    },
  } as unknown as Store;
  const releaseAll = async () => {
    while (held.length > 0 || inFlight > 0) {
      for (const release of held.splice(0)) release();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { store, written, chunks, releaseAll, mostInFlight: () => mostInFlight };
}

describe('AckBuffer', () => {
  let buffer: AckBuffer | undefined;
  afterEach(async () => {
    await buffer?.close();
  });

  it('writes the highest ack per participant, a hundred cursors a write, one write at a time', async () => {
    const s = heldStore();
    buffer = new AckBuffer(s.store, createLogger('silent'), 60_000);
    const tenantId = asTenantId('t');
    for (let i = 0; i < 250; i++) {
      for (const seq of [3, 9, 5]) {
        buffer.note({ tenantId, conversationId: asConversationId(`c${i}`), participant: { role: 'agent', id: 'a1' }, ackSeq: seq });
      }
    }
    const flushed = buffer.flush();
    // A flush asked for while one runs is the same flush.
    const again = buffer.flush();
    await s.releaseAll();
    await flushed;
    expect(again).toBe(flushed);
    expect(s.written.size).toBe(250);
    expect([...s.written.values()].every((seq) => seq === 9)).toBe(true);
    expect(s.chunks).toEqual([100, 100, 50]);
    expect(s.mostInFlight()).toBe(1);
  });
});
