// The WebSocket endpoint at /ws: upgrade, frame limits, rate limits, heartbeat and drain.
import { randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, parseClientFrame, SUBPROTOCOL_JSON, type ClientFrame } from '@kefu/protocol';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Config } from '../config.js';
import { isAppError } from '../domain/app-error.js';
import type { Logger } from '../log.js';
import { AckBuffer } from './ack-buffer.js';
import { Connection } from './connection.js';
import { Hub } from './hub.js';
import { handleFrame, type SessionDeps } from './session.js';
import { reconnectDelayMs } from './reconnect-delay.js';
import { UnassignedList } from './unassigned-list.js';
import { ConversationCache } from './conversation-cache.js';

const HEARTBEAT_SLICES = 25;
let nextSlice = 0;

export type GatewayConfig = Pick<
  Config,
  | 'maxFrameBytes'
  | 'heartbeatMs'
  | 'helloTimeoutMs'
  | 'ratePerSec'
  | 'rateBurst'
  | 'rateStrikes'
  | 'sendHighWaterBytes'
  | 'wsDeflate'
  | 'reconnectAfterMs'
>;

export class WsGateway {
  readonly hub = new Hub();
  private readonly wss: WebSocketServer;
  private readonly heartbeat: NodeJS.Timeout;
  private draining = false;
  private readonly unsubscribe: () => void;
  private readonly sessionDeps: SessionDeps;
  private readonly acks: AckBuffer;
  private readonly unassigned: UnassignedList;
  private readonly conversations: ConversationCache;

