// One WebSocket connection: its principal after hello, what it watches, and a guarded send.
import { CloseCode, type ServerFrame } from '@kefu/protocol';
import { Socket } from 'node:net';
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
  /** Highest seq of each conversation this connection was sent (as an entry, or as its own `sent`). */
  private readonly delivered = new Map<string, number>();
  /** Live entries of conversations being replayed, held until the replay says how far it got. */
  private readonly heldLive = new Map<string, Array<{ seq: number; text: string }>>();
  /** Frames for this connection between its registration and its welcome, while a hello runs. */
  private beforeWelcome: string[] | null = null;

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
    if (this.beforeWelcome) {
      this.beforeWelcome.push(text);
      return;
    }
    // A client that stops reading must not grow our heap without bound: past the high-water mark
    // we close with a reconnectable code; the client resumes from its last seq and loses nothing.
    if (this.socket.bufferedAmount > this.limits.sendHighWaterBytes) {
      this.close(CloseCode.Reconnect, 'send buffer full');
      this.socket.terminate();
      return;
    }
    this.socket.send(text);
  }

  /**
   * From now until `sendWelcome`, frames for this connection wait. A hello registers the connection
   * before it reads what the welcome lists, so that nothing published after that read passes it by;
   * what is published meanwhile must still come after the welcome, the session's first frame.
   */
  holdUntilWelcome(): void {
    this.beforeWelcome ??= [];
  }

  /** Sends the welcome, then the frames held for after it, in order. */
  sendWelcome(frame: Extract<ServerFrame, { t: 'welcome' }>): void {
    const held = this.beforeWelcome ?? [];
    this.beforeWelcome = null;
    this.send(frame);
    for (const text of held) this.sendRaw(text);
  }

  /** Drops what waits for a welcome that will not be sent (the hello failed after registering). */
  dropUntilWelcome(): void {
    this.beforeWelcome = null;
  }

  /**
   * From now until `releaseLive`, live entries of the conversation are held back instead of sent.
   * Called before a replay's read (for a hello, before the connection is registered): an entry
   * appended meanwhile reaches the client once, from the replay or after it, never from both.
   */
  holdLive(conversationId: string): void {
    if (!this.heldLive.has(conversationId)) this.heldLive.set(conversationId, []);
  }

  /** Sends a live entry of a conversation, or holds it while that conversation is replayed. */
  sendEntry(conversationId: string, seq: number, text: string): void {
    const held = this.heldLive.get(conversationId);
    if (held) held.push({ seq, text });
    else this.sendEntryNow(conversationId, seq, text);
  }

  /** Sends an entry past any hold (the replay's own, or a held one let go) and records it as delivered. */
  sendEntryNow(conversationId: string, seq: number, text: string): void {
    this.sendRaw(text);
    this.noteDelivered(conversationId, seq);
  }

  /** Records that the client was given the conversation up to `seq` (an entry, or its own `sent`). */
  noteDelivered(conversationId: string, seq: number): void {
    if (seq > (this.delivered.get(conversationId) ?? 0)) this.delivered.set(conversationId, seq);
  }

  /**
   * True when this connection was sent the conversation's entry `seq` or a later one: the client
   * could see the conversation then, and `seq` exists, which is all an ack needs checked.
   */
  wasDelivered(conversationId: string, seq: number): boolean {
    return seq <= (this.delivered.get(conversationId) ?? 0);
  }

  /** Ends the hold: sends, in order, the held entries the replay did not (those after `upTo`). */
  releaseLive(conversationId: string, upTo: number): void {
    const held = this.heldLive.get(conversationId);
    if (!held) return;
    this.heldLive.delete(conversationId);
    for (const entry of held) if (entry.seq > upTo) this.sendEntryNow(conversationId, entry.seq, entry.text);
  }

  /**
   * Holds this socket's writes until `work` settles, then writes them together: a hello answers
   * with a welcome, then `synced` (and any replayed entries) per resumed conversation, and each frame
   * written alone costs a system call of its own. In a reconnect storm those calls were the largest
   * single cost of a hello (bench/FINDINGS.md).
   */
  async corked<T>(work: () => Promise<T>): Promise<T> {
    const tcp = tcpOf(this.socket);
    tcp?.cork();
    try {
      return await work();
    } finally {
      tcp?.uncork();
    }
  }

  /**
   * Writes what a `corked` section holds so far: whoever waits for the socket to drain calls it
   * first. (`ws` corks only within one synchronous send, so a cork seen here is a `corked` section's.)
   */
  flush(): void {
    const tcp = tcpOf(this.socket);
    if (!tcp || tcp.writableCorked === 0) return;
    tcp.uncork();
    tcp.cork();
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

/**
 * The TCP socket under a `ws` WebSocket. `ws` keeps it in a field of its own without a public
 * accessor; without it (another WebSocket implementation) writes simply are not batched.
 */
function tcpOf(socket: WebSocket): Pick<Socket, 'cork' | 'uncork' | 'writableCorked'> | undefined {
  const tcp = (socket as unknown as { _socket?: unknown })._socket;
  return tcp instanceof Socket ? tcp : undefined;
}
