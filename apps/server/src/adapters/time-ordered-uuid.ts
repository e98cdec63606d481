// UUIDs that sort by creation time (RFC 9562 version 7): 48 bits of Unix milliseconds, then random
// bits. As keys of an index, new ids land beside each other at its end, so a batch of inserts dirties
// one or two index pages instead of a random page each.
import { randomFillSync } from 'node:crypto';

const bytes = new Uint8Array(16);

/** A version 7 UUID for this moment, in the canonical lowercase form. */
export function timeOrderedUuid(nowMs: number = Date.now()): string {
  randomFillSync(bytes, 6, 10);
  let ms = Math.max(0, Math.trunc(nowMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
