// What the client does after its connection closed, by close code (PROTOCOL.md, adviceForClose).
import { adviceForClose, CloseCode } from '@kefu/protocol';
import type { ClientError } from './types.js';

export interface CloseContext {
  role: 'visitor' | 'agent';
  /** A 4401 was already answered by starting over as a new visitor since the last welcome. */
  authRetried: boolean;
  /** From a `reconnect` frame: afterMs plus jitter. */
  serverDelayMs: number | undefined;
  /** From the last `error` frame that had one. */
  lastRetryAfterMs: number | undefined;
  backoff: () => number;
}

export type CloseDecision =
  | { kind: 'stop'; error?: ClientError }
  | { kind: 'reconnect'; delayMs: number; error?: ClientError; newVisitor?: boolean };

export function decideAfterClose(code: number, ctx: CloseContext): CloseDecision {
  switch (adviceForClose(code)) {
    case 'stop':
      if (code === CloseCode.Normal) return { kind: 'stop' };
      return {
        kind: 'stop',
        error: { code: code === CloseCode.Forbidden ? 'forbidden' : 'bad_frame', message: `closed by the server (${code})`, closeCode: code },
      };
    case 'reauthenticate': {
      const error: ClientError = { code: 'unauthorized', message: `not authenticated (${code})`, closeCode: code };
      // A visitor's stored token may be stale (a wiped server, another inbox): a new visitor beats
      // none. Once only, so that a refused identity cannot spin. An agent needs a new token first.
      if (ctx.role === 'visitor' && !ctx.authRetried) return { kind: 'reconnect', delayMs: 0, error, newVisitor: true };
      return { kind: 'stop', error };
    }
    case 'wait':
      return { kind: 'reconnect', delayMs: ctx.lastRetryAfterMs ?? ctx.backoff() };
    case 'reconnect':
      return { kind: 'reconnect', delayMs: ctx.serverDelayMs ?? ctx.backoff() };
  }
}
