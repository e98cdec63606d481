// UUIDs that sort by creation time (RFC 9562 version 7): 48 bits of Unix milliseconds, then random
// bits. As keys of an index, new ids land beside each other at its end, so a batch of inserts dirties
// one or two index pages instead of a random page each.
import { randomFillSync } from 'node:crypto';

const bytes = new Uint8Array(16);
// Random bytes are drawn 4 KiB at a time: a draw per id cost more than the rest of the id.
const pool = new Uint8Array(4096);
let used = pool.length;
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** A version 7 UUID for this moment, in the canonical lowercase form. */
export function timeOrderedUuid(nowMs: number = Date.now()): string {
  if (used + 10 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  bytes.set(pool.subarray(used, used + 10), 6);
  used += 10;
  let ms = Math.max(0, Math.trunc(nowMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  let id = '';
  for (let i = 0; i < 16; i++) id += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + (HEX[bytes[i] ?? 0] ?? '');
  return id;
}
