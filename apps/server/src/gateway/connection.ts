// One WebSocket connection: its principal after hello, what it watches, and a guarded send.
import { CloseCode, type ServerFrame } from '@kefu/protocol';
import type { WebSocket } from 'ws';
import type { ConversationId } from '../domain/ids.js';
import type { Principal } from '../domain/principal.js';
import { TokenBucket } from './token-bucket.js';

export interface ConnectionLimits {
  sendHighWaterBytes: number;
  ratePerSec: number;
  rateBurst: number;
}

export class Connection {
  principal: Principal | null = null;
  /** Conversations this connection receives `msg` for besides its own (visitor) or assigned (agent) ones. */
  readonly watching = new Set<ConversationId>();
  /** Which of the heartbeat's slices pings this connection. */
  heartbeatSlice = 0;
  /** Pings sent since the last pong. */
  pingsUnanswered = 0;
  /** Consecutive rate-limit refusals. */
  rateStrikes = 0;
  helloTimer: NodeJS.Timeout | null = null;
  /** Frames being handled; hello must finish before the next frame runs. */
  queue: Promise<void> = Promise.resolve();
  readonly bucket: TokenBucket;
  closing = false;

  constructor(
    readonly sessionId: string,
    readonly socket: WebSocket,
    private readonly limits: ConnectionLimits,
    nowMs: number,
    /** The peer's address as the socket sees it. */
    readonly remoteAddress: string | null = null,
  ) {
    this.bucket = new TokenBucket(limits.ratePerSec, limits.rateBurst, nowMs);
  }

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN && !this.closing;
  }

  send(frame: ServerFrame): void {
    this.sendRaw(JSON.stringify(frame));
  }

  /** Sends an already serialized frame, so fan-out serializes once for all recipients. */
  sendRaw(text: string): void {
    if (!this.isOpen) return;
    // A client that stops reading must not grow our heap without bound: past the high-water mark
    // we close with a reconnectable code; the client resumes from its last seq and loses nothing.
    if (this.socket.bufferedAmount > this.limits.sendHighWaterBytes) {
      this.close(CloseCode.Reconnect, 'send buffer full');
      this.socket.terminate();
      return;
    }
    this.socket.send(text);
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.socket.close(code, reason);
    // A peer that never answers the close handshake must not hold the socket open.
    setTimeout(() => this.socket.terminate(), 2_000).unref();
  }
}
