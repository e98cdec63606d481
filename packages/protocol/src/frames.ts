// Every frame of the Kefu wire protocol, version 1, as closed unions (see PROTOCOL.md).

export const PROTOCOL_VERSION = 1;
/** WebSocket subprotocol for JSON text frames; it must always work. */
export const SUBPROTOCOL_JSON = 'kefu.v1.json';

/**
 * Highest seq a client holds, per conversation id. As parseClientFrame returns
 * it, it has a null prototype (its keys come from the peer): read it with
 * `Object.entries` or `Object.hasOwn`, not `.hasOwnProperty`.
 */
export type ResumeMap = Record<string, number>;

export type Role = 'visitor' | 'agent' | 'bot' | 'system';
export type ConversationStatus = 'bot' | 'queued' | 'open' | 'resolved';
export type EntryKind = 'text' | 'note' | 'event' | 'card' | 'file';
/** What a client may ask to send; `note` is for agents only. */
export type SendKind = 'text' | 'note';

export interface VisitorIdentity {
  id: string;
  name?: string;
  email?: string;
  /** HMAC-SHA256(id, inbox secret), lowercase hex. */
  hash?: string;
}

// ---- client → server ----

export interface VisitorHello {
  t: 'hello';
  v: 1;
  role: 'visitor';
  widgetKey: string;
  visitorToken?: string;
  user?: VisitorIdentity;
  resume?: ResumeMap;
}

export interface AgentHello {
  t: 'hello';
  v: 1;
  role: 'agent';
  token: string;
  resume?: ResumeMap;
}

export type HelloFrame = VisitorHello | AgentHello;

export interface SendFrame {
  t: 'send';
  /** Client message id, 1..64 characters; the idempotency key of this send. */
  id: string;
  /** Visitors may leave it out: their open conversation in the inbox, or a new one. */
  conv?: string;
  text: string;
  kind?: SendKind;
  attachments?: string[];
}

export interface AckFrame {
  t: 'ack';
  conv: string;
  /** Cumulative: the client holds every entry up to this seq. */
  seq: number;
}

export interface ReadFrame {
  t: 'read';
  conv: string;
  seq: number;
}

export interface SyncFrame {
  t: 'sync';
  conv: string;
  after: number;
  limit?: number;
}

export interface TypingFrame {
  t: 'typing';
  conv: string;
  on: boolean;
}

export interface PingFrame {
  t: 'ping';
}

export type ClientFrame =
  | HelloFrame
  | SendFrame
  | AckFrame
  | ReadFrame
  | SyncFrame
  | TypingFrame
  | PingFrame;

export type ClientFrameType = ClientFrame['t'];

// ---- server → client ----

export interface ConversationSummary {
  id: string;
  lastSeq: number;
  status: ConversationStatus;
}

export interface WelcomeFrame {
  t: 'welcome';
  v: 1;
  sessionId: string;
  heartbeatMs: number;
  /** Names the store that numbered the timelines; a change means "drop and sync from 0". */
  epoch: string;
  visitorId?: string;
  visitorToken?: string;
  agentId?: string;
  conversations: ConversationSummary[];
}

export interface SentFrame {
  t: 'sent';
  id: string;
  conv: string;
  seq: number;
  msgId: string;
  at: string;
}

export interface Sender {
  role: Role;
  id: string;
  name?: string;
}

export interface MsgFrame {
  t: 'msg';
  conv: string;
  seq: number;
  msgId: string;
  at: string;
  from: Sender;
  kind: EntryKind;
  text: string;
  data?: Record<string, unknown>;
}

/** Stands in for a note in a visitor's timeline, so that it has no gap. */
export interface HiddenMsgFrame {
  t: 'msg';
  conv: string;
  seq: number;
  kind: 'hidden';
}

export interface SyncedFrame {
  t: 'synced';
  conv: string;
  /** Last seq sent in answer to the sync (or `after` when nothing was). */
  upTo: number;
  more: boolean;
}

export interface ReceiptFrame {
  t: 'receipt';
  conv: string;
  from: Sender;
  read: number;
}

export interface TypingRelayFrame {
  t: 'typing';
  conv: string;
  from: Sender;
  on: boolean;
}

export interface ConversationView {
  id: string;
  status: ConversationStatus;
  assignee: string | null;
  team: string | null;
  lastSeq: number;
  [field: string]: unknown;
}

export interface ConvFrame {
  t: 'conv';
  conv: ConversationView;
}

export interface PongFrame {
  t: 'pong';
}

/**
 * An addition to v1 (see docs/protocol-extensions.md): a visitor's place in the queue and the
 * estimated wait, sent when either changes. Clients that do not know it ignore it.
 */
export interface QueueFrame {
  t: 'queue';
  conv: string;
  /** 1 = next to be served. */
  position: number;
  /** Estimated wait in seconds, from recent waits. */
  etaSec: number;
}

export type ReconnectReason = 'drain' | 'rebalance';

export interface ReconnectFrame {
  t: 'reconnect';
  afterMs: number;
  reason: ReconnectReason;
}

export interface ErrorFrame {
  t: 'error';
  code: ErrorCode;
  message: string;
  /** The client message id of the refused send, when there is one. */
  ref?: string;
  /** After `rate_limited`: how long to wait before trying again. */
  retryAfterMs?: number;
}

export type ServerFrame =
  | WelcomeFrame
  | SentFrame
  | MsgFrame
  | HiddenMsgFrame
  | SyncedFrame
  | ReceiptFrame
  | TypingRelayFrame
  | ConvFrame
  | PongFrame
  | QueueFrame
  | ReconnectFrame
  | ErrorFrame;

export type ServerFrameType = ServerFrame['t'];

// Kept here rather than in codes.ts so frames.ts is self-contained for readers.
export type ErrorCode =
  | 'bad_frame'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'too_large'
  | 'unavailable'
  | 'internal';