  constructor(
    private readonly config: GatewayConfig,
    deps: Omit<SessionDeps, 'hub' | 'acks' | 'unassigned' | 'conversations' | 'heartbeatMs' | 'sendHighWaterBytes'>,
    private readonly log: Logger,
  ) {
    this.acks = new AckBuffer(deps.store, log);
    this.unassigned = new UnassignedList(deps.store, deps.bus);
    this.conversations = new ConversationCache(deps.store, deps.bus);
    this.sessionDeps = {
      ...deps,
      hub: this.hub,
      acks: this.acks,
      unassigned: this.unassigned,
      conversations: this.conversations,
      heartbeatMs: config.heartbeatMs,
      sendHighWaterBytes: config.sendHighWaterBytes,
    };
    this.wss = new WebSocketServer({
      noServer: true,
      // The server enforces the frame limit and UTF-8 itself, so that the client gets `too_large` or
      // `bad_frame` and 4400 rather than ws's bare 1009/1007; ws's own cap only bounds memory.
      maxPayload: Math.max(config.maxFrameBytes * 4, 1024 * 1024),
      skipUTF8Validation: true,
      perMessageDeflate: config.wsDeflate,
      clientTracking: false,
      handleProtocols: (offered) => (offered.has(SUBPROTOCOL_JSON) ? SUBPROTOCOL_JSON : false),
    });
    this.unsubscribe = deps.bus.subscribe((event) => this.hub.deliver(event));
    // Pings go out in slices spread over the interval: one sweep over tens of thousands of
    // sockets would hold the event loop for hundreds of milliseconds at once.
    this.heartbeat = setInterval(() => this.beat(), Math.max(1, Math.floor(config.heartbeatMs / HEARTBEAT_SLICES)));
    this.heartbeat.unref();
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/ws') return rejectUpgrade(socket, 404, 'Not Found');
      if (this.draining) return rejectUpgrade(socket, 503, 'Service Unavailable');
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req.socket.remoteAddress ?? null));
    });
  }

  private accept(ws: WebSocket, remoteAddress: string | null): void {
    const conn = new Connection(randomUUID(), ws, this.config, Date.now(), remoteAddress);
    conn.heartbeatSlice = nextSlice++ % HEARTBEAT_SLICES;
    this.hub.add(conn);
    conn.helloTimer = setTimeout(() => {
      if (conn.principal) return;
      conn.send({ t: 'error', code: 'unauthorized', message: `no hello within ${this.config.helloTimeoutMs} ms` });
      conn.close(CloseCode.NotAuthenticated, 'no hello');
    }, this.config.helloTimeoutMs);
    ws.on('pong', () => (conn.pingsUnanswered = 0));
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('close', () => {
      if (conn.helloTimer) clearTimeout(conn.helloTimer);
      this.hub.remove(conn);
      const p = conn.principal;
      if (p?.role === 'agent') {
        this.sessionDeps.presence.agentDisconnected(p.tenantId, p.agentId, conn.sessionId, this.sessionDeps.clock.now()).catch((error: unknown) =>
          this.log.error('presence update failed', { error }),
        );
      }
    });
    ws.on('error', (error) => this.log.debug('socket error', { sessionId: conn.sessionId, error }));
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    if (conn.closing) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (bytes.length > this.config.maxFrameBytes) {
      return this.violation(conn, 'too_large', `frame of ${bytes.length} bytes exceeds ${this.config.maxFrameBytes}`);
    }
    if (isBinary) return this.violation(conn, 'bad_frame', 'binary frames are not accepted; send JSON text');
    if (!isUtf8(bytes)) return this.violation(conn, 'bad_frame', 'frame is not valid UTF-8');

    // The size was checked above in bytes of the frame, against the configured limit.
    const parsed = parseClientFrame(bytes.toString('utf8'), { maxFrameBytes: Number.POSITIVE_INFINITY });
    if (!parsed.ok) {
      const { problem } = parsed;
      if (problem.fatal) return this.violation(conn, problem.code, problem.message);
      conn.send({ t: 'error', code: problem.code, message: problem.message, ...(problem.ref !== undefined ? { ref: problem.ref } : {}) });
      return;
    }
    const frame = parsed.frame;
    if (frame.t === 'hello' && conn.helloTimer) {
      // The hello came in time. Checking it may wait behind other connections' work (a reconnect
      // storm queues thousands); refusing it then with 4401 would send the client for a new token.
      clearTimeout(conn.helloTimer);
      conn.helloTimer = null;
    }
    const taken = conn.bucket.take(Date.now());
    if (!taken.ok) {
      conn.rateStrikes += 1;
      conn.send({
        t: 'error',
        code: 'rate_limited',
        message: 'too many frames; slow down',
        retryAfterMs: taken.retryAfterMs,
        ...(frame.t === 'send' ? { ref: frame.id } : {}),
      });
      if (conn.rateStrikes >= this.config.rateStrikes) conn.close(CloseCode.RateLimited, 'rate limited');
      return;
    }
    conn.rateStrikes = 0;
    // Frames of one connection run one after another: a send answers in the order it was made,
    // and nothing runs before hello has finished.
    conn.queue = conn.queue.then(() => this.run(conn, frame));
  }

  private async run(conn: Connection, frame: ClientFrame): Promise<void> {
    if (!conn.isOpen) return;
    try {
      await handleFrame(this.sessionDeps, conn, frame);
    } catch (error) {
      const ref = frame.t === 'send' ? { ref: frame.id } : {};
      if (isAppError(error)) {
        conn.send({ t: 'error', code: error.wireCode, message: error.message, ...ref });
        return;
      }
      this.log.error('frame failed', { sessionId: conn.sessionId, frame: frame.t, error });
      conn.send({ t: 'error', code: 'internal', message: 'internal error', ...ref });
    }
  }

  private violation(conn: Connection, code: 'bad_frame' | 'too_large', message: string): void {
    conn.send({ t: 'error', code, message });
    conn.close(CloseCode.ProtocolViolation, code);
  }

  private slice = 0;

  /** Pings one slice of the connections; every connection is pinged once per `heartbeatMs`. */
  private beat(): void {
    const slice = this.slice;
    this.slice = (this.slice + 1) % HEARTBEAT_SLICES;
    for (const conn of this.hub.connections()) {
      if (conn.heartbeatSlice !== slice) continue;
      if (conn.pingsUnanswered >= 2) {
        conn.socket.terminate();
        continue;
      }
      conn.pingsUnanswered += 1;
      conn.socket.ping();
    }
  }

  /**
   * Asks every client to reconnect elsewhere (`reconnect` + 4503) and waits up to `waitMs` for
   * them to go. New upgrades are refused from now on.
   */
  async drain(waitMs: number): Promise<void> {
    this.draining = true;
    const clients = this.hub.size;
    for (const conn of this.hub.connections()) {
      conn.send({ t: 'reconnect', afterMs: reconnectDelayMs(this.config.reconnectAfterMs, clients), reason: 'drain' });
      conn.close(CloseCode.Reconnect, 'drain');
    }
    const deadline = Date.now() + waitMs;
    while (this.hub.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const conn of this.hub.connections()) conn.socket.terminate();
  }

  /** Stops the heartbeat and writes the pending acks; call before the store closes. */
  async close(): Promise<void> {
    await this.acks.close();
    clearInterval(this.heartbeat);
    this.unsubscribe();
    this.unassigned.close();
    this.conversations.close();
    this.wss.close();
  }
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
