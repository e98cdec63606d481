// A client that stops reading must not make the server buffer without bound: past the high-water
// mark it is disconnected with a reconnectable code, and on its return it resumes and loses nothing.
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, firstWidgetKey, loginAdmin, useManualRouting } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { isType, TestClient } from '../support/ws-client.js';

const HIGH_WATER = 64 * 1024;
const TEXT = 'x'.repeat(30_000);

describe('a visitor that stops reading', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer({
      env: { KEFU_SEND_HIGH_WATER_BYTES: String(HIGH_WATER), KEFU_RATE_PER_SEC: '100000', KEFU_RATE_BURST: '100000' },
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('is disconnected once its send buffer passes the high-water mark, and resumes without loss', async () => {
    const admin = await loginAdmin(server.url);
    await useManualRouting(server.url, admin);
    const widgetKey = await firstWidgetKey(server.url, admin);
    const agent = await createAgent(server.url, admin, 'Fast Agent');

    const slow = await TestClient.connect(server.wsUrl);
    const welcome = await slow.request({ t: 'hello', v: 1, role: 'visitor', widgetKey }, isType('welcome'));
    const sent = await slow.request({ t: 'send', id: 'first', text: 'hello' }, isType('sent'));
    const conv = sent.conv;
    expect((await api(server.url, 'POST', `/api/v1/conversations/${conv}/claim`, { token: agent.token })).status).toBe(200);

    const fast = await TestClient.connect(server.wsUrl);
    await fast.request({ t: 'hello', v: 1, role: 'agent', token: agent.token }, isType('welcome'));

    // The visitor's browser hangs: its socket is no longer read, so TCP buffers fill up.
    (slow.socket as unknown as { _socket: Socket })._socket.pause();

    // 400 replies of 30 kB: 12 MB, far past the kernel's buffers and the 64 kB high-water mark.
    const replies = 400;
    let lastSeq = 0;
    for (let i = 0; i < replies; i += 1) {
      const ack = await fast.request({ t: 'send', id: `r${i}`, conv, text: `${i} ${TEXT}` }, (f) => f.t === 'sent' && f.id === `r${i}`, 10_000);
      lastSeq = (ack as { seq: number }).seq;
    }
    // The agent was never held back by the slow visitor: every reply was stored and acknowledged.
    expect(lastSeq).toBe(2 + replies);

    // The server let go of the slow socket: once the visitor reads again, it finds the connection closed.
    (slow.socket as unknown as { _socket: Socket })._socket.resume();
    const closed = await slow.waitForClose(10_000);
    expect([4503, 1006]).toContain(closed.code);

    // It comes back with its token, resumes from what it held, and gets every reply in order.
    const back = await TestClient.connect(server.wsUrl);
    const held = new Set(slow.frames.filter(isType('msg')).map((f) => f.seq));
    let heldUpTo = 1; // its own first message, known from `sent`
    while (held.has(heldUpTo + 1)) heldUpTo += 1;
    expect(heldUpTo).toBeLessThan(lastSeq);
    await back.request(
      { t: 'hello', v: 1, role: 'visitor', widgetKey, visitorToken: welcome.visitorToken, resume: { [conv]: heldUpTo } },
      isType('welcome'),
    );
    const synced = await back.waitFor((f) => f.t === 'synced' && f.conv === conv, 15_000);
    expect(synced).toMatchObject({ upTo: lastSeq, more: false });
    const seqs = back.frames.filter(isType('msg')).map((f) => f.seq);
    expect(seqs).toEqual(Array.from({ length: lastSeq - heldUpTo }, (_, k) => heldUpTo + 1 + k));
    back.close();
    fast.close();
  }, 120_000);
});
