// The public types of @kefu/client: options, timeline items, conversation state, events.
import type {
  AgentHello,
  ConversationStatus,
  ConversationView,
  EntryKind,
  Sender,
  SendKind,
  VisitorHello,
  WelcomeFrame,
} from '@kefu/protocol';

/** What `window.localStorage` offers; the client needs nothing more. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A visitor's hello without `resume` (the client adds it); `visitorToken` is filled from storage. */
export type VisitorHelloBase = Omit<VisitorHello, 't' | 'v' | 'resume'> & { t?: 'hello'; v?: 1 };
/** An agent's hello without `resume`. */
export type AgentHelloBase = Omit<AgentHello, 't' | 'v' | 'resume'> & { t?: 'hello'; v?: 1 };
export type HelloBase = VisitorHelloBase | AgentHelloBase;

/**
 * The part of a WebSocket the client uses: the browser's and the `ws` package's both fit.
 * Handlers take `never` so that either implementation's event type is accepted; the client
 * reads only `data` of a message event and `code` of a close event.
 */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface KefuClientOptions {
  /** `ws(s)://host/ws`. */
  url: string;
  /** Called at every connect, so a refreshed agent token is picked up. */
  hello: () => HelloBase;
  /** Default: in memory, so nothing survives a reload. Browsers pass `window.localStorage`. */
  storage?: KeyValueStorage;
  /** Prefix of every storage key. Default `'kefu'`. */
  storageKey?: string;
  /** Default `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Reconnect delays: exponential with full jitter. Default 500..30000 ms. */
  backoff?: { minMs?: number; maxMs?: number };
  /** App-level ping interval and pong deadline, in ms. Default 20000; 0 turns pings off. */
  pingMs?: number;
  /** Clock in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

export type ClientStatus = 'idle' | 'connecting' | 'open' | 'waiting';

export interface SendOptions {
  /** Required for agents. A visitor without it writes to its open conversation, or starts one. */
  conv?: string;
  /** `note` is for agents only. Default `text`. */
  kind?: SendKind;
  /** Ids from the upload API. */
  attachments?: string[];
}

export interface StoredItem {
  state: 'stored';
  conv: string;
  seq: number;
  msgId: string;
  at: string;
  from: Sender;
  kind: EntryKind | 'hidden';
  text: string;
  data?: Record<string, unknown>;
  /** Sent by this visitor or agent (from any tab or device). */
  mine: boolean;
  /** Another participant's read receipt reached this seq. */
  readByOthers: boolean;
}

export interface PendingItem {
  state: 'sending' | 'failed';
  /** Null for a visitor's send without a conversation. */
  conv: string | null;
  /** The client message id, as `send()` returned it. */
  id: string;
  text: string;
  kind: SendKind;
  attachments?: string[];
  createdAt: string;
  /** For `failed`: the server's error code. */
  error?: string;
}

export type TimelineItem = StoredItem | PendingItem;

export interface QueuePlace {
  /** 1 = next to be served. */
  position: number;
  etaSec: number;
  /** When the `queue` frame arrived (client clock, ms). */
  at: number;
}

export interface ConversationState {
  id: string;
  status: ConversationStatus;
  /** Highest seq known: from welcome, conv frames, or held entries. */
  lastSeq: number;
  /** Highest seq up to which every entry is held. */
  heldSeq: number;
  /** Older entries exist than those held; `loadOlder(conv)` fetches them. */
  hasOlder: boolean;
  /** My read cursor. */
  readSeq: number;
  /** Held entries after `readSeq` not sent by me (placeholders of notes not counted). */
  unread: number;
  queue?: QueuePlace;
  /** Others typing now. */
  typing: Sender[];
  /** Highest read cursor among the other participants' receipts. */
  readByOthersSeq: number;
  assignee?: string | null;
  team?: string | null;
  /** The last `conv` frame as received (agents), unknown fields included. */
  view?: ConversationView;
}

export interface ChangeEvent {
  /** Conversations whose timeline or state changed; may include PENDING_CONV. */
  convs: string[];
}

export interface ClientError {
  /** A protocol error code, or for a close: `unauthorized` (4401), `forbidden` (4403), `bad_frame` (4400). */
  code: string;
  message: string;
  /** The client message id of a refused send. */
  ref?: string;
  /** Set when the error is a close of the connection. */
  closeCode?: number;
}

export interface ClientEvents {
  change: ChangeEvent;
  status: ClientStatus;
  message: StoredItem;
  error: ClientError;
  welcome: WelcomeFrame;
}

export type ClientEventName = keyof ClientEvents;
