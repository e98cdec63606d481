import { describe, expect, it } from 'vitest';
import { type CloseAdvice, CloseCode, ERROR_CODES, adviceForClose } from './codes.js';

// The close code table of PROTOCOL.md, row by row.
const TABLE: [number, CloseAdvice, string][] = [
  [1000, 'stop', 'normal close: not reconnect'],
  [1001, 'reconnect', 'going away: reconnect with backoff and resume'],
  [1006, 'reconnect', 'lost: reconnect with backoff and resume'],
  [1011, 'reconnect', 'server error: reconnect with backoff and resume'],
  [1012, 'reconnect', 'restart: reconnect with backoff and resume'],
  [4400, 'stop', 'protocol violation: fix the client, not retry'],
  [4401, 'reauthenticate', 'not authenticated: get a new token, then reconnect'],
  [4403, 'stop', 'forbidden: not reconnect'],
  [4429, 'wait', 'rate limited: reconnect after the delay in the last error'],
  [4503, 'reconnect', 'drain or rebalance: reconnect after afterMs, resume'],
];

describe('adviceForClose', () => {
  it.each(TABLE)('advises on close code %i: %s (%s)', (code, advice) => {
    expect(adviceForClose(code)).toBe(advice);
  });

  it('has a named CloseCode for every row of the table, and no other', () => {
    expect(Object.values(CloseCode).sort()).toEqual(TABLE.map(([code]) => code).sort());
  });

  it('advises reconnecting on a code the table does not list, as on a lost connection', () => {
    for (const code of [1002, 1005, 1013, 4000, 4999, 0, -1, Number.NaN]) {
      expect(adviceForClose(code)).toBe('reconnect');
    }
  });
});

describe('ERROR_CODES', () => {
  it('lists the error codes of PROTOCOL.md, each once', () => {
    expect([...ERROR_CODES]).toEqual([
      'bad_frame', 'unauthorized', 'forbidden', 'not_found', 'rate_limited', 'too_large', 'unavailable', 'internal',
    ]);
  });
});
