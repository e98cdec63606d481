// End to end against the real server: a visitor's messages survive dropped sockets and a server
// restart, are stored exactly once and in order, and a reload shows the whole history.
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api, createAgent, firstWidgetKey, loginAdmin, useManualRouting } from '../../../apps/server/test/support/api.js';
import { startServer, type ServerProcess } from '../../../apps/server/test/support/server-process.js';
import { KefuClient, MemoryStorage, PENDING_CONV, type StoredItem, type WebSocketConstructor } from '../src/index.js';

const MESSAGES = 20;
// A short drain delay and backoff keep the test quick; the client honours whatever the server says.
const SERVER_ENV = { KEFU_RECONNECT_AFTER_MS: '200' };

interface RestEntry {
  seq: number;
  msgId: string;
  text: string;
  kind: string;
  from: { role: string; id: string };
  clientMsgId?: string | null;
}

/** `ws`, with every socket it opens kept, so that the test can cut one as a flaky network would. */
function trackedWebSocket(): { WebSocket: WebSocketConstructor; current: () => WebSocket | undefined; opened: () => number } {
  const sockets: WebSocket[] = [];
  class Tracked extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  return { WebSocket: Tracked, current: () => sockets.at(-1), opened: () => sockets.length };
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function restTimeline(server: ServerProcess, token: string, conv: string): Promise<RestEntry[]> {
  const res = await api<{ messages: RestEntry[] }>(server.url, 'GET', `/api/v1/conversations/${conv}/messages?limit=1000`, { token });
  expect(res.status).toBe(200);
  return res.body.messages;
}

function stored(client: KefuClient, conv: string): StoredItem[] {
  return client.timeline(conv).filter((i): i is StoredItem => i.state === 'stored');
}

describe('KefuClient against the real server', () => {
  let server: ServerProcess;
  const clients: KefuClient[] = [];

  afterAll(async () => {
    for (const c of clients) c.stop();
    await server?.stop();
  });

  it('stores every message exactly once, in order, through dropped sockets and a restart, and a reload shows it all', async () => {
    server = await startServer({ env: SERVER_ENV });
    const admin = await loginAdmin(server.url);
    await useManualRouting(server.url, admin);
    const widgetKey = await firstWidgetKey(server.url, admin);
    const agentLogin = await createAgent(server.url, admin, 'Ann');

    const storage = new MemoryStorage();
    const visitorWs = trackedWebSocket();
    const options = {
      url: server.wsUrl,
      hello: () => ({ role: 'visitor' as const, widgetKey }),
      storage,
      WebSocket: visitorWs.WebSocket,
      backoff: { minMs: 50, maxMs: 500 },
      pingMs: 2_000,
    };
    const visitor = new KefuClient(options);
    clients.push(visitor);
    const announced: string[] = [];
    visitor.on('message', (m) => announced.push(m.text));
    visitor.start();
    await until(() => visitor.status === 'open', 'the visitor to connect');

    const agent = new KefuClient({
      url: server.wsUrl,
      hello: () => ({ role: 'agent', token: agentLogin.token }),
      WebSocket: WebSocket,
      backoff: { minMs: 50, maxMs: 500 },
      pingMs: 2_000,
    });
    clients.push(agent);
    agent.start();
    await until(() => agent.status === 'open', 'the agent to connect');

    const ids: string[] = [];
    let conv: string | undefined;
    const replies: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      ids.push(visitor.send(`message ${i} 你好`));
      if (i === 0) {
        await until(() => visitor.openConversation() !== undefined, 'the first message to open a conversation');
        conv = visitor.openConversation()!;
        const claim = await api(server.url, 'POST', `/api/v1/conversations/${conv}/claim`, { token: agentLogin.token });
        expect(claim.status).toBe(200);
        agent.sync(conv);
      }
      if (i === 5 || i === 15) {
        // A flaky network: the socket dies without a close frame, mid-conversation.
        visitorWs.current()?.terminate();
        replies.push(`reply ${i}`);
        agent.send(`reply ${i}`, { conv: conv! });
      }
      if (i === 10) {
        await server.stop();
        server = await startServer({ dataDir: server.dataDir, port: server.port, env: SERVER_ENV });
        replies.push('reply after restart');
        agent.send('reply after restart', { conv: conv! });
      }
      await pause(15);
    }

    const c = conv!;
    await until(
      () => stored(visitor, c).filter((i) => i.mine).length === MESSAGES && visitor.timeline(c).every((i) => i.state === 'stored'),
      'every message to be confirmed',
    );
    await until(() => stored(visitor, c).filter((i) => !i.mine && i.kind === 'text').length === replies.length, 'the replies to arrive');
    expect(visitor.timeline(PENDING_CONV)).toEqual([]);
    // The first connection, one after each cut, at least one after the restart.
    expect(visitorWs.opened()).toBeGreaterThanOrEqual(4);

    // Stored exactly once each, in the order written, with the ids the client chose.
    const rest = await restTimeline(server, admin, c);
    const fromVisitor = rest.filter((e) => e.from.role === 'visitor');
    expect(fromVisitor.map((e) => e.text)).toEqual(Array.from({ length: MESSAGES }, (_, i) => `message ${i} 你好`));
    expect(fromVisitor.map((e) => e.clientMsgId)).toEqual(ids);
    expect(rest.map((e) => e.seq)).toEqual(rest.map((_, i) => i + 1));

    // The client holds the server's timeline, each entry once, and announced each reply once.
    await until(() => stored(visitor, c).length === rest.length, 'the visitor to hold the whole timeline');
    expect(stored(visitor, c).map((i) => [i.seq, i.msgId])).toEqual(rest.map((e) => [e.seq, e.msgId]));
    expect(announced.filter((t) => t.startsWith('reply'))).toEqual(replies);
    await until(() => stored(agent, c).length === rest.length, 'the agent to hold the whole timeline');
    expect(stored(agent, c).map((i) => i.msgId)).toEqual(rest.map((e) => e.msgId));

    // A reload: a new client on the same storage shows the history before it connects, and after.
    visitor.stop();
    const reloaded = new KefuClient({ ...options, WebSocket: WebSocket });
    clients.push(reloaded);
    expect(stored(reloaded, c).map((i) => i.msgId)).toEqual(rest.map((e) => e.msgId));
    const reloadedAnnounced: string[] = [];
    reloaded.on('message', (m) => reloadedAnnounced.push(m.text));
    reloaded.start();
    await until(() => reloaded.status === 'open', 'the reloaded client to connect');
    expect(reloaded.visitorId).toBe(visitor.visitorId);
    agent.send('after the reload', { conv: c });
    await until(() => stored(reloaded, c).length === rest.length + 1, 'the reloaded client to get the new reply');
    expect(reloadedAnnounced).toEqual(['after the reload']);
    expect(stored(reloaded, c).map((i) => i.seq)).toEqual(Array.from({ length: rest.length + 1 }, (_, i) => i + 1));
    expect(reloaded.conversations().map((s) => s.id)).toEqual([c]);
  }, 90_000);
});
