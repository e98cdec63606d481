// Conformance: SIGTERM drains: reconnect frame, close 4503, exit 0, and nothing lost (PROTOCOL.md "Server-initiated reconnect").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManualServer } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { TestClient, isType } from '../support/ws-client.js';
import { closeOf, helloAgent, helloVisitor, isSynced, sendAndWait } from './helpers.js';

const RECONNECT_AFTER_MS = 300;

let server: ServerProcess;
let adminToken: string;
let widgetKey: string;

beforeAll(async () => {
  ({ server, adminToken, widgetKey } = await startManualServer({ env: { KEFU_DRAIN_MS: '3000', KEFU_RECONNECT_AFTER_MS: String(RECONNECT_AFTER_MS) } }));
});

afterAll(async () => {
  await server?.stop();
});

describe('drain on SIGTERM', () => {
  it('tells every client to reconnect, closes them with 4503, exits 0, and a resume after restart loses nothing', async () => {
    const visitor = await helloVisitor(server.wsUrl, widgetKey);
    const sends = [];
    for (let i = 1; i <= 3; i++) sends.push(await sendAndWait(visitor.client, { id: `pre-drain-${i}`, text: `before drain ${i}` }));
    const conv = sends[0]!.conv;
    const agent = await helloAgent(server.wsUrl, adminToken);
    // A connection that never said hello is drained too.
    const anonymous = await TestClient.connect(server.wsUrl);

    const exitCode = server.stop();
    for (const client of [visitor.client, agent.client, anonymous]) {
      const reconnect = await client.waitFor(isType('reconnect'));
      expect(reconnect).toEqual({ t: 'reconnect', reason: 'drain', afterMs: expect.any(Number) });
      // afterMs is the configured delay plus jitter up to the same.
      expect(reconnect.afterMs).toBeGreaterThanOrEqual(RECONNECT_AFTER_MS);
      expect(reconnect.afterMs).toBeLessThanOrEqual(2 * RECONNECT_AFTER_MS);
      expect((await closeOf(client)).code).toBe(4503);
    }
    expect(await exitCode).toBe(0);

    server = await startServer({ dataDir: server.dataDir, env: { KEFU_DRAIN_MS: '3000' } });
    const back = await helloVisitor(server.wsUrl, widgetKey, { visitorToken: visitor.welcome.visitorToken!, resume: { [conv]: 0 } });
    await back.client.waitFor(isSynced(conv));
    const replayed = back.client.frames.flatMap((f) => (f.t === 'msg' && f.conv === conv ? [f.seq] : []));
    expect(replayed).toEqual(sends.map((s) => s.seq));
    expect(back.client.frames.find(isSynced(conv))).toEqual({ t: 'synced', conv, upTo: 3, more: false });
    back.client.close();
  });

  it('refuses new connections while draining and exits 0 once clients have left', async () => {
    const visitor = await helloVisitor(server.wsUrl, widgetKey);
    const exitCode = server.stop();
    await visitor.client.waitFor(isType('reconnect'));
    await expect(TestClient.connect(server.wsUrl)).rejects.toThrow();
    expect((await closeOf(visitor.client)).code).toBe(4503);
    expect(await exitCode).toBe(0);
  });
});
