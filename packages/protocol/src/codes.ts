// Error codes and WebSocket close codes of protocol v1, with what a client should do.
import type { ErrorCode } from './frames.js';

export const ERROR_CODES: readonly ErrorCode[] = [
  'bad_frame',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'too_large',
  'unavailable',
  'internal',
];

export const CloseCode = {
  /** Normal close: do not reconnect. */
  Normal: 1000,
  /** Going away (server shutting down or page leaving): reconnect and resume. */
  GoingAway: 1001,
  /** Connection lost without a close frame: reconnect and resume. */
  Abnormal: 1006,
  /** Server error: reconnect with backoff and resume. */
  ServerError: 1011,
  /** Service restart: reconnect with backoff and resume. */
  Restart: 1012,
  /** Protocol violation: fix the client; do not retry the same frame. */
  ProtocolViolation: 4400,
  /** Not authenticated: get a new token, then reconnect. */
  NotAuthenticated: 4401,
  /** Forbidden: do not reconnect. */
  Forbidden: 4403,
  /** Rate limited: reconnect after the delay of the last error. */
  RateLimited: 4429,
  /** Drain or rebalance: reconnect after `afterMs`, resume. */
  Reconnect: 4503,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export type CloseAdvice = 'stop' | 'reconnect' | 'reauthenticate' | 'wait';

/** What a client should do after the server closed with `code`. */
export function adviceForClose(code: number): CloseAdvice {
  switch (code) {
    case CloseCode.Normal:
    case CloseCode.ProtocolViolation:
    case CloseCode.Forbidden:
      return 'stop';
    case CloseCode.NotAuthenticated:
      return 'reauthenticate';
    case CloseCode.RateLimited:
      return 'wait';
    default:
      return 'reconnect';
  }
}
