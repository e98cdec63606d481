// The one form of HTTP Range request worth serving for files: a single `bytes=` range (what video
// players and resumed downloads send).
import type { ByteRange } from '../ports/blob-store.js';

/**
 * The range asked for in a file of `size` bytes; `unsatisfiable` when it starts past the end; null
 * to send the whole file (no header, another unit, several ranges, or a malformed one, all of
 * which RFC 9110 lets a server answer with the whole representation).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const match = header === undefined ? null : /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return end < start ? null : { start, end };
}
