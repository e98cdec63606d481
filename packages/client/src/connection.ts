// One WebSocket connection: frames in and out, the app-level ping, and a single close report.
import { parseServerFrame, SUBPROTOCOL_JSON, type ClientFrame, type FrameProblem, type ServerFrame } from '@kefu/protocol';
import type { WebSocketConstructor, WebSocketLike } from './types.js';

/** Close code the client reports when it gives up on a link itself (no pong, no welcome). */
export const LOST_CLOSE_CODE = 1006;
/** Sent to the server when the client drops a link it believes dead (4000..4999 is the app range). */
const DEAD_LINK_CODE = 4000;
const OPEN = 1;

export interface ConnectionHandlers {
  open(): void;
  frame(frame: ServerFrame): void;
  badFrame(problem: FrameProblem): void;
  /** Called once per connection, unless it was closed with `close()`. */
  closed(code: number, reason: string): void;
}

export class Connection {
  private readonly socket: WebSocketLike;
  private done = false;
  private pingTimer: ReturnType<typeof setTimeout> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private welcomeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    WebSocketClass: WebSocketConstructor,
    url: string,
    /** Ping interval and pong deadline; 0 turns both off. */
    private readonly pingMs: number,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.socket = new WebSocketClass(url, SUBPROTOCOL_JSON);
    const s = this.socket as unknown as {
      onopen: () => void;
      onmessage: (event: { data?: unknown }) => void;
      onclose: (event: { code?: number; reason?: string }) => void;
      onerror: () => void;
    };
    s.onopen = () => !this.done && this.handlers.open();
    s.onmessage = (event) => !this.done && this.receive(event.data);
    s.onclose = (event) => this.finish(event.code ?? LOST_CLOSE_CODE, event.reason ?? '');
    // An error is always followed by a close event, which is where it is handled.
    s.onerror = () => {};
    // A socket that opens but never welcomes (a hung server or proxy) must not wait forever.
    if (pingMs > 0) this.welcomeTimer = setTimeout(() => this.drop('no welcome'), Math.max(pingMs, 10_000));
  }

  get isOpen(): boolean {
    return !this.done && this.socket.readyState === OPEN;
  }

  /** Sends a frame when the socket is open; false when it is not. */
  send(frame: ClientFrame): boolean {
    if (!this.isOpen) return false;
    try {
      this.socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** The hello was accepted: from now on the link is watched with pings. */
  welcomed(): void {
    clearTimeout(this.welcomeTimer);
    this.schedulePing();
  }

  /** Closes without reporting back (stop()). */
  close(code: number, reason: string): void {
    if (this.done) return;
    this.done = true;
    this.clearTimers();
    try {
      this.socket.close(code, reason);
    } catch {
      // Closing a socket that never opened may throw in some browsers; it is gone either way.
    }
  }

  /**
   * Gives up on a link that looks dead. A browser may take minutes to notice a dead TCP
   * connection and fire `close`, so the client reports the loss now rather than wait for it.
   */
  drop(reason: string): void {
    if (this.done) return;
    try {
      this.socket.close(DEAD_LINK_CODE, reason);
    } catch {
      // Same as in close().
    }
    this.finish(LOST_CLOSE_CODE, reason);
  }

  private receive(data: unknown): void {
    const text = typeof data === 'string' ? data : data instanceof Uint8Array ? new TextDecoder().decode(data) : undefined;
    if (text === undefined) {
      this.handlers.badFrame({ code: 'bad_frame', message: 'binary frame from server', fatal: false });
      return;
    }
    const parsed = parseServerFrame(text);
    if (!parsed.ok) {
      this.handlers.badFrame(parsed.problem);
      return;
    }
    if (parsed.frame.t === 'pong' && this.pongTimer !== undefined) {
      clearTimeout(this.pongTimer);
      this.pongTimer = undefined;
      this.schedulePing();
    }
    this.handlers.frame(parsed.frame);
  }

  private schedulePing(): void {
    if (this.pingMs <= 0 || this.done) return;
    this.pingTimer = setTimeout(() => {
      if (!this.send({ t: 'ping' })) return;
      // The next ping goes out once this one is answered.
      this.pongTimer = setTimeout(() => this.drop('no pong'), this.pingMs);
    }, this.pingMs);
  }

  private finish(code: number, reason: string): void {
    if (this.done) return;
    this.done = true;
    this.clearTimers();
    this.handlers.closed(code, reason);
  }

  private clearTimers(): void {
    clearTimeout(this.pingTimer);
    clearTimeout(this.pongTimer);
    clearTimeout(this.welcomeTimer);
  }
}
