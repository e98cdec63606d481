// The few REST calls the bench makes to Kefu: log in, read the widget key, create agents.
import { ADMIN } from './launcher.js';

async function call<T>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  return (await call<{ token: string }>(baseUrl, 'POST', '/api/v1/auth/login', { email, password })).token;
}

export function loginAdmin(baseUrl: string): Promise<string> {
  return login(baseUrl, ADMIN.email, ADMIN.password);
}

export async function firstWidgetKey(baseUrl: string, adminToken: string): Promise<string> {
  const body = await call<{ inboxes: Array<{ widgetKey: string }> }>(baseUrl, 'GET', '/api/v1/inboxes', undefined, adminToken);
  const key = body.inboxes[0]?.widgetKey;
  if (!key) throw new Error('the demo tenant has no inbox');
  return key;
}

/** Creates an agent and logs in as them: two scrypt hashes on the server, ~50 ms of CPU. */
export async function createAgent(baseUrl: string, adminToken: string, n: number): Promise<{ id: string; token: string }> {
  const email = `bench-agent-${n}@kefu.local`;
  const password = `bench-agent-password-${n}`;
  const agent = await call<{ id: string }>(baseUrl, 'POST', '/api/v1/agents', { email, name: `Agent ${n}`, password }, adminToken);
  return { id: agent.id, token: await login(baseUrl, email, password) };
}
