// Shared steps of the protocol conformance suite: say hello, send and wait, read the store over REST.
import type { ErrorCode, ServerFrame, WelcomeFrame } from '@kefu/protocol';
import { expect } from 'vitest';
import { api } from '../support/api.js';
import { TestClient, type Closed, isType } from '../support/ws-client.js';

export interface StoredEntry {
  msgId: string;
  conv: string;
  seq: number;
  kind: string;
  text: string;
  from: { role: string; id: string; name?: string };
  data: Record<string, unknown> | null;
  clientMsgId: string;
}

export interface ConversationJson {
  id: string;
  status: string;
  assignee: string | null;
  lastSeq: number;
}

export interface Visitor {
  client: TestClient;
  welcome: WelcomeFrame;
}

export async function helloVisitor(
  wsUrl: string,
  widgetKey: string,
  extra: { visitorToken?: string; user?: Record<string, string>; resume?: Record<string, number> } = {},
): Promise<Visitor> {
  const client = await TestClient.connect(wsUrl);
  client.send({ t: 'hello', v: 1, role: 'visitor', widgetKey, ...extra });
  const welcome = await client.waitFor(isType('welcome'));
  return { client, welcome };
}

export async function helloAgent(wsUrl: string, token: string, resume?: Record<string, number>): Promise<Visitor> {
  const client = await TestClient.connect(wsUrl);
  client.send({ t: 'hello', v: 1, role: 'agent', token, ...(resume ? { resume } : {}) });
  const welcome = await client.waitFor(isType('welcome'));
  return { client, welcome };
}

export const isError =
  (code: ErrorCode, ref?: string) =>
  (f: ServerFrame): boolean =>
    f.t === 'error' && f.code === code && (ref === undefined || f.ref === ref);

export const isSent = (id: string) => (f: ServerFrame): f is Extract<ServerFrame, { t: 'sent' }> => f.t === 'sent' && f.id === id;

export const isMsg = (conv: string, seq: number) => (f: ServerFrame): boolean => f.t === 'msg' && f.conv === conv && f.seq === seq;

export const isSynced = (conv: string) => (f: ServerFrame): f is Extract<ServerFrame, { t: 'synced' }> => f.t === 'synced' && f.conv === conv;

/** Sends a `send` frame and waits for its `sent`. */
export async function sendAndWait(client: TestClient, frame: { id: string; text: string; conv?: string; kind?: string }) {
  const reply = await client.request({ t: 'send', ...frame }, (f) => (f.t === 'sent' && f.id === frame.id) || (f.t === 'error' && f.ref === frame.id));
  if (reply.t !== 'sent') throw new Error(`send ${frame.id} refused: ${JSON.stringify(reply)}`);
  return reply;
}

/** A new visitor that starts a conversation with one message; the client stays connected. */
export async function startConversation(wsUrl: string, widgetKey: string, text = 'Hello, I need help') {
  const visitor = await helloVisitor(wsUrl, widgetKey);
  const sent = await sendAndWait(visitor.client, { id: `first-${Math.random().toString(36).slice(2)}`, text });
  return { ...visitor, conv: sent.conv, sent };
}

/** The whole stored timeline of a conversation, read as an agent over REST. */
export async function storedTimeline(url: string, token: string, conv: string): Promise<StoredEntry[]> {
  const res = await api<{ messages: StoredEntry[] }>(url, 'GET', `/api/v1/conversations/${conv}/messages?limit=1000`, { token });
  expect(res.status).toBe(200);
  return res.body.messages;
}

export async function getConversation(url: string, token: string, conv: string): Promise<ConversationJson> {
  const res = await api<ConversationJson>(url, 'GET', `/api/v1/conversations/${conv}`, { token });
  expect(res.status).toBe(200);
  return res.body;
}

/** Waits for the connection to close and returns how; fails if it stays open. */
export async function closeOf(client: TestClient, timeoutMs = 5_000): Promise<Closed> {
  return client.waitForClose(timeoutMs);
}

/**
 * Proves a connection is open and has received everything sent to it before now: a `ping` is
 * answered in order after every frame the server queued earlier on this socket.
 */
export async function roundTrip(client: TestClient): Promise<void> {
  await client.request({ t: 'ping' }, isType('pong'));
}

export function framesOf<K extends ServerFrame['t']>(client: TestClient, t: K): Extract<ServerFrame, { t: K }>[] {
  return client.frames.filter(isType(t));
}

/** Waits until `count` frames after index `from` match; fails after `timeoutMs` or on close. */
export async function waitForCount(client: TestClient, match: (f: ServerFrame) => boolean, count: number, timeoutMs = 10_000, from = 0): Promise<ServerFrame[]> {
  const enough = () => client.frames.slice(from).filter(match).length >= count;
  await client.waitFor(() => enough(), timeoutMs, from).catch((error: unknown) => {
    throw new Error(`wanted ${count} matching frames, got ${client.frames.slice(from).filter(match).length}: ${String(error)}`);
  });
  return client.frames.slice(from).filter(match);
}

export function closeAll(...clients: Array<TestClient | undefined>): void {
  for (const c of clients) if (c && !c.closed) c.close();
}
