// Conformance: WebSocket pings every heartbeatMs, and a close for a peer that misses two (PROTOCOL.md "Transport").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { firstWidgetKey, loginAdmin } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { isType } from '../support/ws-client.js';
import { helloVisitor, roundTrip } from './helpers.js';

const HEARTBEAT_MS = 200;

let server: ServerProcess;
let widgetKey: string;

beforeAll(async () => {
  server = await startServer({ env: { KEFU_HEARTBEAT_MS: String(HEARTBEAT_MS) } });
  widgetKey = await firstWidgetKey(server.url, await loginAdmin(server.url));
});

afterAll(async () => {
  await server?.stop();
});

/** A raw client that never answers WebSocket pings (`autoPong: false`, ws ≥ 8.16). */
async function silentClient(): Promise<{ socket: WebSocket; pings: () => number; closed: Promise<number>; frames: unknown[] }> {
  const socket = new WebSocket(server.wsUrl, 'kefu.v1.json', { autoPong: false });
  let pings = 0;
  const frames: unknown[] = [];
  socket.on('ping', () => (pings += 1));
  socket.on('message', (data: WebSocket.RawData) => frames.push(JSON.parse((data as Buffer).toString('utf8'))));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ t: 'hello', v: 1, role: 'visitor', widgetKey }));
  return { socket, pings: () => pings, closed, frames };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms))]);
}

describe('heartbeat', () => {
  it('announces the configured heartbeat in welcome', async () => {
    const { client, welcome } = await helloVisitor(server.wsUrl, widgetKey);
    expect(welcome.heartbeatMs).toBe(HEARTBEAT_MS);
    client.close();
  });

  it('closes a connection that does not answer pings, after about two heartbeats', async () => {
    const silent = await silentClient();
    // Generous: two missed pings plus the beat that notices, with room for a slow machine.
    const code = await within(silent.closed, 20 * HEARTBEAT_MS, 'close of a silent client');
    expect(silent.frames).toContainEqual(expect.objectContaining({ t: 'welcome' }));
    expect(silent.pings()).toBeGreaterThanOrEqual(2);
    // Terminated without a close handshake: the client sees an abnormal close and reconnects.
    expect(code).toBe(1006);
  });

  it('keeps a connection that answers pings open across many heartbeats', async () => {
    const { client } = await helloVisitor(server.wsUrl, widgetKey);
    let pings = 0;
    client.socket.on('ping', () => (pings += 1));
    await new Promise((resolve) => setTimeout(resolve, 8 * HEARTBEAT_MS));
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(client.closed).toBeNull();
    await roundTrip(client);
    client.close();
  });

  it('answers an application-level ping with pong', async () => {
    const { client } = await helloVisitor(server.wsUrl, widgetKey);
    const pong = await client.request({ t: 'ping' }, isType('pong'));
    expect(pong).toEqual({ t: 'pong' });
    client.close();
  });
});
