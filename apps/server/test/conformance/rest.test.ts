// Conformance: the REST API an agent and an admin use (docs/errors.md "REST errors", /api/v1/openapi.json).
import { describe, expect, it } from 'vitest';
import { api, createAgent, manualServerPerFile } from '../support/api.js';
import { ADMIN } from '../support/server-process.js';
import { type ConversationJson, type StoredEntry, getConversation, sendAndWait, startConversation, storedTimeline } from './helpers.js';

const env = manualServerPerFile();

type ErrorBody = { error: { code: string; message: string } };

/** A conversation started by a visitor who then disconnects; `count` visitor messages. */
async function conversation(count = 1): Promise<string> {
  const started = await startConversation(env.server.wsUrl, env.widgetKey, 'message 1');
  for (let i = 2; i <= count; i++) await sendAndWait(started.client, { id: `m-${i}`, conv: started.conv, text: `message ${i}` });
  started.client.close();
  return started.conv;
}

const ids = (res: { body: { conversations: ConversationJson[] } }) => res.body.conversations.map((c) => c.id);

describe('auth', () => {
  it('logs in with the right password and answers a token and the agent', async () => {
    const res = await api<{ token: string; agent: { email: string; role: string } }>(env.server.url, 'POST', '/api/v1/auth/login', { body: ADMIN });
    expect(res.status).toBe(200);
    expect(res.body.token).toEqual(expect.any(String));
    expect(res.body.agent).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(res.body.agent).not.toHaveProperty('passwordHash');
  });

  it('refuses a wrong password or an unknown email with 401 unauthorized', async () => {
    for (const body of [{ ...ADMIN, password: 'wrong-password' }, { email: 'nobody@test.local', password: ADMIN.password }]) {
      const res = await api<ErrorBody>(env.server.url, 'POST', '/api/v1/auth/login', { body });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });

  it('refuses a request without a token, or with a bad one, with 401', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const res = await api<ErrorBody>(env.server.url, 'GET', '/api/v1/conversations', token ? { token } : {});
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });
});

