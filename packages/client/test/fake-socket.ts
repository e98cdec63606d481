// A WebSocket double for unit tests: records what the client sends, lets a test play the server.
import type { ServerFrame } from '@kefu/protocol';
import type { KeyValueStorage, WebSocketConstructor } from '../src/index.js';

export interface SentFrame {
  t: string;
  [field: string]: unknown;
}

export class FakeSocket {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: SentFrame[] = [];
  closedWith: number | undefined;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as SentFrame);
  }

  close(code?: number): void {
    this.closedWith = code ?? 1000;
    this.readyState = 3;
  }

  // ---- the server's side ----

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(frame: ServerFrame | Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }

  framesOf(t: string): SentFrame[] {
    return this.sent.filter((f) => f.t === t);
  }
}

/** A WebSocket class whose instances a test can reach. */
export function fakeWebSocket(): { WebSocket: WebSocketConstructor; sockets: FakeSocket[]; last: () => FakeSocket } {
  const sockets: FakeSocket[] = [];
  class Tracked extends FakeSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  return {
    WebSocket: Tracked,
    sockets,
    last: () => {
      const s = sockets[sockets.length - 1];
      if (!s) throw new Error('no socket was opened');
      return s;
    },
  };
}

/** One storage seen by several tabs: a write by one tab fires `storage` in the others, as browsers do. */
export class SharedStorage {
  readonly items = new Map<string, string>();
  private readonly listeners = new Map<number, (event: { key: string }) => void>();

  tab(index: number): KeyValueStorage {
    const notify = (key: string) => {
      for (const [i, listener] of this.listeners) if (i !== index) listener({ key });
    };
    return {
      getItem: (key) => this.items.get(key) ?? null,
      setItem: (key, value) => {
        this.items.set(key, value);
        notify(key);
      },
      removeItem: (key) => {
        this.items.delete(key);
        notify(key);
      },
    };
  }

  listen(index: number, listener: (event: { key: string }) => void): void {
    this.listeners.set(index, listener);
  }
}

export function welcome(fields: Partial<Extract<ServerFrame, { t: 'welcome' }>> = {}): ServerFrame {
  return {
    t: 'welcome',
    v: 1,
    sessionId: 's1',
    heartbeatMs: 25_000,
    epoch: 'E1',
    visitorId: 'v1',
    visitorToken: 'tok-1',
    conversations: [],
    ...fields,
  };
}

export function msg(conv: string, seq: number, fields: Record<string, unknown> = {}): ServerFrame {
  return {
    t: 'msg',
    conv,
    seq,
    msgId: `m${seq}`,
    at: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    from: { role: 'agent', id: 'a1', name: 'Ann' },
    kind: 'text',
    text: `hello ${seq}`,
    ...fields,
  };
}
