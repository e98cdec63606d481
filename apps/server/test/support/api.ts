// Small REST helpers for tests: login, JSON requests with a token.
import { afterAll, beforeAll } from 'vitest';
import { ADMIN, startServer, type ServerProcess } from './server-process.js';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export async function loginAdmin(baseUrl: string): Promise<string> {
  const res = await api<{ token: string }>(baseUrl, 'POST', '/api/v1/auth/login', { body: ADMIN });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** The password of every agent that createAgent makes. */
export const AGENT_PASSWORD = 'agent-password-1';

/** Creates an agent through the admin API and logs in as them. */
export async function createAgent(baseUrl: string, adminToken: string, name: string): Promise<{ token: string; id: string; email: string }> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}-${Math.random().toString(36).slice(2, 8)}@test.local`;
  const password = AGENT_PASSWORD;
  const created = await api<{ id: string }>(baseUrl, 'POST', '/api/v1/agents', { token: adminToken, body: { email, name, password } });
  if (created.status !== 201) throw new Error(`create agent failed: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await api<{ token: string }>(baseUrl, 'POST', '/api/v1/auth/login', { body: { email, password } });
  return { token: login.body.token, id: created.body.id, email };
}

export async function firstWidgetKey(baseUrl: string, adminToken: string): Promise<string> {
  const res = await api<{ inboxes: Array<{ widgetKey: string }> }>(baseUrl, 'GET', '/api/v1/inboxes', { token: adminToken });
  return res.body.inboxes[0]!.widgetKey;
}

/**
 * Turns automatic assignment off for conversations without a team, so that a test decides who
 * takes a conversation by claiming it (as agents do in a manual pool).
 */
export async function useManualRouting(baseUrl: string, adminToken: string): Promise<void> {
  const res = await api(baseUrl, 'PATCH', '/api/v1/settings/routing', { token: adminToken, body: { poolPolicy: 'manual' } });
  if (res.status !== 200) throw new Error(`could not switch routing to manual: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A server on a fresh data dir, logged in as the admin, with manual routing and the demo widget key. */
export async function startManualServer(options: Parameters<typeof startServer>[0] = {}): Promise<{ server: ServerProcess; adminToken: string; widgetKey: string }> {
  const server = await startServer(options);
  const adminToken = await loginAdmin(server.url);
  await useManualRouting(server.url, adminToken);
  return { server, adminToken, widgetKey: await firstWidgetKey(server.url, adminToken) };
}

export interface ManualServer {
  server: ServerProcess;
  adminToken: string;
  widgetKey: string;
}

/**
 * One server for a test file: started as `startManualServer` does before the file's tests, and
 * stopped after them. Its fields are set once the tests run.
 */
export function manualServerPerFile(): ManualServer {
  const env = {} as ManualServer;
  beforeAll(async () => {
    Object.assign(env, await startManualServer());
  });
  afterAll(async () => {
    await env.server?.stop();
  });
  return env;
}
