// Builds a KefuClient on a fake socket for unit tests, and brings it to `open`.
import { vi } from 'vitest';
import { KefuClient, MemoryStorage, type KefuClientOptions, type KeyValueStorage } from '../src/index.js';
import { fakeWebSocket, welcome, type FakeSocket } from './fake-socket.js';
import type { ServerFrame } from '@kefu/protocol';

export interface Harness {
  client: KefuClient;
  sockets: FakeSocket[];
  last: () => FakeSocket;
  storage: KeyValueStorage;
  /** Opens the latest socket and answers its hello with `welcomeFrame`. */
  accept(welcomeFrame?: ServerFrame): FakeSocket;
}

export function harness(
  options: Partial<KefuClientOptions> & { role?: 'visitor' | 'agent'; fake?: ReturnType<typeof fakeWebSocket> } = {},
): Harness {
  const fake = options.fake ?? fakeWebSocket();
  const storage = options.storage ?? new MemoryStorage();
  const role = options.role ?? 'visitor';
  const client = new KefuClient({
    url: 'ws://test/ws',
    hello: () => (role === 'visitor' ? { role: 'visitor', widgetKey: 'wk' } : { role: 'agent', token: 'agent-token' }),
    WebSocket: fake.WebSocket,
    storage,
    backoff: { minMs: 100, maxMs: 1000 },
    pingMs: 0,
    ...options,
  });
  return {
    client,
    sockets: fake.sockets,
    last: fake.last,
    storage,
    accept(welcomeFrame = role === 'visitor' ? welcome() : welcome({ visitorId: undefined, visitorToken: undefined, agentId: 'a1' })) {
      const socket = fake.last();
      socket.open();
      socket.receive(welcomeFrame);
      return socket;
    },
  };
}

/** Lets queued microtasks (change events, acks) run. */
export async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}
