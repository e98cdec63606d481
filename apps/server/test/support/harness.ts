// The real server for the web apps' browser tests (widget, workbench), an admin, the demo inbox's
// widget key, and agents who act over the protocol.
import { api, createAgent, firstWidgetKey, loginAdmin, useManualRouting } from './api.js';
import { startServer, type ServerProcess } from './server-process.js';
import { isType, TestClient } from './ws-client.js';

export interface Harness {
  server: ServerProcess;
  adminToken: string;
  widgetKey: string;
  inboxId: string;
}

/** Starts the built server with conversations left unassigned, so an agent claims them. */
export async function startHarness(options: Parameters<typeof startServer>[0] = {}): Promise<Harness> {
  const server = await startServer(options);
  const adminToken = await loginAdmin(server.url);
  await useManualRouting(server.url, adminToken);
  const widgetKey = await firstWidgetKey(server.url, adminToken);
  const inboxes = await api<{ inboxes: Array<{ id: string; widgetKey: string }> }>(server.url, 'GET', '/api/v1/inboxes', { token: adminToken });
  const inboxId = inboxes.body.inboxes.find((i) => i.widgetKey === widgetKey)!.id;
  return { server, adminToken, widgetKey, inboxId };
}

/** Replaces the inbox's widget settings (the API replaces them whole). */
export async function setInboxSettings(h: Harness, settings: Record<string, unknown>): Promise<void> {
  const res = await api(h.server.url, 'PATCH', `/api/v1/inboxes/${h.inboxId}`, { token: h.adminToken, body: { settings } });
  if (res.status !== 200) throw new Error(`inbox settings: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface TimelineEntry {
  seq: number;
  kind: string;
  text: string;
  from: { role: string; id: string; name?: string };
  clientMsgId: string | null;
  data?: Record<string, unknown>;
}

/** An agent connected over WebSocket, as the workbench would be. */
export class Agent {
  private seen = new Set<string>();

  private constructor(
    readonly client: TestClient,
    readonly id: string,
    readonly name: string,
    readonly token: string,
    private readonly baseUrl: string,
    /** For signing in through a web app's login form. */
    readonly email: string,
  ) {}

  static async connect(h: Harness, name: string): Promise<Agent> {
    const created = await createAgent(h.server.url, h.adminToken, name);
    const client = await TestClient.connect(h.server.wsUrl);
    await client.request({ t: 'hello', v: 1, role: 'agent', token: created.token }, isType('welcome'));
    return new Agent(client, created.id, name, created.token, h.server.url, created.email);
  }

  /** The id of the next conversation this agent has not seen before (from `conv` frames). */
  async nextConversation(timeoutMs = 15_000): Promise<string> {
    const frame = await this.client.waitFor((f) => f.t === 'conv' && !this.seen.has(f.conv.id), timeoutMs);
    const id = (frame as { conv: { id: string } }).conv.id;
    this.seen.add(id);
    return id;
  }

  async claim(conv: string): Promise<void> {
    const res = await api(this.baseUrl, 'POST', `/api/v1/conversations/${conv}/claim`, { token: this.token });
    if (res.status !== 200) throw new Error(`claim: ${res.status} ${JSON.stringify(res.body)}`);
  }

  async resolve(conv: string): Promise<void> {
    const res = await api(this.baseUrl, 'POST', `/api/v1/conversations/${conv}/resolve`, { token: this.token });
    if (res.status !== 200) throw new Error(`resolve: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Sends over the protocol and waits for `sent`: stored by then. */
  async say(conv: string, text: string): Promise<number> {
    const id = `agent-${Math.random().toString(36).slice(2)}`;
    const sent = await this.client.request({ t: 'send', id, conv, text }, (f) => f.t === 'sent' && f.id === id);
    return (sent as { seq: number }).seq;
  }

  read(conv: string, seq: number): void {
    this.client.send({ t: 'read', conv, seq });
  }

  typing(conv: string, on: boolean): void {
    this.client.send({ t: 'typing', conv, on });
  }

  /** The conversation's timeline as stored, over REST. */
  async timeline(conv: string): Promise<TimelineEntry[]> {
    const res = await api<{ messages: TimelineEntry[] }>(this.baseUrl, 'GET', `/api/v1/conversations/${conv}/messages?limit=1000`, { token: this.token });
    return res.body.messages;
  }

  close(): void {
    this.client.close();
  }
}
