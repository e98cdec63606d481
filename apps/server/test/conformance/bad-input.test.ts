// Conformance: what the server does with frames it must refuse (PROTOCOL.md "Transport", "Hello", docs/errors.md).
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, startManualServer } from '../support/api.js';
import { type ServerProcess } from '../support/server-process.js';
import { TestClient, isType } from '../support/ws-client.js';
import { closeOf, helloAgent, helloVisitor, isError, roundTrip, startConversation, storedTimeline } from './helpers.js';

let server: ServerProcess;
let adminToken: string;
let widgetKey: string;

beforeAll(async () => {
  ({ server, adminToken, widgetKey } = await startManualServer({ env: { KEFU_HELLO_TIMEOUT_MS: '300' } }));
});

afterAll(async () => {
  await server?.stop();
});

describe('frames that are not a JSON object', () => {
  it('answers too_large and closes with 4400 for a frame over 64 KiB', async () => {
    const { client, welcome } = await helloVisitor(server.wsUrl, widgetKey);
    expect(welcome.t).toBe('welcome');
    client.send({ t: 'send', id: 'big-1', text: 'x'.repeat(70_000) });
    await client.waitFor(isError('too_large'));
    expect((await closeOf(client)).code).toBe(4400);
  });

  it('accepts a frame just under the limit', async () => {
    const { client } = await helloVisitor(server.wsUrl, widgetKey);
    const id = 'almost-big';
    const sent = await client.request({ t: 'send', id, text: 'y'.repeat(60_000) }, (f) => f.t === 'sent' || f.t === 'error');
    expect(sent).toMatchObject({ t: 'sent', id, seq: 1 });
    client.close();
  });

  it('answers bad_frame and closes with 4400 for invalid UTF-8', async () => {
    const { client } = await helloVisitor(server.wsUrl, widgetKey);
    // A text frame whose bytes are not UTF-8: {"t":"ping","x":"\xff\xfe"}
    const bytes = Buffer.concat([Buffer.from('{"t":"ping","x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    client.sendRaw(bytes, { binary: false });
    await client.waitFor(isError('bad_frame'));
    expect((await closeOf(client)).code).toBe(4400);
    expect(client.frames.some(isType('pong'))).toBe(false);
  });

  it.each([
    ['text that is not JSON', 'hello there'],
    ['a JSON array', '[{"t":"ping"}]'],
    ['a JSON number', '42'],
    ['a JSON string', '"ping"'],
    ['JSON null', 'null'],
  ])('answers bad_frame and closes with 4400 for %s', async (_name, text) => {
    const { client } = await helloVisitor(server.wsUrl, widgetKey);
    client.sendRaw(text);
    await client.waitFor(isError('bad_frame'));
    expect((await closeOf(client)).code).toBe(4400);
  });

  it('answers bad_frame and closes with 4400 for a binary frame', async () => {
    const { client } = await helloVisitor(server.wsUrl, widgetKey);
    client.sendRaw(Buffer.from(JSON.stringify({ t: 'ping' })), { binary: true });
    await client.waitFor(isError('bad_frame'));
    expect((await closeOf(client)).code).toBe(4400);
    expect(client.frames.some(isType('pong'))).toBe(false);
  });
});

describe('frames that are an object but wrong', () => {
  it('answers bad_frame to an unknown t and keeps the connection open', async () => {
    const { client } = await helloVisitor(server.wsUrl, widgetKey);
    await client.request({ t: 'teleport', to: 'mars' }, isError('bad_frame'));
    await roundTrip(client);
    expect(client.closed).toBeNull();
    client.close();
  });

  it('ignores unknown fields of a known frame', async () => {
    const { client } = await helloVisitor(server.wsUrl, widgetKey);
    await client.request({ t: 'ping', extra: { nested: true } }, isType('pong'));
    expect(client.frames.some(isType('error'))).toBe(false);
    client.close();
  });

  it('refuses a second hello with bad_frame and keeps the first session', async () => {
    const { client, welcome } = await helloVisitor(server.wsUrl, widgetKey);
    await client.request({ t: 'hello', v: 1, role: 'visitor', widgetKey }, isError('bad_frame'));
    await roundTrip(client);
    expect(client.frames.filter(isType('welcome'))).toEqual([welcome]);
    client.close();
  });

  it.each([
    ['of length 0', ''],
    ['of length 65', 'a'.repeat(65)],
  ])('refuses a send id %s with bad_frame and ref, and stores nothing', async (_name, id) => {
    const started = await startConversation(server.wsUrl, widgetKey);
    await started.client.request({ t: 'send', id, conv: started.conv, text: 'never stored' }, isError('bad_frame', id));
    await roundTrip(started.client);
    expect(started.client.closed).toBeNull();
    const timeline = await storedTimeline(server.url, adminToken, started.conv);
    expect(timeline.map((e) => e.seq)).toEqual([1]);
    expect(timeline.some((e) => e.text === 'never stored')).toBe(false);
    started.client.close();
  });

  it('accepts a send id of length 64', async () => {
    const started = await startConversation(server.wsUrl, widgetKey);
    const id = 'b'.repeat(64);
    const sent = await started.client.request({ t: 'send', id, conv: started.conv, text: 'stored' }, (f) => f.t === 'sent' || f.t === 'error');
    expect(sent).toMatchObject({ t: 'sent', id, seq: 2 });
    started.client.close();
  });

  it("refuses a send to another visitor's conversation with forbidden, and stores nothing", async () => {
    const owner = await startConversation(server.wsUrl, widgetKey);
    const intruder = await helloVisitor(server.wsUrl, widgetKey);
    await intruder.client.request({ t: 'send', id: 'intrude-1', conv: owner.conv, text: 'not yours' }, isError('forbidden', 'intrude-1'));
    await roundTrip(intruder.client);
    const timeline = await storedTimeline(server.url, adminToken, owner.conv);
    expect(timeline.map((e) => e.text)).toEqual(['Hello, I need help']);
    // The intruder did not get a conversation of their own either.
    const again = await helloVisitor(server.wsUrl, widgetKey, { visitorToken: intruder.welcome.visitorToken! });
    expect(again.welcome.conversations).toEqual([]);
    owner.client.close();
    intruder.client.close();
    again.client.close();
  });

  it('refuses a send to a conversation of another tenant (or none) with not_found, and stores nothing', async () => {
    // No REST call makes a second tenant; a conversation of another tenant must be reported exactly as
    // one that does not exist (so its existence does not leak), so a random id tests the same answer.
    const { client, welcome } = await helloVisitor(server.wsUrl, widgetKey);
    const conv = randomUUID();
    await client.request({ t: 'send', id: 'lost-1', conv, text: 'into the void' }, isError('not_found', 'lost-1'));
    await roundTrip(client);
    const again = await helloVisitor(server.wsUrl, widgetKey, { visitorToken: welcome.visitorToken! });
    expect(again.welcome.conversations).toEqual([]);
    const list = await api<{ conversations: Array<{ id: string }> }>(server.url, 'GET', `/api/v1/conversations?contact=${welcome.visitorId}`, { token: adminToken });
    expect(list.body.conversations).toEqual([]);
    client.close();
    again.client.close();
  });
});

describe('authentication', () => {
  it('closes with 4401 when no hello arrives in time', async () => {
    const client = await TestClient.connect(server.wsUrl);
    await client.waitFor(isError('unauthorized'), 3_000);
    expect((await closeOf(client, 3_000)).code).toBe(4401);
  });

  it('closes with 4401 when the first frame is not hello', async () => {
    const client = await TestClient.connect(server.wsUrl);
    client.send({ t: 'ping' });
    await client.waitFor(isError('unauthorized'));
    expect((await closeOf(client)).code).toBe(4401);
    expect(client.frames.some(isType('pong'))).toBe(false);
  });

  it('closes with 4401 for a bad agent token', async () => {
    const agent = await createAgent(server.url, adminToken, 'Token Tester');
    const client = await TestClient.connect(server.wsUrl);
    // The same claims with one character of the signature changed.
    const at = agent.token.indexOf('.') + 5;
    const forged = `${agent.token.slice(0, at)}${agent.token[at] === 'A' ? 'B' : 'A'}${agent.token.slice(at + 1)}`;
    client.send({ t: 'hello', v: 1, role: 'agent', token: forged });
    await client.waitFor(isError('unauthorized'));
    expect((await closeOf(client)).code).toBe(4401);
    expect(client.frames.some(isType('welcome'))).toBe(false);
    // The same agent with the real token is welcomed.
    const good = await helloAgent(server.wsUrl, agent.token);
    expect(good.welcome.agentId).toBe(agent.id);
    good.client.close();
  });

  it('closes with 4401 for an unknown widget key', async () => {
    const client = await TestClient.connect(server.wsUrl);
    client.send({ t: 'hello', v: 1, role: 'visitor', widgetKey: 'wk_does_not_exist' });
    await client.waitFor(isError('unauthorized'));
    expect((await closeOf(client)).code).toBe(4401);
  });

  describe('an inbox that requires identity', () => {
    let key: string;
    let secret: string;
    const hashOf = (id: string) => createHmac('sha256', secret).update(id).digest('hex');

    beforeAll(async () => {
      const res = await api<{ widgetKey: string; identitySecret: string; requireIdentity: boolean }>(server.url, 'POST', '/api/v1/inboxes', {
        token: adminToken,
        body: { name: 'Verified shop', requireIdentity: true },
      });
      expect(res.status).toBe(201);
      expect(res.body.requireIdentity).toBe(true);
      key = res.body.widgetKey;
      secret = res.body.identitySecret;
    });

    const refused = async (user: Record<string, string> | undefined) => {
      const client = await TestClient.connect(server.wsUrl);
      client.send({ t: 'hello', v: 1, role: 'visitor', widgetKey: key, ...(user ? { user } : {}) });
      await client.waitFor(isError('unauthorized'));
      expect((await closeOf(client)).code).toBe(4401);
      expect(client.frames.some(isType('welcome'))).toBe(false);
    };

    it('closes with 4401 for a hash that does not verify', async () => {
      await refused({ id: 'user-42', name: 'Mallory', hash: hashOf('user-43') });
    });

    it('closes with 4401 for a user without a hash, and for no user', async () => {
      await refused({ id: 'user-42', name: 'Mallory' });
      await refused(undefined);
    });

    it('welcomes a good hash, and the same user again as the same visitor', async () => {
      const user = { id: 'user-42', name: 'Alice', hash: hashOf('user-42') };
      const first = await helloVisitor(server.wsUrl, key, { user });
      expect(first.welcome.visitorId).toEqual(expect.any(String));
      const second = await helloVisitor(server.wsUrl, key, { user });
      expect(second.welcome.visitorId).toBe(first.welcome.visitorId);
      first.client.close();
      second.client.close();
    });
  });
});
