// A real WebSocket client for tests: collects every frame and waits for the ones a test expects.
import type { ServerFrame } from '@kefu/protocol';
import WebSocket from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

/** The last frames, cut short, for error messages that stay readable. */
function summary(frames: ServerFrame[]): string {
  return frames
    .slice(-6)
    .map((f) => JSON.stringify(f).slice(0, 200))
    .join('\n  ');
}

export class TestClient {
  readonly frames: ServerFrame[] = [];
  closed: Closed | null = null;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse((data as Buffer).toString('utf8')) as ServerFrame);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    socket.on('error', () => this.wake());
  }

  static async connect(url: string, protocol: string | null = 'kefu.v1.json'): Promise<TestClient> {
    const socket = protocol ? new WebSocket(url, protocol) : new WebSocket(url);
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.socket.send(data, { binary: options.binary ?? false });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Waits for the first frame (from index `from`) that matches; fails after `timeoutMs`. */
  async waitFor<T extends ServerFrame>(match: (f: ServerFrame) => f is T, timeoutMs?: number, from?: number): Promise<T>;
  async waitFor(match: (f: ServerFrame) => boolean, timeoutMs?: number, from?: number): Promise<ServerFrame>;
  async waitFor(match: (f: ServerFrame) => boolean, timeoutMs = 5_000, from = 0): Promise<ServerFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (this.closed) throw new Error(`closed (${this.closed.code} ${this.closed.reason}) before the expected frame; last frames:\n  ${summary(this.frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a frame; last frames:\n  ${summary(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async waitForClose(timeoutMs = 5_000): Promise<Closed> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`not closed within ${timeoutMs} ms; last frames:\n  ${summary(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closed;
  }

  /** Sends a frame and waits for the reply that matches, looking only at frames after the send. */
  async request<T extends ServerFrame>(frame: unknown, match: (f: ServerFrame) => f is T, timeoutMs?: number): Promise<T>;
  async request(frame: unknown, match: (f: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  async request(frame: unknown, match: (f: ServerFrame) => boolean, timeoutMs = 5_000): Promise<ServerFrame> {
    const from = this.frames.length;
    this.send(frame);
    return this.waitFor(match, timeoutMs, from);
  }

  close(): void {
    this.socket.close(1000);
  }
}

export const isType =
  <K extends ServerFrame['t']>(t: K) =>
  (f: ServerFrame): f is Extract<ServerFrame, { t: K }> =>
    f.t === t;
