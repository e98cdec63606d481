// Shared steps of the routing suites: a node on a fake clock, agents online, visitors writing.
import { expect } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin } from '../support/api.js';
import { startInProcessNode, type InProcessNode } from '../support/in-process-node.js';
import { isType, TestClient } from '../support/ws-client.js';

export interface Conv {
  id: string;
  status: string;
  assignee: string | null;
  pendingTransferTo: string | null;
}
export interface Entry {
  seq: number;
  kind: string;
  text: string;
  from: { role: string };
  data: { event?: string } | null;
}

const clients: TestClient[] = [];
let current: InProcessNode | null = null;

/** The node of the running test. */
export function env(): InProcessNode {
  if (!current) throw new Error('no node: call setUp first');
  return current;
}

export async function tearDown(): Promise<void> {
  for (const c of clients.splice(0)) c.close();
  await current?.stop();
  current = null;
}

/** A node with an admin who takes nothing, and `n` agents online over the protocol. */
export async function setUp(startIso: string, n: number, settings: Record<string, unknown> = {}) {
  current = await startInProcessNode({ startIso });
  const node = current;
  const admin = await loginAdmin(node.url);
  const me = await api<{ agent: { id: string } }>(node.url, 'GET', '/api/v1/me', { token: admin });
  await api(node.url, 'PATCH', `/api/v1/agents/${me.body.agent.id}`, { token: admin, body: { capacity: 0 } });
  const patch = await api(node.url, 'PATCH', '/api/v1/settings/routing', { token: admin, body: { idleAwayMs: 30 * 24 * 3_600_000, ...settings } });
  expect(patch.status).toBe(200);
  const agents = [];
  for (let i = 0; i < n; i += 1) {
    const agent = await createAgent(node.url, admin, `Agent ${String.fromCharCode(65 + i)}`);
    const ws = await connectAgent(agent.token);
    agents.push({ ...agent, ws });
  }
  return { admin, agents, widgetKey: await firstWidgetKey(node.url, admin) };
}

export async function connectAgent(token: string): Promise<TestClient> {
  const ws = await TestClient.connect(env().wsUrl);
  clients.push(ws);
  await ws.request({ t: 'hello', v: 1, role: 'agent', token }, isType('welcome'));
  return ws;
}

export async function visitorWrites(widgetKey: string, text: string, visitorToken?: string) {
  // Visitors arrive a second apart, so that arrival order is unambiguous on the fake clock.
  env().clock.advance(1_000);
  const ws = await TestClient.connect(env().wsUrl);
  clients.push(ws);
  const welcome = await ws.request({ t: 'hello', v: 1, role: 'visitor', widgetKey, ...(visitorToken ? { visitorToken } : {}) }, isType('welcome'));
  const sent = await ws.request({ t: 'send', id: `m-${Math.random()}`, text }, isType('sent'));
  await env().tick();
  return { ws, conv: sent.conv, visitorToken: welcome.visitorToken! };
}

export const getConv = async (token: string, id: string) => (await api<Conv>(env().url, 'GET', `/api/v1/conversations/${id}`, { token })).body;
export const timeline = async (token: string, id: string) =>
  (await api<{ messages: Entry[] }>(env().url, 'GET', `/api/v1/conversations/${id}/messages?limit=200`, { token })).body.messages;
export const events = async (token: string, id: string) => (await timeline(token, id)).filter((e) => e.kind === 'event').map((e) => e.data?.event);