describe('conversations', () => {
  it('lists conversations filtered by status and assignee (me, none)', async () => {
    const agent = await createAgent(env.server.url, env.adminToken, 'Lister');
    const mine = await conversation();
    const unassigned = await conversation();
    expect((await api(env.server.url, 'POST', `/api/v1/conversations/${mine}/claim`, { token: agent.token })).status).toBe(200);
    const list = (query: string) => api<{ conversations: ConversationJson[] }>(env.server.url, 'GET', `/api/v1/conversations${query}`, { token: agent.token });

    const assignedToMe = await list('?assignee=me');
    expect(ids(assignedToMe)).toEqual([mine]);
    expect(assignedToMe.body.conversations[0]).toMatchObject({ id: mine, status: 'open', assignee: agent.id, lastSeq: 2 });

    const none = await list('?assignee=none');
    expect(ids(none)).toContain(unassigned);
    expect(ids(none)).not.toContain(mine);
    expect(none.body.conversations.every((c) => c.assignee === null)).toBe(true);

    const queued = await list('?status=queued');
    expect(ids(queued)).toContain(unassigned);
    expect(ids(queued)).not.toContain(mine);
    expect(ids(await list('?status=open,resolved&assignee=me'))).toEqual([mine]);
    expect(ids(await list('?status=resolved&assignee=me'))).toEqual([]);
  });

  it('refuses an unknown status filter with 400 invalid', async () => {
    const res = await api<ErrorBody>(env.server.url, 'GET', '/api/v1/conversations?status=closed', { token: env.adminToken });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid');
  });

  it('gets one conversation, and 404 not_found for an unknown id', async () => {
    const conv = await conversation(2);
    expect(await getConversation(env.server.url, env.adminToken, conv)).toMatchObject({ id: conv, status: 'queued', assignee: null, lastSeq: 2 });
    const missing = await api<ErrorBody>(env.server.url, 'GET', '/api/v1/conversations/no-such-conversation', { token: env.adminToken });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('reads the timeline a page at a time with after and limit', async () => {
    const conv = await conversation(5);
    const page = (q: string) => api<{ messages: StoredEntry[]; more: boolean }>(env.server.url, 'GET', `/api/v1/conversations/${conv}/messages${q}`, { token: env.adminToken });
    const first = await page('?after=1&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.messages.map((m) => [m.seq, m.text])).toEqual([[2, 'message 2'], [3, 'message 3']]);
    expect(first.body.more).toBe(true);
    const last = await page('?after=3&limit=100');
    expect(last.body.messages.map((m) => m.seq)).toEqual([4, 5]);
    expect(last.body.more).toBe(false);
    expect((await page('?after=5')).body).toEqual({ messages: [], more: false });
  });

  it('stores an agent send with an Idempotency-Key once: the repeat answers 200, the same seq, and Idempotent-Replayed', async () => {
    const conv = await conversation();
    const send = () =>
      api<StoredEntry>(env.server.url, 'POST', `/api/v1/conversations/${conv}/messages`, {
        token: env.adminToken,
        body: { text: 'We are on it' },
        headers: { 'idempotency-key': 'reply-42' },
      });
    const first = await send();
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(first.body).toMatchObject({ seq: 2, text: 'We are on it', clientMsgId: 'reply-42', from: { role: 'agent' } });
    const repeat = await send();
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.body).toMatchObject({ seq: first.body.seq, msgId: first.body.msgId });
    expect((await storedTimeline(env.server.url, env.adminToken, conv)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('lets one of two agents claim a conversation: 200, then 409 conflict', async () => {
    const [a, b] = await Promise.all([createAgent(env.server.url, env.adminToken, 'First'), createAgent(env.server.url, env.adminToken, 'Second')]);
    const conv = await conversation();
    const won = await api<ConversationJson>(env.server.url, 'POST', `/api/v1/conversations/${conv}/claim`, { token: a.token });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ id: conv, status: 'open', assignee: a.id });
    const lost = await api<ErrorBody>(env.server.url, 'POST', `/api/v1/conversations/${conv}/claim`, { token: b.token });
    expect(lost.status).toBe(409);
    expect(lost.body.error.code).toBe('conflict');
    expect((await getConversation(env.server.url, env.adminToken, conv)).assignee).toBe(a.id);
  });

  it('resolves and reopens, each recorded in the timeline, with 409 for a repeat', async () => {
    const agent = await createAgent(env.server.url, env.adminToken, 'Resolver');
    const conv = await conversation();
    const post = (action: string) => api<ConversationJson & ErrorBody>(env.server.url, 'POST', `/api/v1/conversations/${conv}/${action}`, { token: agent.token });
    const resolved = await post('resolve');
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    const again = await post('resolve');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    const reopened = await post('reopen');
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', assignee: agent.id, lastSeq: 3 });
    expect((await post('reopen')).status).toBe(409);
    const events = (await storedTimeline(env.server.url, env.adminToken, conv)).filter((e) => e.kind === 'event');
    expect(events.map((e) => [e.seq, e.data?.event])).toEqual([[2, 'resolved'], [3, 'reopened']]);
  });
});

describe('admin', () => {
  it('creates an inbox and an agent as admin, and refuses both to a plain agent with 403', async () => {
    const inbox = await api<{ id: string; widgetKey: string; identitySecret: string }>(env.server.url, 'POST', '/api/v1/inboxes', { token: env.adminToken, body: { name: 'Support' } });
    expect(inbox.status).toBe(201);
    expect(inbox.body).toMatchObject({ id: expect.any(String), widgetKey: expect.any(String), identitySecret: expect.any(String) });
    const email = `new-${Date.now()}@test.local`;
    const agent = await api<{ id: string; email: string; role: string }>(env.server.url, 'POST', '/api/v1/agents', { token: env.adminToken, body: { email, name: 'New', password: 'long-enough-1' } });
    expect(agent.status).toBe(201);
    expect(agent.body).toMatchObject({ email, role: 'agent' });

    const plain = await createAgent(env.server.url, env.adminToken, 'Plain');
    const asAgent = [
      await api<ErrorBody>(env.server.url, 'POST', '/api/v1/inboxes', { token: plain.token, body: { name: 'Mine' } }),
      await api<ErrorBody>(env.server.url, 'POST', '/api/v1/agents', { token: plain.token, body: { email: 'x@test.local', name: 'X', password: 'long-enough-1' } }),
    ];
    for (const res of asAgent) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const inboxes = await api<{ inboxes: Array<{ name: string }> }>(env.server.url, 'GET', '/api/v1/inboxes', { token: env.adminToken });
    expect(inboxes.body.inboxes.map((i) => i.name)).not.toContain('Mine');
  });

  it('refuses an email in use with 409 conflict', async () => {
    const res = await api<ErrorBody>(env.server.url, 'POST', '/api/v1/agents', { token: env.adminToken, body: { email: ADMIN.email, name: 'Twin', password: 'long-enough-1' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
  });

  it.each([
    ['an inbox without a name', 'POST', '/api/v1/inboxes', {}],
    ['an agent with a malformed email', 'POST', '/api/v1/agents', { email: 'not-an-email', name: 'Bad', password: 'long-enough-1' }],
    ['an agent with a short password', 'POST', '/api/v1/agents', { email: 'short@test.local', name: 'Short', password: 'short' }],
    ['a login without a password', 'POST', '/api/v1/auth/login', { email: ADMIN.email }],
    ['a timeline page with limit 0', 'GET', '/api/v1/conversations/any/messages?limit=0', undefined],
    ['a message with empty text', 'POST', '/api/v1/conversations/any/messages', { text: '' }],
  ])('refuses %s with 400 invalid', async (_name, method, path, body) => {
    const res = await api<ErrorBody>(env.server.url, method, path, { token: env.adminToken, ...(body !== undefined ? { body } : {}) });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid', message: expect.any(String) });
  });
});

describe('service routes', () => {
  it('lists the routes in /api/v1/openapi.json', async () => {
    const res = await api<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(env.server.url, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const routes = Object.entries(res.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/login',
        'GET /api/v1/conversations',
        'GET /api/v1/conversations/{id}',
        'GET /api/v1/conversations/{id}/messages',
        'POST /api/v1/conversations/{id}/messages',
        'POST /api/v1/conversations/{id}/claim',
        'POST /api/v1/conversations/{id}/resolve',
        'POST /api/v1/conversations/{id}/reopen',
        'GET /api/v1/inboxes',
        'POST /api/v1/inboxes',
        'POST /api/v1/agents',
        'GET /healthz',
        'GET /readyz',
      ]),
    );
  });

  it('answers /healthz and /readyz with 200', async () => {
    expect((await api(env.server.url, 'GET', '/healthz')).status).toBe(200);
    const ready = await api<{ status: string }>(env.server.url, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
  });

  it('answers an unknown route with 404 and a JSON not_found error', async () => {
    const res = await api<ErrorBody>(env.server.url, 'GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body.error.code).toBe('not_found');
  });
});
