// Conformance: the per-connection token bucket, rate_limited with retryAfterMs, and close 4429 (docs/errors.md).
import type { ErrorFrame } from '@kefu/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstWidgetKey, loginAdmin } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { isType } from '../support/ws-client.js';
import { closeOf, helloVisitor, isError, roundTrip, sendAndWait, storedTimeline } from './helpers.js';

// One frame per second sustained, a burst of 5, closed after 5 refusals in a row (the default).
const RATE_PER_SEC = 1;
const BURST = 5;
const STRIKES = 5;

let server: ServerProcess;
let adminToken: string;
let widgetKey: string;

beforeAll(async () => {
  server = await startServer({
    env: { KEFU_RATE_PER_SEC: String(RATE_PER_SEC), KEFU_RATE_BURST: String(BURST), KEFU_RATE_STRIKES: String(STRIKES) },
  });
  adminToken = await loginAdmin(server.url);
  widgetKey = await firstWidgetKey(server.url, adminToken);
});

afterAll(async () => {
  await server?.stop();
});

const rateErrors = (frames: { t: string }[]) => frames.filter((f): f is ErrorFrame => f.t === 'error' && (f as ErrorFrame).code === 'rate_limited');

describe('rate limit', () => {
  it('answers a flood with rate_limited and retryAfterMs, then closes with 4429', async () => {
    const { client } = await helloVisitor(server.wsUrl, widgetKey);
    for (let i = 0; i < 20; i++) client.send({ t: 'ping' });
    expect((await closeOf(client)).code).toBe(4429);

    const errors = rateErrors(client.frames);
    expect(errors).toHaveLength(STRIKES);
    for (const e of errors) {
      expect(e.retryAfterMs).toBeGreaterThan(0);
      expect(e.retryAfterMs).toBeLessThanOrEqual(1000 / RATE_PER_SEC);
    }
    // Nothing past the burst is served (hello took one token of it). Pings within the burst may go
    // unanswered: the close can overtake them, which a client survives by resending after reconnect.
    expect(client.frames.filter(isType('pong')).length).toBeLessThanOrEqual(BURST - 1);
  });

  it('serves again once the client waits retryAfterMs', async () => {
    const { client } = await helloVisitor(server.wsUrl, widgetKey);
    for (let i = 0; i < BURST; i++) client.send({ t: 'ping' });
    const limited = (await client.waitFor(isError('rate_limited'))) as ErrorFrame;
    expect(limited.retryAfterMs).toEqual(expect.any(Number));
    await new Promise((resolve) => setTimeout(resolve, limited.retryAfterMs! + 200));
    await roundTrip(client);
    expect(client.closed).toBeNull();
    expect(rateErrors(client.frames)).toHaveLength(1);
    client.close();
  });

  it('refuses a rate-limited send with ref and stores nothing', async () => {
    const { client } = await helloVisitor(server.wsUrl, widgetKey);
    const first = await sendAndWait(client, { id: 'before-flood', text: 'One message' });
    for (let i = 0; i < BURST; i++) client.send({ t: 'ping' });
    client.send({ t: 'send', id: 'in-flood', conv: first.conv, text: 'Lost in the flood' });
    const refusal = (await client.waitFor(isError('rate_limited', 'in-flood'))) as ErrorFrame;
    await new Promise((resolve) => setTimeout(resolve, refusal.retryAfterMs! + 200));
    await roundTrip(client);
    expect(client.frames.some((f) => f.t === 'sent' && f.id === 'in-flood')).toBe(false);
    expect((await storedTimeline(server.url, adminToken, first.conv)).map((e) => e.clientMsgId)).toEqual(['before-flood']);
    client.close();
  });
});
